import PaladinCore
import SQLKit

/// A CSV file uploaded on the web Import page, kept on the server until its member confirms it or it expires.
public struct WebUpload: Sendable, Hashable {
    /// Where an upload is in its life.
    public enum Status: String, Sendable {
        /// Validated and shown to its member; waiting for the confirmation.
        case pending
        /// A confirmation is writing it right now.
        case importing
        /// Written; only the counts are kept.
        case imported
    }

    /// The random id the confirm form carries.
    public var id: String
    /// The member who uploaded it (only they may confirm it).
    public var memberId: Int64
    /// What the file holds.
    public var kind: ImportKind
    /// The file's name as the browser sent it (for messages).
    public var fileName: String
    /// The file's text (empty once imported).
    public var content: String
    /// The file's size in bytes.
    public var byteCount: Int64
    /// How values are written (the options the report was made with).
    public var dateFormat: String?
    public var decimalComma: Bool
    /// Whether the member was shown bad rows and chose to import only the valid ones.
    public var skipInvalid: Bool
    public var status: Status
    /// The counts of the import, once done.
    public var result: WebUploadResult?
    public var createdAt: Timestamp
    public var expiresAt: Timestamp
}

/// What a confirmed import wrote.
public struct WebUploadResult: Sendable, Hashable {
    public var rowsRead: Int
    public var imported: Int
    public var created: Int
    public var updated: Int
    public var skipped: Int

    /// Counts.
    public init(rowsRead: Int, imported: Int, created: Int, updated: Int, skipped: Int) {
        self.rowsRead = rowsRead
        self.imported = imported
        self.created = created
        self.updated = updated
        self.skipped = skipped
    }
}

/// Why a confirmation cannot go ahead.
public enum WebUploadClaimError: Error, Sendable, Equatable {
    /// No such upload for this member in this workspace (or it expired).
    case notFound
    /// It was imported already, or another confirmation is writing it.
    case alreadyConfirmed
}

/// The uploads of the web Import page: keep, find, claim for the one confirmation, record the result, sweep expired.
public struct WebUploads: Sendable {
    /// The open database.
    public let database: PaladinDatabase
    /// Where "now" comes from.
    public let clock: Clock

    /// How long an upload waits for its confirmation: one hour.
    public static let lifetime: Int64 = 60 * 60

    /// Uploads over `database`.
    public init(database: PaladinDatabase, clock: Clock = .system) {
        self.database = database
        self.clock = clock
    }

    /// Keeps a validated file for `member` of `workspace`; returns its new random id. Expired uploads (of every
    /// workspace) are deleted at the same time.
    public func keep(
        workspace: Int64, member: Int64, kind: ImportKind, fileName: String, content: String, byteCount: Int,
        dateFormat: String?, decimalComma: Bool, skipInvalid: Bool
    ) async throws -> String {
        let id = WebSessionSecret.randomToken()
        let now = clock.now().seconds
        try await database.transaction { sql in
            try await sql.delete(from: "web_uploads").where("expires_at", .lessThanOrEqual, now).run()
            try await sql.insert(into: "web_uploads")
                .columns("workspace_id", "upload_id", "member_id", "kind", "file_name", "content", "byte_count", "date_format",
                         "decimal_comma", "skip_invalid", "status", "created_at", "expires_at")
                .values(
                    SQLBind(workspace), SQLBind(id), SQLBind(member), SQLBind(kind.rawValue), SQLBind(fileName), SQLBind(content),
                    SQLBind(Int64(byteCount)), SQLBind(dateFormat), SQLBind(decimalComma ? 1 : 0), SQLBind(skipInvalid ? 1 : 0),
                    SQLBind(WebUpload.Status.pending.rawValue), SQLBind(now), SQLBind(now + Self.lifetime))
                .run()
        }
        return id
    }

    /// The upload `id` of `member` in `workspace`; nil when another member's, another workspace's, unknown or expired.
    public func find(workspace: Int64, member: Int64, id: String) async throws -> WebUpload? {
        guard let row = try await database.sql.select().columns("*").from("web_uploads")
            .where("workspace_id", .equal, workspace).where("upload_id", .equal, id).where("member_id", .equal, member)
            .first()
        else { return nil }
        let upload = try Self.decode(row)
        return upload.expiresAt.seconds > clock.now().seconds ? upload : nil
    }

