import PaladinCore
import SQLKit

/// The use cases of members and tokens: who may act in which workspace. The CLI and the server call these.
public struct Access: Sendable {
    /// The open database.
    public let database: PaladinDatabase
    /// Where "now" comes from.
    public let clock: Clock

    /// Access over `database`.
    public init(database: PaladinDatabase, clock: Clock = .system) {
        self.database = database
        self.clock = clock
    }

    /// Adds a member to a workspace with `role`, creating the member when the email is new (then `password` is
    /// required). An existing member keeps their password unless one is given; their role here is replaced.
    ///
    /// `mayResetPassword` is for the server's administrator (the CLI): a workspace owner adding someone who is a member
    /// already (perhaps of other workspaces) gives them a role but never changes their password (409). The last owner
    /// of a workspace keeps that role (409), so a workspace is never left without one.
    public func addMember(
        email: String, name: String?, password: String?, role: MemberRole, workspace key: String, hasher: any PasswordHasher,
        mayResetPassword: Bool = true
    ) async throws -> (Member, created: Bool) {
        let email = email.trimmingSpaces.lowercased()
        guard Self.isEmail(email) else { throw PaladinError.invalid(field: "--email", message: "'\(email)' is not an email address") }
        if let password, password.count < 8 {
            throw PaladinError.invalid(field: "--password-stdin", message: "the password must have at least 8 characters")
        }
        // Hash before the transaction: bcrypt is slow on purpose and must not hold the writer.
        var hashed: String?
        if let password { hashed = try await hasher.hash(password) }
        let hash = hashed
        return try await database.transaction { sql in
            let workspace = try await Self.workspace(key, sql: sql)
            let members = MemberStore(sql)
            var created = false
            let member: Member
            if let existing = try await members.find(email: email) {
                if let hash {
                    guard mayResetPassword else {
                        throw PaladinError.conflict(
                            "'\(email)' is a member already and only they can change their password; send no password to give them a role here")
                    }
                    try await members.setPasswordHash(hash, member: existing.id)
                }
                if role != .owner, try await members.role(member: existing.id, workspace: workspace.id) == .owner,
                   try await members.list(workspace: workspace.id).filter({ $0.1 == .owner }).count == 1 {
                    throw PaladinError.conflict("'\(email)' is the last owner of workspace '\(key)'; make someone else owner first")
                }
                member = existing
            } else {
                guard let hash else { throw PaladinError.invalid(field: "--password-stdin", message: "a new member needs a password") }
                member = try await members.create(
                    email: email, name: name?.trimmingSpaces.nilIfEmpty ?? email, passwordHash: hash, at: self.clock.now())
                created = true
            }
            try await members.setRole(role, member: member.id, workspace: workspace.id)
            return (member, created)
        }
    }

    /// Creates a token for a member of the workspace. Returns the stored token and its text, which is shown once.
    public func createToken(member email: String, workspace key: String, name: String) async throws -> (APIToken, String) {
        let name = name.trimmingSpaces
        guard !name.isEmpty else { throw PaladinError.invalid(field: "--name", message: "is empty") }
        return try await database.transaction { sql in
            let workspace = try await Self.workspace(key, sql: sql)
            guard let member = try await MemberStore(sql).find(email: email.trimmingSpaces),
                  try await MemberStore(sql).role(member: member.id, workspace: workspace.id) != nil else {
                throw PaladinError.notFound("no member '\(email)' in workspace '\(key)'; add one with `paladin members add`")
            }
            let tokens = TokenStore(sql, workspace: workspace.id)
            if try await tokens.find(name: name) != nil {
                throw PaladinError.conflict("workspace '\(key)' already has a token named '\(name)'")
            }
            let id = try await IdAllocator(sql).reserve("api_tokens", workspace: workspace.id)
            let secret = TokenSecret.generate(workspaceId: workspace.id, tokenId: id)
            let token = APIToken(
                id: id, workspaceId: workspace.id, memberId: member.id, name: name, tokenHash: secret.hash,
                createdAt: self.clock.now(), revokedAt: nil, lastUsedAt: nil)
            try await tokens.insert(token)
            return (token, secret.text)
        }
    }

