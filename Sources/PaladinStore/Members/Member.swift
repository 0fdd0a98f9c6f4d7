import PaladinCore

/// What a member may do in a workspace.
public enum MemberRole: String, Sendable, CaseIterable, Codable {
    /// Everything, including members and tokens.
    case owner
    /// Works every customer of the workspace.
    case manager
    /// Works the customers they own.
    case agent
    /// Reads only.
    case viewer

    /// Whether the role may create or change anything.
    public var canWrite: Bool { self != .viewer }
    /// Whether the role may work every customer, not only its own.
    public var worksEveryCustomer: Bool { self == .owner || self == .manager }
}

/// A person who signs in: global, with roles per workspace.
public struct Member: Sendable, Hashable {
    /// Database id.
    public var id: Int64
    /// Sign-in email, stored lower-case, unique.
    public var email: String
    /// Display name.
    public var name: String
    /// The password hash (bcrypt); never the password.
    public var passwordHash: String
    /// When the member was created.
    public var createdAt: Timestamp

    /// Whether `owner` (a customer's owner field) names this member, by email or name.
    public func owns(_ owner: String?) -> Bool {
        guard let owner = owner?.trimmingSpaces.lowercased(), !owner.isEmpty else { return false }
        return owner == email || owner == name.lowercased()
    }
}

/// An API token as stored: never its secret, only the SHA-256 of it.
public struct APIToken: Sendable, Hashable {
    /// Id within the workspace.
    public var id: Int64
    /// The workspace the token acts in.
    public var workspaceId: Int64
    /// The member it acts as.
    public var memberId: Int64
    /// A name its owner chose ("billing sync").
    public var name: String
    /// SHA-256 of the secret, lower-case hex.
    public var tokenHash: String
    /// When it was created.
    public var createdAt: Timestamp
    /// When it was revoked, if it was.
    public var revokedAt: Timestamp?
    /// When it was last used to authenticate.
    public var lastUsedAt: Timestamp?
}

/// A member acting in a workspace through a token: who, in which role, where.
public struct Principal: Sendable, Hashable {
    /// The member.
    public var member: Member
    /// Their role in `workspace`.
    public var role: MemberRole
    /// The workspace of the token (and so of every call made with it).
    public var workspace: Workspace
    /// The token used.
    public var tokenId: Int64
}

/// Hashes and verifies passwords. PaladinStore only stores hashes; the algorithm (bcrypt) and where it runs
/// (off the event loop) are the caller's business, so the store has no dependency on a server framework.
public protocol PasswordHasher: Sendable {
    /// A hash of `password` to store.
    func hash(_ password: String) async throws -> String
    /// Whether `password` matches `hash`.
    func verify(_ password: String, hash: String) async throws -> Bool
}
