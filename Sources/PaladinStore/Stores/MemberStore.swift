import PaladinCore
import SQLKit

/// Members (global) and their roles per workspace.
public struct MemberStore: Sendable {
    let sql: any SQLDatabase

    /// A store over `sql` (a database or a transaction).
    public init(_ sql: any SQLDatabase) { self.sql = sql }

    /// The member with `email` (compared lower-case), if any.
    public func find(email: String) async throws -> Member? {
        try await sql.select().columns("*").from("members").where("email", .equal, email.lowercased()).first().map(Self.decode)
    }

    /// The member with `id`, if any.
    public func find(id: Int64) async throws -> Member? {
        try await sql.select().columns("*").from("members").where("id", .equal, id).first().map(Self.decode)
    }

    /// Creates a member.
    public func create(email: String, name: String, passwordHash: String, at: Timestamp) async throws -> Member {
        let next = try await sql.raw("SELECT COALESCE(MAX(id), 0) + 1 AS id FROM members").first()
        let id = try next?.decode(column: "id", as: Int64.self) ?? 1
        let member = Member(id: id, email: email.lowercased(), name: name, passwordHash: passwordHash, createdAt: at)
        try await sql.insert(into: "members").columns("id", "email", "name", "password_hash", "created_at")
            .values(SQLBind(id), SQLBind(member.email), SQLBind(name), SQLBind(passwordHash), SQLBind(at.seconds)).run()
        return member
    }

    /// Replaces a member's password hash.
    public func setPasswordHash(_ hash: String, member: Int64) async throws {
        try await sql.update("members").set("password_hash", to: hash).where("id", .equal, member).run()
    }

    /// The member's role in a workspace, if they belong to it.
    public func role(member: Int64, workspace: Int64) async throws -> MemberRole? {
        let row = try await sql.select().column("role").from("workspace_members")
            .where("workspace_id", .equal, workspace).where("member_id", .equal, member).first()
        return try row.flatMap { MemberRole(rawValue: try $0.decode(column: "role", as: String.self)) }
    }

    /// Gives a member `role` in a workspace (replacing the role they had there).
    public func setRole(_ role: MemberRole, member: Int64, workspace: Int64) async throws {
        try await sql.raw("""
            INSERT INTO workspace_members (workspace_id, member_id, role) VALUES (\(bind: workspace), \(bind: member), \(bind: role.rawValue))
            ON CONFLICT (workspace_id, member_id) DO UPDATE SET role = excluded.role
            """).run()
    }

    /// The members of a workspace with their roles, by email.
    public func list(workspace: Int64) async throws -> [(Member, MemberRole)] {
        try await sql.raw("""
            SELECT m.*, wm.role FROM members m JOIN workspace_members wm ON wm.member_id = m.id
            WHERE wm.workspace_id = \(bind: workspace) ORDER BY m.email
            """).all().map { row in
            (try Self.decode(row), MemberRole(rawValue: try row.decode(column: "role", as: String.self)) ?? .viewer)
        }
    }

    static func decode(_ row: any SQLRow) throws -> Member {
        Member(
            id: try row.decode(column: "id", as: Int64.self),
            email: try row.decode(column: "email", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            passwordHash: try row.decode(column: "password_hash", as: String.self),
            createdAt: Timestamp(seconds: try row.decode(column: "created_at", as: Int64.self)))
    }
}