    /// Revokes the token with id or name `reference` in the workspace.
    public func revokeToken(_ reference: String, workspace key: String) async throws -> APIToken {
        try await database.transaction { sql in
            let workspace = try await Self.workspace(key, sql: sql)
            let tokens = TokenStore(sql, workspace: workspace.id)
            var found = try await tokens.find(name: reference.trimmingSpaces)
            if found == nil, let id = Int64(reference.trimmingSpaces) { found = try await tokens.find(id: id) }
            guard let token = found else {
                throw PaladinError.notFound("no token '\(reference)' in workspace '\(key)'")
            }
            try await tokens.revoke(id: token.id, at: self.clock.now())
            return try await tokens.find(id: token.id) ?? token
        }
    }

    /// The workspace's tokens with the email of the member each acts as.
    public func tokens(workspace key: String) async throws -> [(APIToken, String)] {
        let workspace = try await Self.workspace(key, sql: database.sql)
        let members = MemberStore(database.sql)
        var result: [(APIToken, String)] = []
        for token in try await TokenStore(database.sql, workspace: workspace.id).list() {
            result.append((token, try await members.find(id: token.memberId)?.email ?? "?"))
        }
        return result
    }

    /// The member, role and workspace a token's text stands for; nil for a malformed, unknown or revoked token,
    /// or one whose member no longer belongs to the workspace.
    public func authenticate(_ text: String) async throws -> Principal? {
        guard let secret = TokenSecret(parsing: text) else { return nil }
        // One statement: the token with its workspace, member and the member's role there (every request pays it).
        guard let row = try await database.sql.raw("""
            SELECT t.id AS t_id, t.workspace_id AS t_workspace_id, t.member_id AS t_member_id, t.name AS t_name,
              t.token_hash AS t_token_hash, t.created_at AS t_created_at, t.revoked_at AS t_revoked_at,
              t.last_used_at AS t_last_used_at,
              w.id AS w_id, w.key AS w_key, w.name AS w_name, w.language AS w_language, w.currency AS w_currency,
              w.created_at AS w_created_at,
              m.id AS m_id, m.email AS m_email, m.name AS m_name, m.password_hash AS m_password_hash,
              m.created_at AS m_created_at, wm.role AS role
            FROM api_tokens t
            JOIN workspaces w ON w.id = t.workspace_id
            JOIN members m ON m.id = t.member_id
            JOIN workspace_members wm ON wm.workspace_id = t.workspace_id AND wm.member_id = t.member_id
            WHERE t.workspace_id = \(bind: secret.workspaceId) AND t.id = \(bind: secret.tokenId)
            """).first() else { return nil }
        let token = try TokenStore.decode(PrefixedRow(row, prefix: "t_"))
        guard secret.matches(token.tokenHash), token.revokedAt == nil,
              let role = MemberRole(rawValue: try row.decode(column: "role", as: String.self)) else { return nil }
        let workspace = try WorkspaceStore.decode(PrefixedRow(row, prefix: "w_"))
        let member = try MemberStore.decode(PrefixedRow(row, prefix: "m_"))
        let now = clock.now()
        // At most one write a minute per token, so reads stay reads.
        if token.lastUsedAt.map({ now.seconds - $0.seconds >= 60 }) ?? true {
            try await database.transaction { try await TokenStore($0, workspace: workspace.id).touch(id: token.id, at: now) }
        }
        return Principal(member: member, role: role, workspace: workspace, tokenId: token.id)
    }

    static func workspace(_ key: String, sql: any SQLDatabase) async throws -> Workspace {
        guard let workspace = try await WorkspaceStore(sql).find(key: key) else {
            throw PaladinError.notFound("no workspace '\(key)' in this database; create it with `paladin workspaces add \(key) --name NAME`")
        }
        return workspace
    }

    static func isEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !text.contains(" ") && text.count <= 254
    }
}

extension Access {
    /// The workspace's members with their roles, by email.
    public func members(workspace key: String) async throws -> [(Member, MemberRole)] {
        let workspace = try await Self.workspace(key, sql: database.sql)
        return try await MemberStore(database.sql).list(workspace: workspace.id)
    }
}

/// A row whose columns were selected as `PREFIX` + name (to join tables that share column names), read by the
/// stores' own decoders under the plain names.
struct PrefixedRow: SQLRow {
    let row: any SQLRow
    let prefix: String

    init(_ row: any SQLRow, prefix: String) {
        self.row = row
        self.prefix = prefix
    }

    var allColumns: [String] {
        row.allColumns.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }

    func contains(column: String) -> Bool { row.contains(column: prefix + column) }

    func decodeNil(column: String) throws -> Bool { try row.decodeNil(column: prefix + column) }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D { try row.decode(column: prefix + column, as: type) }
}
