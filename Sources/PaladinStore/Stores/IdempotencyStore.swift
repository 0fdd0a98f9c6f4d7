import Crypto
import PaladinCore
import SQLKit

/// A POST made with an `Idempotency-Key`: who sent what, and the answer once there is one.
public struct IdempotencyRecord: Sendable, Hashable {
    public var key: String
    public var memberId: Int64
    public var method: String
    public var path: String
    /// SHA-256 of the request body, in hex.
    public var bodyHash: String
    /// The HTTP status answered; 0 while the first request is still being handled.
    public var status: Int
    public var responseBody: String?
    public var contentType: String?
    public var createdAt: Timestamp

    /// A record.
    public init(
        key: String, memberId: Int64, method: String, path: String, bodyHash: String, status: Int = 0,
        responseBody: String? = nil, contentType: String? = nil, createdAt: Timestamp
    ) {
        self.key = key
        self.memberId = memberId
        self.method = method
        self.path = path
        self.bodyHash = bodyHash
        self.status = status
        self.responseBody = responseBody
        self.contentType = contentType
        self.createdAt = createdAt
    }

    /// Whether `other` is the same request again: same member, method, path and body.
    public func isRepeat(of other: IdempotencyRecord) -> Bool {
        memberId == other.memberId && method == other.method && path == other.path && bodyHash == other.bodyHash
    }

    /// The hex SHA-256 of a body.
    public static func hash(of bytes: some Sequence<UInt8>) -> String {
        SHA256.hash(data: Array(bytes)).map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }
}

/// Idempotency keys of one workspace.
public struct IdempotencyStore: Sendable {
    let sql: any SQLDatabase
    let workspace: Int64

    /// A store over `sql` for one workspace.
    public init(_ sql: any SQLDatabase, workspace: Int64) {
        self.sql = sql
        self.workspace = workspace
    }

    /// The record of `key`, if any.
    public func find(key: String) async throws -> IdempotencyRecord? {
        guard let row = try await sql.select().columns("*").from("idempotency_keys").where("workspace_id", .equal, workspace)
            .where("key", .equal, key).first()
        else { return nil }
        return IdempotencyRecord(
            key: try row.decode(column: "key", as: String.self), memberId: try row.decode(column: "member_id", as: Int64.self),
            method: try row.decode(column: "method", as: String.self), path: try row.decode(column: "path", as: String.self),
            bodyHash: try row.decode(column: "body_hash", as: String.self), status: try row.decode(column: "status", as: Int.self),
            responseBody: try row.decode(column: "response_body", as: String?.self),
            contentType: try row.decode(column: "content_type", as: String?.self),
            createdAt: Timestamp(seconds: try row.decode(column: "created_at", as: Int64.self)))
    }

    /// How long an answer is kept for its key: a retry within a day gets it again; after that the key is new.
    public static let answerLifetime: Int64 = 86_400
    /// How long a claim may stay unanswered: a request that has not finished in ten minutes died with its process
    /// (a crash, a kill), and a retry may run.
    public static let claimLifetime: Int64 = 600

    /// Claims `record.key` for a request about to run; false when the key is taken already (and not expired).
    public func claim(_ record: IdempotencyRecord) async throws -> Bool {
        let now = record.createdAt.seconds
        try await sql.raw("""
            DELETE FROM idempotency_keys WHERE workspace_id = \(bind: workspace) AND key = \(bind: record.key)
              AND (created_at < \(bind: now - Self.answerLifetime) OR (status = 0 AND created_at < \(bind: now - Self.claimLifetime)))
            """).run()
        let rows = try await sql.raw("""
            INSERT INTO idempotency_keys (workspace_id, key, member_id, method, path, body_hash, status, created_at)
            VALUES (\(bind: workspace), \(bind: record.key), \(bind: record.memberId), \(bind: record.method), \(bind: record.path),
              \(bind: record.bodyHash), 0, \(bind: record.createdAt.seconds))
            ON CONFLICT (workspace_id, key) DO NOTHING RETURNING key
            """).all()
        return !rows.isEmpty
    }

    /// Stores the answer to the claimed request.
    public func complete(key: String, status: Int, body: String, contentType: String?) async throws {
        try await sql.update("idempotency_keys").set("status", to: status).set("response_body", to: body)
            .set("content_type", to: contentType).where("workspace_id", .equal, workspace).where("key", .equal, key).run()
    }

    /// Gives a claimed key back (the request failed and wrote nothing), so a retry runs again.
    public func release(key: String) async throws {
        try await sql.delete(from: "idempotency_keys").where("workspace_id", .equal, workspace).where("key", .equal, key)
            .where("status", .equal, 0).run()
    }
}
