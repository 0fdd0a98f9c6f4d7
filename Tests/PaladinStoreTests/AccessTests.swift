import Foundation
import PaladinCore
import PaladinStore
import Testing

/// A fast stand-in for bcrypt.
private struct PlainHasher: PasswordHasher {
    func hash(_ password: String) async throws -> String { "plain:" + password }
    func verify(_ password: String, hash: String) async throws -> Bool { hash == "plain:" + password }
}

@Suite("Members and API tokens")
struct AccessTests {
    @Test("a token's text parses back; its hash is the SHA-256 of the secret; a changed secret does not match")
    func tokenSecret() throws {
        let secret = TokenSecret.generate(workspaceId: 4, tokenId: 9)
        let parsed = try #require(TokenSecret(parsing: secret.text))
        #expect(parsed == secret)
        #expect(secret.text.hasPrefix("pld_4_9_") && secret.text.count == "pld_4_9_".count + 64)
        #expect(secret.hash.count == 64 && secret.matches(secret.hash))
        #expect(!secret.matches(TokenSecret.generate(workspaceId: 4, tokenId: 9).hash))
        #expect(!secret.matches(String(secret.hash.dropLast())))
        // a known vector: SHA-256 of 32 zero bytes
        let zero = try #require(TokenSecret(parsing: "pld_1_1_" + String(repeating: "0", count: 64)))
        #expect(zero.hash == "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925")
        for bad in ["", "pld_1_1", "pld_x_1_" + String(repeating: "0", count: 64), "pld_1_1_" + String(repeating: "0", count: 62),
                    "pld_1_1_" + String(repeating: "G", count: 64), "abc_1_1_" + String(repeating: "0", count: 64)] {
            #expect(TokenSecret(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test("authenticate finds the member, role and workspace; a revoked token does not, and a token name is unique per workspace")
    func authenticate() async throws {
        try await withDatabase { database in
            _ = try await Setup.initialize(database, workspace: "acme", clock: .system)
            let access = Access(database: database)
            let (member, created) = try await access.addMember(
                email: "Ana@Acme.Test", name: nil, password: "long enough", role: .agent, workspace: "acme", hasher: PlainHasher())
            #expect(created && member.email == "ana@acme.test" && member.passwordHash == "plain:long enough")
            let (token, text) = try await access.createToken(member: "ana@acme.test", workspace: "acme", name: "sync")
            #expect(token.tokenHash == TokenSecret(parsing: text)?.hash)
            let principal = try #require(try await access.authenticate(text))
            #expect(principal.member.id == member.id && principal.role == .agent && principal.workspace.key == "acme")
            await #expect(throws: PaladinError.self) { try await access.createToken(member: "ana@acme.test", workspace: "acme", name: "sync") }
            _ = try await access.revokeToken(String(token.id), workspace: "acme")
            #expect(try await access.authenticate(text) == nil)
        }
    }
}
