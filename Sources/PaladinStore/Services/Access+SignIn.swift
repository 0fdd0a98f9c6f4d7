import PaladinCore

extension Access {
    /// Signs a member in to a workspace with their password: a new token (named for the sign-in) and its text,
    /// shown once. Nil when the email, the password or the membership is wrong — callers must not say which.
    public func signIn(email: String, password: String, workspace key: String, hasher: any PasswordHasher) async throws -> (APIToken, String)? {
        let email = email.trimmingSpaces.lowercased()
        guard let member = try await MemberStore(database.sql).find(email: email) else {
            // Spend about the same time as a real check, so a response's speed does not tell which emails exist.
            _ = try? await hasher.hash(password)
            return nil
        }
        guard try await hasher.verify(password, hash: member.passwordHash) else { return nil }
        guard let workspace = try await WorkspaceStore(database.sql).find(key: key),
              try await MemberStore(database.sql).role(member: member.id, workspace: workspace.id) != nil
        else { return nil }
        return try await createToken(member: email, workspace: key, name: "sign-in \(clock.now())")
    }
}
