/// Webhooks: a workspace's subscriptions to events, the outbox of their deliveries, and which follow-ups have had
/// their `follow_up.due` event. Deliveries are written in the same transaction as the change that causes them.
struct M006Webhooks: Migration {
    let version = 6
    let name = "webhooks"
    let statements = [
        """
        CREATE TABLE webhooks (workspace_id BIGINT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
          id BIGINT NOT NULL, url TEXT NOT NULL, events TEXT NOT NULL, secret TEXT NOT NULL, active INTEGER NOT NULL,
          description TEXT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, PRIMARY KEY (workspace_id, id))
        """,
        """
        CREATE TABLE webhook_deliveries (workspace_id BIGINT NOT NULL, id BIGINT NOT NULL, webhook_id BIGINT NOT NULL,
          event_id TEXT NOT NULL, event_type TEXT NOT NULL, payload TEXT NOT NULL, status TEXT NOT NULL,
          attempts INTEGER NOT NULL, next_attempt_at BIGINT, last_status_code INTEGER, last_error TEXT,
          created_at BIGINT NOT NULL, delivered_at BIGINT, PRIMARY KEY (workspace_id, id),
          FOREIGN KEY (workspace_id, webhook_id) REFERENCES webhooks (workspace_id, id) ON DELETE CASCADE,
          CHECK (status IN ('pending', 'delivered', 'failed')))
        """,
        "CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (workspace_id, webhook_id, id)",
        // The dispatcher serves every workspace, so it looks for due deliveries across them.
        "CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at)",
        """
        CREATE TABLE follow_up_notices (workspace_id BIGINT NOT NULL, follow_up_id BIGINT NOT NULL, emitted_at BIGINT NOT NULL,
          PRIMARY KEY (workspace_id, follow_up_id),
          FOREIGN KEY (workspace_id, follow_up_id) REFERENCES follow_ups (workspace_id, id) ON DELETE CASCADE)
        """,
        // The due follow-ups scan also runs across workspaces.
        "CREATE INDEX follow_ups_open_due ON follow_ups (done_at, due_on)",
    ]
}
