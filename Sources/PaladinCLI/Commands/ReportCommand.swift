import ArgumentParser
import Foundation
import PaladinAnalytics
import PaladinCore
import PaladinStore
import PaladinViews

/// `paladin report KIND`: one of the reports, as a table, CSV or JSON.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reports: funnel, flow, time-in-stage, stalls, first-100-days, nps, economics and activity.",
        discussion: "The window --from/--to keeps the moves (or first purchases) in it, both days included; a --to without a time is the whole day. The README defines each report.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The report: \(ReportKind.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "kind"))
    var kind: String
    @Option(help: "The model the report is about (funnel, flow, time-in-stage and stalls need one; first-100-days defaults to customer-journey).")
    var model: String?
    @Option(help: "Only what happened on or after this date.") var from: String?
    @Option(help: "Only what happened on or before this date (the whole day).") var to: String?
    @Option(help: "stalls: how many customers to list (1–10000).") var limit = 100
    @Option(help: "table, csv, json or svg (the report's chart).") var format = ReportFormat.table

    /// The forms of a report: the three every read command has, and its chart.
    enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
        case table, csv, json, svg
    }

    func run() async throws {
        let (report, stages): (any Report, [String]?) = try await CommandFailure.mapping {
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
                    let report = try await session.report(kind, options: options)
                    return (report, format == .svg ? try await session.reportStages(report) : nil)
                } catch PaladinError.invalid(let field, let message) {
                    throw UserInputError("--\(field)", message)
                }
            }
        }
        let table = report.table
        switch format {
        case .json: Output.line(Output.json(report))
        case .csv: Output.write(Output.csv(table.columns, table.rows))
        case .table: Output.line(Output.table(table.columns, table.rows))
        case .svg: Output.write(ReportCharts.chart(for: report, stages: stages).svgDocument)
        }
    }
}
