import Foundation
import PaladinCore
import SQLKit

/// Workspaces and their id sequences.
public struct WorkspaceStore: Sendable {
    let sql: any SQLDatabase

    /// A store over `sql` (a database or a transaction).
    public init(_ sql: any SQLDatabase) { self.sql = sql }

    /// The workspace with `key`, if any.
    public func find(key: String) async throws -> Workspace? {
        try await sql.select().columns("*").from("workspaces").where("key", .equal, key).first().map(Self.decode)
    }

    /// Every workspace, by key.
    public func list() async throws -> [Workspace] {
        try await sql.select().columns("*").from("workspaces").orderBy("key").all().map(Self.decode)
    }

    /// Creates a workspace.
    public func create(key: String, name: String, language: String, currency: String, at: Timestamp) async throws -> Workspace {
        let next = try await sql.raw("SELECT COALESCE(MAX(id), 0) + 1 AS id FROM workspaces").first()
        let id = try next?.decode(column: "id", as: Int64.self) ?? 1
        let workspace = Workspace(id: id, key: key, name: name, language: language, currency: currency, createdAt: at)
        try await sql.insert(into: "workspaces")
            .columns("id", "key", "name", "language", "currency", "created_at")
            .values(SQLBind(id), SQLBind(key), SQLBind(name), SQLBind(language), SQLBind(currency), SQLBind(at.seconds))
            .run()
        return workspace
    }

    static func decode(_ row: any SQLRow) throws -> Workspace {
        Workspace(
            id: try row.decode(column: "id", as: Int64.self),
            key: try row.decode(column: "key", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            language: try row.decode(column: "language", as: String.self),
            currency: try row.decode(column: "currency", as: String.self),
            createdAt: Timestamp(seconds: try row.decode(column: "created_at", as: Int64.self))
        )
    }
}

/// Hands out ids per workspace and table, in blocks, so bulk imports reserve many at once.
public struct IdAllocator: Sendable {
    let sql: any SQLDatabase

    /// An allocator over `sql`; call it inside the transaction that uses the ids.
    public init(_ sql: any SQLDatabase) { self.sql = sql }

    /// Reserves `count` consecutive ids for `table` and returns the first.
    public func reserve(_ table: String, count: Int = 1, workspace: Int64) async throws -> Int64 {
        precondition(count > 0)
        let updated = try await sql.raw(
            "UPDATE sequences SET next_value = next_value + \(bind: Int64(count)) WHERE workspace_id = \(bind: workspace) AND name = \(bind: table) RETURNING next_value"
        ).first()
        if let updated {
            return try updated.decode(column: "next_value", as: Int64.self) - Int64(count)
        }
        try await sql.insert(into: "sequences").columns("workspace_id", "name", "next_value")
            .values(SQLBind(workspace), SQLBind(table), SQLBind(Int64(count) + 1)).run()
        return 1
    }
}

extension Clock {
    /// The machine's clock.
    public static let system = Clock { Timestamp(seconds: Int64(Date().timeIntervalSince1970.rounded(.down))) }
}

func currentSeconds() -> Int64 { Clock.system.now().seconds }

extension WorkspaceStore {
    /// The workspace with `id`, if any.
    public func find(id: Int64) async throws -> Workspace? {
        try await sql.select().columns("*").from("workspaces").where("id", .equal, id).first().map(Self.decode)
    }
}
