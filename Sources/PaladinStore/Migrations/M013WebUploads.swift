/// Files uploaded through the web application's Import page, kept on the server between the validation report and
/// the member's confirmation (never sent back through the browser). Keyed by workspace first, then a random upload
/// id; a row belongs to the member who uploaded it. The file's text is kept until it is imported or expires; after the
/// import the row keeps only the counts (the receipt the page shows), and expired rows are deleted.
/// Portable SQL only (BIGINT, TEXT): the same statements run on SQLite and PostgreSQL.
/// Numbered 13 (11 and 12 are taken by work landing beside it); it stands right after M010 in ``Migrator/all``.
struct M013WebUploads: Migration {
    let version = 13
    let name = "web uploads"
    let statements = [
        """
        CREATE TABLE web_uploads (workspace_id BIGINT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
          upload_id TEXT NOT NULL, member_id BIGINT NOT NULL, kind TEXT NOT NULL, file_name TEXT NOT NULL,
          content TEXT NOT NULL, byte_count BIGINT NOT NULL, date_format TEXT, decimal_comma BIGINT NOT NULL,
          skip_invalid BIGINT NOT NULL, status TEXT NOT NULL, claim_token TEXT,
          rows_read BIGINT, rows_imported BIGINT, customers_created BIGINT, customers_updated BIGINT, rows_skipped BIGINT,
          created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, imported_at BIGINT,
          PRIMARY KEY (workspace_id, upload_id),
          FOREIGN KEY (workspace_id, member_id) REFERENCES workspace_members (workspace_id, member_id) ON DELETE CASCADE)
        """,
        "CREATE INDEX web_uploads_expiry ON web_uploads (expires_at)",
        "CREATE INDEX web_uploads_member ON web_uploads (workspace_id, member_id, imported_at)",
    ]
}
