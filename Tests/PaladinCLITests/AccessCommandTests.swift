import Foundation
import PaladinStore
import Testing

@Suite("paladin workspaces, members and tokens")
struct AccessCommandTests {
    @Test("workspaces add creates a workspace with the built-in models; list shows it; adding it again is refused")
    func workspaces() async throws {
        try await withSandbox(initialised: false) { sandbox in
            let added = try await sandbox.ok(["workspaces", "add", "acme", "--name", "Acme Ltd", "--currency", "usd"])
            #expect(added.stdout.contains("created workspace 'acme' (Acme Ltd)"))
            #expect(added.stdout.contains("customer-journey"))
            let list = try await sandbox.ok(["workspaces", "list"])
            #expect(list.stdout.contains("acme") && list.stdout.contains("USD"))
            let again = try await sandbox.run(["workspaces", "add", "acme", "--name", "Other"])
            #expect(again.status == 1)
            #expect(again.stderr.contains("workspace 'acme' already exists"))
        }
    }

    @Test("tokens create prints the token alone on stdout; it is stored only as a hash; revoke and list")
    func tokens() async throws {
        try await withSandbox { sandbox in
            // given a member of the default workspace
            let member = try await sandbox.run(
                ["members", "add", "--email", "Ana@Example.com", "--role", "agent", "--password-stdin"], input: "correct horse\n")
            #expect(member.status == 0, "\(member)")
            #expect(member.stdout.contains("added member ana@example.com as agent"))
            // when
            let created = try await sandbox.ok(["tokens", "create", "--member", "ana@example.com", "--name", "sync"])
            // then stdout is the token and nothing else
            let lines = created.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.count == 2 && lines[1].isEmpty, "\(created)")
            let token = String(lines[0])
            #expect(TokenSecret(parsing: token) != nil, "\(token)")
            #expect(!created.stderr.contains(token))
            // the database holds its hash, never the token
            let raw = try Data(contentsOf: URL(fileURLWithPath: sandbox.db))
            #expect(raw.range(of: Data(token.utf8)) == nil)
            let list = try await sandbox.ok(["tokens", "list"])
            #expect(list.stdout.contains("sync") && list.stdout.contains("ana@example.com"))
            #expect(!list.stdout.contains(token))
            let revoked = try await sandbox.ok(["tokens", "revoke", "sync"])
            #expect(revoked.stdout.contains("revoked token 1 'sync'"))
        }
    }

    @Test("bad member and token input is named, and nothing is written")
    func badInput() async throws {
        try await withSandbox { sandbox in
            let role = try await sandbox.run(["members", "add", "--email", "a@b.co", "--role", "boss", "--password-stdin"], input: "long enough")
            #expect(role.status == 1 && role.stderr.contains("--role: 'boss'"))
            let short = try await sandbox.run(["members", "add", "--email", "a@b.co", "--role", "agent", "--password-stdin"], input: "short")
            #expect(short.status == 1 && short.stderr.contains("at least 8 characters"))
            let noPassword = try await sandbox.run(["members", "add", "--email", "a@b.co", "--role", "agent"])
            #expect(noPassword.status == 1 && noPassword.stderr.contains("a new member needs a password"))
            let email = try await sandbox.run(["members", "add", "--email", "nope", "--role", "agent", "--password-stdin"], input: "long enough")
            #expect(email.status == 1 && email.stderr.contains("--email"))
            let unknown = try await sandbox.run(["tokens", "create", "--member", "who@b.co", "--name", "x"])
            #expect(unknown.status == 1 && unknown.stderr.contains("no member 'who@b.co'"))
            #expect(unknown.stdout.isEmpty)
            let members = try await sandbox.ok(["members", "list"])
            #expect(!members.stdout.contains("a@b.co"))
        }
    }
}
