import Hummingbird
import PaladinCore
import PaladinStore
import PaladinViews

/// Members and API tokens of the token's workspace, for its owners: list and add members, list, create and revoke tokens.
enum MemberRoutes {
    struct NewMemberBody: Decodable {
        let email: String
        let name: String?
        let role: MemberRole
        let password: String?
    }

    struct NewTokenBody: Decodable {
        let member: String
        let name: String
    }

    struct MemberView: Encodable {
        let id: Int64
        let email: String
        let name: String
        let role: String
    }

    /// Optional keys are written as null so clients can rely on them.
    struct TokenView: NullPreservingEncodable {
        let id: Int64
        let name: String
        let member: String
        let created_at: String
        let revoked_at: String?
        let last_used_at: String?
        /// The token itself: only in the answer that creates it, never again.
        let token: String?
    }

    static func add(to api: RouterGroup<MemberContext>, database: PaladinDatabase, hasher: any PasswordHasher) {
        let access = Access(database: database)
        api.get("/members") { _, context in
            try context.requireOwner()
            let members = try await access.members(workspace: context.principal.workspace.key)
            return try Body.json(["items": members.map { MemberView(id: $0.0.id, email: $0.0.email, name: $0.0.name, role: $0.1.rawValue) }])
        }
        api.post("/members") { request, context in
            try context.requireOwner()
            let body = try await Body.decode(NewMemberBody.self, from: request, context: context)
            let (member, created) = try await access.addMember(
                email: body.email, name: body.name, password: body.password, role: body.role,
                workspace: context.principal.workspace.key, hasher: hasher, mayResetPassword: false)
            return try Body.json(MemberView(id: member.id, email: member.email, name: member.name, role: body.role.rawValue),
                                 status: created ? .created : .ok)
        }
        api.get("/tokens") { _, context in
            try context.requireOwner()
            let tokens = try await access.tokens(workspace: context.principal.workspace.key)
            return try Body.json(["items": tokens.map { view($0.0, member: $0.1, text: nil) }])
        }
        api.post("/tokens") { request, context in
            try context.requireOwner()
            let body = try await Body.decode(NewTokenBody.self, from: request, context: context)
            let (token, text) = try await access.createToken(member: body.member, workspace: context.principal.workspace.key, name: body.name)
            return try Body.json(view(token, member: body.member.lowercased(), text: text), status: .created)
        }
        api.delete("/tokens/{id}") { _, context in
            try context.requireOwner()
            let id = try context.parameters.require("id")
            guard Int64(id) != nil else { throw Problem.notFound("no token '\(id)' in this workspace") }
            _ = try await access.revokeToken(id, workspace: context.principal.workspace.key)
            return Response(status: .noContent)
        }
    }

    static func view(_ token: APIToken, member: String, text: String?) -> TokenView {
        TokenView(id: token.id, name: token.name, member: member, created_at: token.createdAt.description,
                  revoked_at: token.revokedAt?.description, last_used_at: token.lastUsedAt?.description, token: text)
    }
}

extension MemberContext {
    /// 403 unless the member owns the workspace.
    func requireOwner() throws {
        guard principal.role == .owner else {
            throw Problem.forbidden("only an owner of this workspace may manage its members and tokens")
        }
    }
}
