import Crypto
import PaladinCore
import SQLKit

/// A signed-in web session: who, in which role and workspace, with the CSRF token of its forms and the chosen language.
public struct WebSession: Sendable, Hashable {
    /// The member signed in.
    public var member: Member
    /// Their role in `workspace`.
    public var role: MemberRole
    /// The workspace signed in to.
    public var workspace: Workspace
    /// The token every form of this session carries (compared on each POST).
    public var csrfToken: String
    /// The language the member chose; nil follows the workspace's.
    public var language: String?
    /// When the session stops being accepted.
    public var expiresAt: Timestamp
}

/// The secret a session cookie carries: `<workspace id>.<64 hex digits of 32 random bytes>`. The workspace id only
/// selects the rows (every table is keyed by workspace first); the random part is the secret, stored as its SHA-256.
public struct WebSessionSecret: Sendable, Hashable {
    /// The workspace the session belongs to.
    public let workspaceId: Int64
    let secret: [UInt8]

    /// A new secret from the system's cryptographically secure generator.
    public static func generate(workspaceId: Int64) -> WebSessionSecret {
        WebSessionSecret(workspaceId: workspaceId, secret: randomBytes(32))
    }

    /// Parses a cookie's value; nil when it is not shaped like one.
    public init?(parsing text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let workspace = Int64(parts[0]), let secret = TokenSecret.bytes(hex: parts[1]), secret.count == 32
        else { return nil }
        self.init(workspaceId: workspace, secret: secret)
    }

    private init(workspaceId: Int64, secret: [UInt8]) {
        self.workspaceId = workspaceId
        self.secret = secret
    }

    /// The cookie's value.
    public var text: String { "\(workspaceId).\(TokenSecret.hex(secret))" }

    /// SHA-256 of the secret bytes, lower-case hex: what is stored.
    public var hash: String { TokenSecret.hex(Array(SHA256.hash(data: secret))) }

    /// `count` bytes from the system's cryptographically secure generator.
    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// A fresh random token of 32 bytes as hex (CSRF tokens).
    public static func randomToken() -> String { TokenSecret.hex(randomBytes(32)) }
}

/// The use cases of web sign-in: check a password, start, find, change and end sessions.
public struct WebSessions: Sendable {
    /// The open database.
    public let database: PaladinDatabase
    /// Where "now" comes from.
    public let clock: Clock

    /// How long a session lasts after sign-in: 12 hours (one working day), then sign in again.
    public static let lifetime: Int64 = 12 * 60 * 60

    /// Sessions over `database`.
    public init(database: PaladinDatabase, clock: Clock = .system) {
        self.database = database
        self.clock = clock
    }

    /// The member and workspace when the email, password and membership are right; nil otherwise (callers must not say which).
    public func check(email: String, password: String, workspace key: String, hasher: any PasswordHasher) async throws -> (Member, Workspace)? {
        let email = email.trimmingSpaces.lowercased()
        guard let member = try await MemberStore(database.sql).find(email: email) else {
            // Spend about the same time as a real check, so a response's speed does not tell which emails exist.
            _ = try? await hasher.hash(password)
            return nil
        }
        guard try await hasher.verify(password, hash: member.passwordHash),
              let workspace = try await WorkspaceStore(database.sql).find(key: key.trimmingSpaces),
              try await MemberStore(database.sql).role(member: member.id, workspace: workspace.id) != nil
        else { return nil }
        return (member, workspace)
    }

    /// Starts a session for a member of a workspace; returns the cookie's value (shown once, stored only as a hash).
    /// Expired sessions of the workspace are swept at the same time.
    public func start(member: Member, workspace: Workspace, language: String?) async throws -> String {
        let secret = WebSessionSecret.generate(workspaceId: workspace.id)
        let now = clock.now()
        try await database.transaction { sql in
            try await sql.delete(from: "web_sessions").where("workspace_id", .equal, workspace.id)
                .where("expires_at", .lessThanOrEqual, now.seconds).run()
            try await sql.insert(into: "web_sessions")
                .columns("workspace_id", "session_hash", "member_id", "csrf_token", "language", "created_at", "expires_at")
                .values(
                    SQLBind(workspace.id), SQLBind(secret.hash), SQLBind(member.id), SQLBind(WebSessionSecret.randomToken()),
                    SQLBind(language), SQLBind(now.seconds), SQLBind(now.seconds + Self.lifetime))
                .run()
        }
        return secret.text
    }

    /// The session a cookie's value stands for; nil when malformed, unknown, expired, or the member left the workspace.
    public func find(_ text: String) async throws -> WebSession? {
        guard let secret = WebSessionSecret(parsing: text) else { return nil }
        guard let row = try await database.sql.raw("""
            SELECT s.csrf_token AS s_csrf_token, s.language AS s_language, s.expires_at AS s_expires_at,
              w.id AS w_id, w.key AS w_key, w.name AS w_name, w.language AS w_language, w.currency AS w_currency,
              w.created_at AS w_created_at,
              m.id AS m_id, m.email AS m_email, m.name AS m_name, m.password_hash AS m_password_hash,
              m.created_at AS m_created_at, wm.role AS role
            FROM web_sessions s
            JOIN workspaces w ON w.id = s.workspace_id
            JOIN members m ON m.id = s.member_id
            JOIN workspace_members wm ON wm.workspace_id = s.workspace_id AND wm.member_id = s.member_id
            WHERE s.workspace_id = \(bind: secret.workspaceId) AND s.session_hash = \(bind: secret.hash)
            """).first() else { return nil }
        let expiresAt = Timestamp(seconds: try row.decode(column: "s_expires_at", as: Int64.self))
        guard expiresAt.seconds > clock.now().seconds,
              let role = MemberRole(rawValue: try row.decode(column: "role", as: String.self)) else { return nil }
        return WebSession(
            member: try MemberStore.decode(PrefixedRow(row, prefix: "m_")), role: role,
            workspace: try WorkspaceStore.decode(PrefixedRow(row, prefix: "w_")),
            csrfToken: try row.decode(column: "s_csrf_token", as: String.self),
            language: try row.decode(column: "s_language", as: String?.self), expiresAt: expiresAt)
    }

    /// Records the language the member chose for this session.
    public func setLanguage(_ language: String, session text: String) async throws {
        guard let secret = WebSessionSecret(parsing: text) else { return }
        try await database.transaction { sql in
            try await sql.update("web_sessions").set("language", to: language)
                .where("workspace_id", .equal, secret.workspaceId).where("session_hash", .equal, secret.hash).run()
        }
    }

    /// Ends the session (sign-out); nothing happens for an unknown one.
    public func end(_ text: String) async throws {
        guard let secret = WebSessionSecret(parsing: text) else { return }
        try await database.transaction { sql in
            try await sql.delete(from: "web_sessions")
                .where("workspace_id", .equal, secret.workspaceId).where("session_hash", .equal, secret.hash).run()
        }
    }
}
