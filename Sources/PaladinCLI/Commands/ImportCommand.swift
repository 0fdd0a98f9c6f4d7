import ArgumentParser
import Foundation
import PaladinCore
import PaladinStore

extension ImportKind: ExpressibleByArgument {}

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import customers, purchases, costs, interactions or surveys from a CSV file.",
        discussion: """
            Columns are matched by header name, case-insensitively (see the README for names and aliases). \
            All or nothing: any bad row stops the import, lists FILE:LINE: COLUMN: problem (the first 100) and \
            writes nothing. With --skip-invalid the good rows are imported and the bad ones written, with a \
            reason column, to FILE.rejected.csv.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "customers, purchases, costs, interactions or surveys.") var kind: ImportKind
    @Argument(help: "The CSV file (UTF-8, comma or semicolon separated).") var file: String
    @Option(help: "Date format such as DD.MM.YYYY or MM/DD/YYYY HH:mm (default ISO 8601).") var dateFormat: String?
    @Flag(help: "Amounts are written like 1.234,56.") var decimalComma = false
    @Flag(help: "Import the good rows; write the bad ones to FILE.rejected.csv.") var skipInvalid = false
    @Option(help: "Currency for purchases without one (default: the workspace's).") var currency: String?

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            Output.error("cannot read '\(file)': no such file or not readable")
            throw ExitCode.failure
        }
        let started = Date()
        let progress = ProgressBar()
        let outcome = try await global.withSession { session in
            let options = ImportOptions(
                dateFormat: dateFormat, decimalComma: decimalComma,
                defaultCurrency: currency?.uppercased() ?? session.workspace.currency)
            defer { progress.finish() }
            return try await session.importCSV(
                kind, bytes: [UInt8](data), source: file, options: options, skipInvalid: skipInvalid,
                progress: { progress.update($0, $1, $2) })
        }
        let seconds = Date().timeIntervalSince(started)
        var text = "imported \(outcome.imported) of \(outcome.rows) \(kind.rawValue) rows from \(file) in \(String(format: "%.1f", seconds)) s"
        if kind == .customers { text += " (\(outcome.created) new, \(outcome.updated) updated)" }
        Output.line(text)
        if !outcome.rejected.isEmpty {
            let rejectedFile = file + ".rejected.csv"
            var csv = CSVWriter.line(outcome.header + ["reason"])
            for row in outcome.rejected {
                let reason = row.errors.map { $0.column.isEmpty ? $0.message : "\($0.column): \($0.message)" }.joined(separator: "; ")
                csv += CSVWriter.line(row.fields + Array(repeating: "", count: max(0, outcome.header.count - row.fields.count)) + [reason])
            }
            do {
                try csv.write(toFile: rejectedFile, atomically: true, encoding: .utf8)
            } catch {
                Output.error("could not write \(rejectedFile): \(error.localizedDescription)")
                throw ExitCode.failure
            }
            Output.line("rejected \(outcome.rejected.count) rows; written with reasons to \(rejectedFile)")
        }
    }
}
