/// Members, their roles per workspace, and API tokens.
/// `members` is global (one person may belong to several workspaces); everything else is keyed by workspace first.
/// Tokens are stored only as the SHA-256 of their secret part.
struct M003Members: Migration {
    let version = 3
    let name = "members"
    let statements = [
        """
        CREATE TABLE members (id BIGINT PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
          password_hash TEXT NOT NULL, created_at BIGINT NOT NULL)
        """,
        """
        CREATE TABLE workspace_members (workspace_id BIGINT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
          member_id BIGINT NOT NULL REFERENCES members (id) ON DELETE CASCADE, role TEXT NOT NULL,
          PRIMARY KEY (workspace_id, member_id),
          CHECK (role IN ('owner', 'manager', 'agent', 'viewer')))
        """,
        "CREATE INDEX workspace_members_member ON workspace_members (member_id)",
        """
        CREATE TABLE api_tokens (workspace_id BIGINT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
          id BIGINT NOT NULL, member_id BIGINT NOT NULL, name TEXT NOT NULL, token_hash TEXT NOT NULL,
          created_at BIGINT NOT NULL, revoked_at BIGINT, last_used_at BIGINT,
          PRIMARY KEY (workspace_id, id),
          FOREIGN KEY (workspace_id, member_id) REFERENCES workspace_members (workspace_id, member_id) ON DELETE CASCADE)
        """,
        "CREATE UNIQUE INDEX api_tokens_name ON api_tokens (workspace_id, name)",
    ]
}
