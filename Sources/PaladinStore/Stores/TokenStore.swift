import PaladinCore
import SQLKit

/// API tokens of one workspace, stored as hashes.
public struct TokenStore: Sendable {
    let sql: any SQLDatabase
    let workspace: Int64

    /// A store over `sql` (a database or a transaction) for one workspace.
    public init(_ sql: any SQLDatabase, workspace: Int64) {
        self.sql = sql
        self.workspace = workspace
    }

    /// Stores a new token.
    public func insert(_ token: APIToken) async throws {
        try await sql.insert(into: "api_tokens")
            .columns("workspace_id", "id", "member_id", "name", "token_hash", "created_at", "revoked_at", "last_used_at")
            .values(
                SQLBind(workspace), SQLBind(token.id), SQLBind(token.memberId), SQLBind(token.name), SQLBind(token.tokenHash),
                SQLBind(token.createdAt.seconds), SQLBind(token.revokedAt?.seconds), SQLBind(token.lastUsedAt?.seconds))
            .run()
    }

    /// The token with `id`, if any.
    public func find(id: Int64) async throws -> APIToken? {
        try await sql.select().columns("*").from("api_tokens").where("workspace_id", .equal, workspace)
            .where("id", .equal, id).first().map(Self.decode)
    }

    /// The token named `name`, if any.
    public func find(name: String) async throws -> APIToken? {
        try await sql.select().columns("*").from("api_tokens").where("workspace_id", .equal, workspace)
            .where("name", .equal, name).first().map(Self.decode)
    }

    /// Every token of the workspace, by id.
    public func list() async throws -> [APIToken] {
        try await sql.select().columns("*").from("api_tokens").where("workspace_id", .equal, workspace)
            .orderBy("id").all().map(Self.decode)
    }

    /// Marks a token revoked at `at` (a revoked token stays revoked).
    public func revoke(id: Int64, at: Timestamp) async throws {
        try await sql.raw("""
            UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, \(bind: at.seconds))
            WHERE workspace_id = \(bind: workspace) AND id = \(bind: id)
            """).run()
    }

    /// Records that the token was used.
    public func touch(id: Int64, at: Timestamp) async throws {
        try await sql.update("api_tokens").set("last_used_at", to: at.seconds)
            .where("workspace_id", .equal, workspace).where("id", .equal, id).run()
    }

    static func decode(_ row: any SQLRow) throws -> APIToken {
        APIToken(
            id: try row.decode(column: "id", as: Int64.self),
            workspaceId: try row.decode(column: "workspace_id", as: Int64.self),
            memberId: try row.decode(column: "member_id", as: Int64.self),
            name: try row.decode(column: "name", as: String.self),
            tokenHash: try row.decode(column: "token_hash", as: String.self),
            createdAt: Timestamp(seconds: try row.decode(column: "created_at", as: Int64.self)),
            revokedAt: try row.decode(column: "revoked_at", as: Int64?.self).map(Timestamp.init(seconds:)),
            lastUsedAt: try row.decode(column: "last_used_at", as: Int64?.self).map(Timestamp.init(seconds:)))
    }
}
