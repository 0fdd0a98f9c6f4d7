import PaladinCore
import PaladinStore

/// What `paladin serve --demo` sets up: the demo workspace, scored, and its demo owner. Only `--demo` calls this,
/// so the well-known password never exists anywhere else.
public enum DemoSignIn {
    /// The demo member's email.
    public static let email = "demo@example.com"
    /// The demo member's password (public on purpose: it opens a demo, nothing else).
    public static let password = "paladin-demo"

    /// Fills the workspace with the demo when it has no customers, and makes sure the demo member owns it.
    /// Returns whether the demo customers were created now.
    @discardableResult
    public static func prepare(
        _ database: PaladinDatabase, workspace key: String, hasher: any PasswordHasher, customers: Int = 300, seed: UInt64 = 42
    ) async throws -> Bool {
        let outcome = try await Setup.initialize(database, workspace: key, name: "Demo company", clock: .system)
        let session = WorkspaceSession(database: database, workspace: outcome.workspace, clock: .system, actor: "demo")
        var filled = false
        if try await CustomerStore(database.sql, workspace: outcome.workspace.id).count() == 0 {
            _ = try await DemoWorkspace.populate(session, customers: customers, seed: seed)
            // Derive the engagement ladder, value categories and relationship types, as `paladin demo` does.
            _ = try await session.score()
            filled = true
        }
        let access = Access(database: database)
        let existing = try await MemberStore(database.sql).find(email: email)
        _ = try await access.addMember(
            email: email, name: "Demo owner", password: existing == nil ? password : nil, role: .owner, workspace: key, hasher: hasher)
        return filled
    }
}
