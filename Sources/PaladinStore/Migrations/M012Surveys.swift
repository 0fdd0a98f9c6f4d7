/// Survey campaigns customers answer themselves: the campaign and its question set, one invitation per customer
/// (only the SHA-256 of its link's secret is stored), at most one answer per invitation (the primary key enforces it,
/// whatever the timing of two submits), what was sent by mail, and a workspace's SMTP relay.
/// Numbered 12: 11 and 13 are taken by work landing beside it. Plain SQL that SQLite and PostgreSQL both accept.
struct M012Surveys: Migration {
    let version = 12
    let name = "surveys"
    let statements = [
        """
        CREATE TABLE survey_campaigns (workspace_id BIGINT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
          id BIGINT NOT NULL, name TEXT NOT NULL, questions TEXT NOT NULL, selection TEXT NOT NULL, valid_until TEXT NOT NULL,
          follow_up_days BIGINT NOT NULL, status TEXT NOT NULL, created_by TEXT NOT NULL, created_at BIGINT NOT NULL,
          PRIMARY KEY (workspace_id, id), CHECK (status IN ('open', 'closed')))
        """,
        """
        CREATE TABLE survey_invitations (workspace_id BIGINT NOT NULL, id BIGINT NOT NULL, campaign_id BIGINT NOT NULL,
          customer_id BIGINT NOT NULL, token_hash TEXT, issued_at BIGINT, PRIMARY KEY (workspace_id, id),
          FOREIGN KEY (workspace_id, campaign_id) REFERENCES survey_campaigns (workspace_id, id) ON DELETE CASCADE,
          FOREIGN KEY (workspace_id, customer_id) REFERENCES customers (workspace_id, id) ON DELETE CASCADE)
        """,
        "CREATE UNIQUE INDEX survey_invitations_customer ON survey_invitations (workspace_id, campaign_id, customer_id)",
        // A link names no workspace (nothing internal in it), so the public page finds its invitation by the hash alone.
        "CREATE UNIQUE INDEX survey_invitations_token ON survey_invitations (token_hash)",
        """
        CREATE TABLE survey_answers (workspace_id BIGINT NOT NULL, invitation_id BIGINT NOT NULL, campaign_id BIGINT NOT NULL,
          customer_id BIGINT NOT NULL, score INTEGER NOT NULL, comment TEXT, extra_answers TEXT NOT NULL, language TEXT NOT NULL,
          answered_at BIGINT NOT NULL, survey_response_id BIGINT NOT NULL, follow_up_id BIGINT, champion_candidate INTEGER NOT NULL,
          PRIMARY KEY (workspace_id, invitation_id),
          FOREIGN KEY (workspace_id, invitation_id) REFERENCES survey_invitations (workspace_id, id) ON DELETE CASCADE,
          CHECK (score BETWEEN 0 AND 10))
        """,
        "CREATE INDEX survey_answers_campaign ON survey_answers (workspace_id, campaign_id, answered_at)",
        """
        CREATE TABLE survey_deliveries (workspace_id BIGINT NOT NULL, id BIGINT NOT NULL, invitation_id BIGINT NOT NULL,
          recipient TEXT NOT NULL, status TEXT NOT NULL, detail TEXT, at BIGINT NOT NULL, PRIMARY KEY (workspace_id, id),
          FOREIGN KEY (workspace_id, invitation_id) REFERENCES survey_invitations (workspace_id, id) ON DELETE CASCADE,
          CHECK (status IN ('sent', 'failed')))
        """,
        "CREATE INDEX survey_deliveries_invitation ON survey_deliveries (workspace_id, invitation_id, id)",
        """
        CREATE TABLE survey_smtp (workspace_id BIGINT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
          host TEXT NOT NULL, port BIGINT NOT NULL, from_address TEXT NOT NULL, updated_at BIGINT NOT NULL,
          PRIMARY KEY (workspace_id))
        """,
    ]
}
