import ArgumentParser
import PaladinCore
import PaladinStore

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create or migrate the database and the workspace, with the built-in models.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Display name of a new workspace (default: its key).") var name: String?
    @Option(help: "Language of a new workspace: en, ro, ru, pl or it.") var language = "en"
    @Option(help: "Default currency of a new workspace (ISO 4217).") var currency = "EUR"

    func run() async throws {
        try await global.withDatabase(create: true) { database in
            let outcome = try await Setup.initialize(
                database, workspace: global.workspaceKey, name: name, language: language, currency: currency.uppercased(),
                clock: .system)
            let what = outcome.createdWorkspace ? "created workspace" : "workspace"
            if let newest = database.appliedMigrations.last {
                Output.line("\(database.location): schema migrated to version \(newest) (applied \(database.appliedMigrations.map(String.init).joined(separator: ", ")))")
            }
            Output.line("\(database.location): \(what) '\(outcome.workspace.key)' ready")
            if outcome.installedModels.isEmpty {
                Output.line("built-in models already installed")
            } else {
                Output.line("installed models: \(outcome.installedModels.joined(separator: ", "))")
            }
        }
    }
}

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Verify that every stored position equals what the move history says.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let problems = try await global.withSession { session in
            try await session.verifyPositions()
        }
        if problems.isEmpty {
            Output.line("ok: every position agrees with the move history")
        } else {
            problems.prefix(100).forEach { Output.error($0) }
            throw ExitCode.failure
        }
    }
}
