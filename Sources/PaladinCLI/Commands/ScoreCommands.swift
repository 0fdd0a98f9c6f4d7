import ArgumentParser
import Foundation
import PaladinAnalytics
import PaladinCore
import PaladinStore
import PaladinViews

struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Compute every customer's metrics, fit the repeat-buying models and re-derive every derived model.",
        discussion: "Prints what changed: customers per stage before → after. Manual overrides stand until cleared.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Compute as of this date (ISO 8601; default now).") var asOf: String?

    func run() async throws {
        let date = try await CommandFailure.mapping { try asOf.map { try parseTimestamp($0, option: "--as-of") } }
        let started = Date()
        let progress = ProgressBar()
        let (report, models) = try await global.withSession { session in
            defer { progress.finish() }
            let report = try await session.score(asOf: date, progress: { progress.update($0, $1, $2) })
            return (report, try await session.models().map(\.model))
        }
        Output.line("score run \(report.runId): \(report.customers) customers as of \(report.asOf.date) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        for fit in report.fits {
            let params = fit.params.keys.sorted().map { "\($0)=\(String(format: "%.4g", fit.params[$0]!))" }.joined(separator: " ")
            Output.line("  \(fit.model): \(fit.converged ? "converged in \(fit.iterations) iterations, \(params)" : "not used — \(fit.message)") (\(fit.customers) customers)")
        }
        for change in report.changes {
            guard let model = models.first(where: { $0.key == change.model }) else { continue }
            Output.line("")
            Output.line("\(model.key): \(change.changed) customers changed stage")
            let width = model.stages.map(\.key.count).max() ?? 8
            for stage in model.stages {
                let before = change.before[stage.key] ?? 0, after = change.after[stage.key] ?? 0
                Output.line("  \(stage.key.padding(toLength: width, withPad: " ", startingAt: 0))  \(String(before).leftPadded(7)) → \(String(after).leftPadded(7))")
            }
        }
        if !report.recommendations.isEmpty {
            Output.line("")
            Output.line("flagged: " + report.recommendations.keys.sorted().map { "\($0) \(report.recommendations[$0]!)" }.joined(separator: ", ")
                + " (see `paladin recommendations`)")
        }
    }
}

extension NPSPeriod: ExpressibleByArgument {}

struct NPSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nps",
        abstract: "Net Promoter Score: % promoters (9–10) − % detractors (0–6) over all respondents.",
        discussion: "No answers means no score (shown as '—'), not zero. --by groups by the customers' current stage in a model.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Group by the current stage in this model.") var by: String?
    @Option(help: "Group by month, quarter or year.") var period: NPSPeriod?
    @Option(help: "Only answers on or after this date.") var from: String?
    @Option(help: "Only answers on or before this date (the whole day).") var to: String?
    @Option(help: "table, json or csv.") var format = OutputFormat.table

    func run() async throws {
        let (lower, upper) = try await CommandFailure.mapping {
            (try from.map { try parseTimestamp($0, option: "--from") },
             // A date without a time means the whole of that day.
             try to.map { try parseTimestamp($0, option: "--to") }.map { $0.seconds % 86_400 == 0 ? Timestamp(seconds: $0.adding(days: 1).seconds - 1) : $0 })
        }
        if let lower, let upper, upper < lower {
            Output.error("--to: is before --from")
            throw ExitCode.failure
        }
        let groups = try await global.withSession { try await $0.nps(by: by, period: period, from: lower, to: upper) }
        let total = groups.reduce(NPSSummary()) { sum, group in
            NPSSummary(promoters: sum.promoters + group.summary.promoters, passives: sum.passives + group.summary.passives,
                       detractors: sum.detractors + group.summary.detractors)
        }
        let rows = (groups.count > 1 || by != nil || period != nil ? groups : []).map { NPSGroupView(period: $0.period, stage: $0.stage, summary: $0.summary) }
            + [NPSGroupView(period: "all", stage: nil, summary: total)]
        if format == .json {
            Output.line(Output.json(rows))
            return
        }
        Output.rows(format, ["period", "stage", "respondents", "promoters", "passives", "detractors", "nps"], rows.map { row in
            [row.period ?? "", row.stage ?? (by != nil && row.period != "all" ? "(not placed)" : ""), String(row.respondents), String(row.promoters),
             String(row.passives), String(row.detractors), row.nps.map { String(format: "%.1f", $0) } ?? (format == .csv ? "" : "—")]
        })
    }
}

struct MetricsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics", abstract: "List the metrics rules may use, with their definitions.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "table, json or csv.") var format = OutputFormat.table

    func run() async throws {
        let models = try await global.withSession { try await $0.models().map(\.model.key) }
        let definitions = MetricCatalog.definitions(models: models)
        if format == .json {
            Output.line(Output.json(definitions.map { ["name": $0.name, "type": $0.type.rawValue, "definition": $0.definition] }))
            return
        }
        Output.rows(format, ["name", "type", "definition"], definitions.map { [$0.name, $0.type.rawValue, $0.definition] })
    }
}

extension Recommendation.Kind: ExpressibleByArgument {}

struct RecommendationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommendations",
        abstract: "Customers the last score run flagged: disinvest, win_back, champion_candidate — each with its reason.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this kind: disinvest, win_back or champion_candidate.") var kind: Recommendation.Kind?
    @Option var limit = 1_000
    @Option(help: "table, json or csv.") var format = OutputFormat.table

    func run() async throws {
        let flagged = try await global.withSession { try await $0.flaggedCustomers(kind: kind, limit: limit) }
        if format == .json {
            Output.line(Output.json(flagged.map {
                ["customer_id": String($0.customerId), "external_id": $0.externalId ?? "", "name": $0.name, "kind": $0.kind.rawValue, "reason": $0.reason]
            }))
            return
        }
        Output.rows(format, ["id", "external_id", "name", "kind", "reason"], flagged.map {
            [String($0.customerId), $0.externalId ?? "", $0.name, $0.kind.rawValue, $0.reason]
        })
    }
}
