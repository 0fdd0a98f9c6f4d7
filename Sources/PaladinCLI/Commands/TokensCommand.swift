import ArgumentParser
import PaladinStore

struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Create, list and revoke API tokens (each acts as one member in one workspace).",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token and print it alone on stdout. It is shown once and stored only as a hash.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The member's email.") var member: String
        @Option(help: "A name for the token, unique in the workspace.") var name: String

        func run() async throws {
            let (token, text) = try await global.withDatabase { database in
                try await Access(database: database).createToken(member: member, workspace: global.workspaceKey, name: name)
            }
            Output.line(text)
            Output.note("token \(token.id) '\(token.name)' for \(member) in workspace '\(global.workspaceKey)'; it is not shown again")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the workspace's tokens (never their secrets).")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let tokens = try await global.withDatabase { try await Access(database: $0).tokens(workspace: global.workspaceKey) }
            Output.rows(.table, ["id", "name", "member", "created", "last_used", "revoked"], tokens.map { token, email in
                [String(token.id), token.name, email, token.createdAt.description,
                 token.lastUsedAt?.description ?? "", token.revokedAt?.description ?? ""]
            })
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by id or name; it stops working at once.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The token's id or name.") var token: String

        func run() async throws {
            let revoked = try await global.withDatabase {
                try await Access(database: $0).revokeToken(token, workspace: global.workspaceKey)
            }
            Output.line("revoked token \(revoked.id) '\(revoked.name)'")
        }
    }
}
