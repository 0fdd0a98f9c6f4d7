/// Responses to POSTs made with an `Idempotency-Key`, so a client retrying after a timeout never records twice.
/// Keyed by workspace first, then the client's key; `status` 0 marks a request still in progress.
struct M004Idempotency: Migration {
    let version = 4
    let name = "idempotency"
    let statements = [
        """
        CREATE TABLE idempotency_keys (workspace_id BIGINT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
          key TEXT NOT NULL, member_id BIGINT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL, body_hash TEXT NOT NULL,
          status INTEGER NOT NULL, response_body TEXT, content_type TEXT, created_at BIGINT NOT NULL,
          PRIMARY KEY (workspace_id, key))
        """,
    ]
}
