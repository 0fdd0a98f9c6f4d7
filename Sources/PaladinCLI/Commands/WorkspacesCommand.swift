import ArgumentParser
import PaladinCore
import PaladinStore

struct WorkspacesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workspaces",
        abstract: "Add and list workspaces (one per client company).",
        subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a workspace with the built-in models.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The workspace key (lower-case letters, digits and dashes).") var key: String
        @Option(help: "Display name.") var name: String
        @Option(help: "Language: en, ro, ru, pl or it.") var language = "en"
        @Option(help: "Default currency (ISO 4217).") var currency = "EUR"

        func run() async throws {
            try await global.withDatabase(create: true) { database in
                if try await WorkspaceStore(database.sql).find(key: key) != nil {
                    throw PaladinError.conflict("workspace '\(key)' already exists")
                }
                let outcome = try await Setup.initialize(
                    database, workspace: key, name: name, language: language, currency: currency.uppercased(), clock: .system)
                Output.line("created workspace '\(outcome.workspace.key)' (\(outcome.workspace.name)) with models: \(outcome.installedModels.joined(separator: ", "))")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the workspaces of the database.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let workspaces = try await global.withDatabase { try await WorkspaceStore($0.sql).list() }
            Output.rows(.table, ["key", "name", "language", "currency", "created"], workspaces.map {
                [$0.key, $0.name, $0.language, $0.currency, $0.createdAt.description]
            })
        }
    }
}