    /// The member's most recent finished import in `workspace` (the receipt the page shows after a confirmation).
    public func lastImported(workspace: Int64, member: Int64) async throws -> WebUpload? {
        try await database.sql.select().columns("*").from("web_uploads")
            .where("workspace_id", .equal, workspace).where("member_id", .equal, member)
            .where("status", .equal, WebUpload.Status.imported.rawValue)
            .orderBy("imported_at", .descending).limit(1).first().map(Self.decode)
    }

    /// Claims a pending upload for one confirmation: exactly one of any number of concurrent claims wins (a random
    /// token written only while the row is still pending, then read back). Returns the upload to write.
    public func claim(workspace: Int64, member: Int64, id: String) async throws -> WebUpload {
        let token = WebSessionSecret.randomToken()
        let now = clock.now().seconds
        return try await database.transaction { sql in
            try await sql.update("web_uploads")
                .set("status", to: WebUpload.Status.importing.rawValue).set("claim_token", to: token)
                .where("workspace_id", .equal, workspace).where("upload_id", .equal, id).where("member_id", .equal, member)
                .where("status", .equal, WebUpload.Status.pending.rawValue).where("expires_at", .greaterThan, now)
                .run()
            guard let row = try await sql.select().columns("*").from("web_uploads")
                .where("workspace_id", .equal, workspace).where("upload_id", .equal, id).where("member_id", .equal, member).first()
            else { throw WebUploadClaimError.notFound }
            let upload = try Self.decode(row)
            if try row.decode(column: "claim_token", as: String?.self) == token { return upload }
            if upload.status != .pending { throw WebUploadClaimError.alreadyConfirmed }
            throw WebUploadClaimError.notFound
        }
    }

    /// Gives a claimed upload back (its import was refused): it may be confirmed again, importing the valid rows only
    /// when `skipInvalid`.
    public func release(workspace: Int64, id: String, skipInvalid: Bool) async throws {
        try await database.transaction { sql in
            try await sql.update("web_uploads")
                .set("status", to: WebUpload.Status.pending.rawValue).set("claim_token", to: SQLLiteral.null)
                .set("skip_invalid", to: skipInvalid ? 1 : 0)
                .where("workspace_id", .equal, workspace).where("upload_id", .equal, id).run()
        }
    }

    /// Records a claimed upload as imported with its counts and drops its text.
    public func finish(workspace: Int64, id: String, result: WebUploadResult) async throws {
        let now = clock.now().seconds
        try await database.transaction { sql in
            try await sql.update("web_uploads")
                .set("status", to: WebUpload.Status.imported.rawValue).set("content", to: "")
                .set("rows_read", to: Int64(result.rowsRead)).set("rows_imported", to: Int64(result.imported))
                .set("customers_created", to: Int64(result.created)).set("customers_updated", to: Int64(result.updated))
                .set("rows_skipped", to: Int64(result.skipped)).set("imported_at", to: now)
                .where("workspace_id", .equal, workspace).where("upload_id", .equal, id).run()
        }
    }

    static func decode(_ row: any SQLRow) throws -> WebUpload {
        let kindText = try row.decode(column: "kind", as: String.self)
        guard let kind = ImportKind(rawValue: kindText),
              let status = WebUpload.Status(rawValue: try row.decode(column: "status", as: String.self))
        else { throw StoreError.database("web_uploads holds an unknown kind or status '\(kindText)'") }
        var result: WebUploadResult?
        if let read = try row.decode(column: "rows_read", as: Int?.self) {
            result = WebUploadResult(
                rowsRead: read, imported: try row.decode(column: "rows_imported", as: Int?.self) ?? 0,
                created: try row.decode(column: "customers_created", as: Int?.self) ?? 0,
                updated: try row.decode(column: "customers_updated", as: Int?.self) ?? 0,
                skipped: try row.decode(column: "rows_skipped", as: Int?.self) ?? 0)
        }
        return WebUpload(
            id: try row.decode(column: "upload_id", as: String.self), memberId: try row.decode(column: "member_id", as: Int64.self),
            kind: kind, fileName: try row.decode(column: "file_name", as: String.self),
            content: try row.decode(column: "content", as: String.self), byteCount: try row.decode(column: "byte_count", as: Int64.self),
            dateFormat: try row.decode(column: "date_format", as: String?.self),
            decimalComma: try row.decode(column: "decimal_comma", as: Int.self) != 0,
            skipInvalid: try row.decode(column: "skip_invalid", as: Int.self) != 0, status: status, result: result,
            createdAt: Timestamp(seconds: try row.decode(column: "created_at", as: Int64.self)),
            expiresAt: Timestamp(seconds: try row.decode(column: "expires_at", as: Int64.self)))
    }
}
