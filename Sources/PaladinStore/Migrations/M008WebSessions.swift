/// Sign-in sessions of the web application. Keyed by workspace first, then the SHA-256 of the session's secret:
/// the cookie's secret is never stored. A session ends with its expiry, its sign-out, or its member's removal.
/// Numbered 11 (8–10 are taken by work landing beside it); it stands right after M007 in ``Migrator/all``.
struct M008WebSessions: Migration {
    let version = 8
    let name = "web sessions"
    let statements = [
        """
        CREATE TABLE web_sessions (workspace_id BIGINT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
          session_hash TEXT NOT NULL, member_id BIGINT NOT NULL, csrf_token TEXT NOT NULL, language TEXT,
          created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL,
          PRIMARY KEY (workspace_id, session_hash),
          FOREIGN KEY (workspace_id, member_id) REFERENCES workspace_members (workspace_id, member_id) ON DELETE CASCADE)
        """,
        "CREATE INDEX web_sessions_expiry ON web_sessions (workspace_id, expires_at)",
    ]
}
