import ArgumentParser
import PaladinCore
import PaladinStore

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Create a realistic demo workspace and print an overview of it.",
        discussion: "Creates the database if needed. An empty workspace is filled; one that has customers is only shown.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "How many customers to simulate.") var customers = 300
    @Option(help: "Seed of the simulation (the same seed gives the same demo).") var seed: UInt64 = 42

    func validate() throws {
        if customers < 1 || customers > 100_000 { throw ValidationError("--customers must be between 1 and 100000") }
    }

    func run() async throws {
        try await global.withDatabase(create: true) { database in
            let outcome = try await Setup.initialize(database, workspace: global.workspaceKey, name: "Demo company", clock: .system)
            let session = WorkspaceSession(database: database, workspace: outcome.workspace, clock: .system, actor: global.actorName)
            if try await CustomerStore(database.sql, workspace: outcome.workspace.id).count() == 0 {
                let summary = try await DemoWorkspace.populate(session, customers: customers, seed: seed)
                // Derive the engagement ladder, value categories and relationship types from the demo's evidence.
                _ = try await session.score()
                Output.line("Demo workspace '\(outcome.workspace.key)' in \(database.location): \(summary.customers) customers, \(summary.moves) moves, \(summary.interactions) interactions, \(summary.purchases) purchases, \(summary.costs) costs, \(summary.surveys) survey answers, \(summary.followUps) follow-ups.")
            } else {
                Output.line("Workspace '\(outcome.workspace.key)' in \(database.location) already has customers; here is its overview.")
            }
            Output.line(try await Overview.render(session))
        }
    }
}

/// The workspace at a glance: customers per stage of every model, economics, follow-ups.
enum Overview {
    static func render(_ session: WorkspaceSession) async throws -> String {
        let language = session.workspace.language
        let journeys = JourneyStore(session.database.sql, workspace: session.workspace.id)
        var lines: [String] = []
        for stored in try await session.models() {
            let model = stored.model
            let counts = try await journeys.stageCounts(model: model.key)
            lines.append("")
            lines.append("\(model.names.text(language)) [\(model.key)]\(model.kind == .derived ? " — derived from evidence by `paladin score`" : "")")
            let total = max(1, counts.values.reduce(0, +))
            let width = model.stages.map { $0.names.text(language).count }.max() ?? 10
            for stage in model.stages {
                let count = counts[stage.key] ?? 0
                let bar = String(repeating: "▇", count: count * 30 / total)
                let state = stage.state.map { " (\($0))" } ?? ""
                lines.append("  \(stage.names.text(language).padding(toLength: width, withPad: " ", startingAt: 0)) \(String(count).leftPadded(5)) \(bar)\(state)")
            }
        }
        let today = session.clock.now().date
        let followUps = try await session.followUps()
        lines.append("")
        lines.append("Open follow-ups: \(followUps.count), overdue: \(followUps.filter { $0.isOverdue(today: today) }.count)")
        lines.append("Next: `paladin customers show C-0002`, `paladin recommendations`, `paladin nps --by value-category`, `paladin follow-ups`, `paladin models show customer-journey`.")
        return lines.joined(separator: "\n")
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
