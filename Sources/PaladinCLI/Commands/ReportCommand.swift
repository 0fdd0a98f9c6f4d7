import ArgumentParser
import Foundation
import PaladinAnalytics
import PaladinCore
import PaladinStore

/// `paladin report KIND`: one of the reports, as a table, CSV or JSON.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reports: funnel, flow, time-in-stage, stalls and first-100-days of a model (nps, economics, activity to come).",
        discussion: "The window --from/--to keeps the moves (or first purchases) in it, both days included; a --to without a time is the whole day. The README defines each report.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The report: \(ReportKind.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "kind"))
    var kind: String
    @Option(help: "The model the report is about (funnel, flow, time-in-stage and stalls need one; first-100-days defaults to customer-journey).")
    var model: String?
    @Option(help: "Only what happened on or after this date.") var from: String?
    @Option(help: "Only what happened on or before this date (the whole day).") var to: String?
    @Option(help: "stalls: how many customers to list (1–10000).") var limit = 100
    @Option(help: "table, csv or json.") var format = OutputFormat.table

    func run() async throws {
        let report: any Report = try await CommandFailure.mapping {
            guard let kind = ReportKind(rawValue: kind) else {
                throw UserInputError("kind", "no report '\(kind)' (reports: \(ReportKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard (1...10_000).contains(limit) else { throw UserInputError("--limit", "must be a whole number from 1 to 10000") }
            let lower = try from.map { try parseTimestamp($0, option: "--from") }
            // A date without a time means the whole of that day.
            let upper = try to.map { try parseTimestamp($0, option: "--to") }
                .map { $0.seconds % 86_400 == 0 ? Timestamp(seconds: $0.adding(days: 1).seconds - 1) : $0 }
            if let lower, let upper, upper < lower { throw UserInputError("--to", "is before --from") }
            if kind.needsModel, model == nil { throw UserInputError("--model", "is required for the \(kind.rawValue) report") }
            return try await global.withSession { session in
                let options = ReportOptions(model: model, from: lower, to: upper, now: session.clock.now(), limit: limit)
                do {
                    return try await session.report(kind, options: options)
                } catch PaladinError.invalid(let field, let message) {
                    throw UserInputError("--\(field)", message)
                } catch let error as ReportNotAvailable {
                    throw UserInputError("kind", error.description)
                }
            }
        }
        let table = report.table
        switch format {
        case .json: Output.line(Output.json(report))
        case .csv: Output.write(Output.csv(table.columns, table.rows))
        case .table: Output.line(Output.table(table.columns, table.rows))
        }
    }
}
