import PaladinCore
import SQLKit

/// The settings an owner changes besides adding members and tokens: a member's role, removing a member, the workspace's
/// language. The same rule as ``Access/addMember(email:name:password:role:workspace:hasher:mayResetPassword:)``: a
/// workspace never loses its last owner (409).
extension Access {
    /// Gives the member with `id` the role `role` in the workspace; not found unless they belong to it.
    public func changeRole(member id: Int64, to role: MemberRole, workspace key: String) async throws -> Member {
        try await database.transaction { sql in
            let workspace = try await Self.workspace(key, sql: sql)
            let (member, current) = try await Self.member(id, of: workspace, key: key, sql: sql)
            if current == .owner, role != .owner {
                try await Self.requireAnotherOwner(member, workspace: workspace, key: key, sql: sql)
            }
            try await MemberStore(sql).setRole(role, member: member.id, workspace: workspace.id)
            return member
        }
    }

    /// Removes the member with `id` from the workspace: their tokens and web sessions there end with it. The member
    /// stays in other workspaces.
    public func removeMember(_ id: Int64, workspace key: String) async throws -> Member {
        try await database.transaction { sql in
            let workspace = try await Self.workspace(key, sql: sql)
            let (member, current) = try await Self.member(id, of: workspace, key: key, sql: sql)
            if current == .owner { try await Self.requireAnotherOwner(member, workspace: workspace, key: key, sql: sql) }
            // The foreign keys cascade too; deleting explicitly keeps the rule visible and backend-independent.
            try await sql.delete(from: "web_sessions").where("workspace_id", .equal, workspace.id).where("member_id", .equal, member.id).run()
            try await sql.delete(from: "api_tokens").where("workspace_id", .equal, workspace.id).where("member_id", .equal, member.id).run()
            try await sql.delete(from: "workspace_members").where("workspace_id", .equal, workspace.id)
                .where("member_id", .equal, member.id).run()
            return member
        }
    }

    /// Sets the language the workspace's members see unless they chose their own.
    public func setLanguage(_ language: String, workspace key: String) async throws {
        guard LocalizedText.supportedLanguages.contains(language) else {
            throw PaladinError.invalid(
                field: "language", message: "'\(language)' is not one of \(LocalizedText.supportedLanguages.joined(separator: ", "))")
        }
        try await database.transaction { sql in
            let workspace = try await Self.workspace(key, sql: sql)
            try await sql.update("workspaces").set("language", to: language).where("id", .equal, workspace.id).run()
        }
    }

    /// Whether `text` passes the same email check as ``addMember(email:name:password:role:workspace:hasher:mayResetPassword:)``.
    public static func isEmailAddress(_ text: String) -> Bool { isEmail(text.trimmingSpaces.lowercased()) }

    /// The member with `id` and their role in `workspace`; not found when they are not its member (another workspace's
    /// member is never shown, never changed).
    static func member(_ id: Int64, of workspace: Workspace, key: String, sql: any SQLDatabase) async throws -> (Member, MemberRole) {
        let members = MemberStore(sql)
        guard let member = try await members.find(id: id), let role = try await members.role(member: id, workspace: workspace.id) else {
            throw PaladinError.notFound("no member \(id) in workspace '\(key)'")
        }
        return (member, role)
    }

    static func requireAnotherOwner(_ member: Member, workspace: Workspace, key: String, sql: any SQLDatabase) async throws {
        if try await MemberStore(sql).list(workspace: workspace.id).filter({ $0.1 == .owner }).count <= 1 {
            throw PaladinError.conflict("'\(member.email)' is the last owner of workspace '\(key)'; make someone else owner first")
        }
    }
}

extension WorkspaceSession {
    /// A subscription's latest deliveries, newest first.
    public func recentDeliveries(webhook: Int64, limit: Int) async throws -> [WebhookDelivery] {
        _ = try await self.webhook(webhook)
        return try await database.sql.select().columns("*").from("webhook_deliveries").where("workspace_id", .equal, id)
            .where("webhook_id", .equal, webhook).orderBy("id", .descending).limit(limit).all().map(WebhookStore.decodeDelivery)
    }
}
