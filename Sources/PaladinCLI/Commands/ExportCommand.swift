import ArgumentParser
import PaladinCore
import PaladinStore

extension ExportKind: ExpressibleByArgument {}

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export customers, purchases, costs, interactions, surveys or moves as CSV or JSON to stdout.",
        discussion: "The CSV columns are the ones `paladin import` reads, so an export can be imported elsewhere.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "customers, purchases, costs, interactions, surveys or moves.") var kind: ExportKind
    @Option(help: "csv or json.") var format = ExportFormat.csv

    enum ExportFormat: String, ExpressibleByArgument { case csv, json }

    func run() async throws {
        let header = kind.header
        var first = true
        if format == .csv { Output.write(CSVWriter.line(header)) } else { Output.write("[") }
        try await global.withSession { session in
            try await session.export(kind) { rows in
                var text = ""
                for row in rows {
                    if format == .csv {
                        text += CSVWriter.line(row.map(\.cell))
                    } else {
                        let object = Dictionary(uniqueKeysWithValues: zip(header, row))
                        text += (first ? "\n" : ",\n") + Output.compactJSON(object)
                        first = false
                    }
                }
                Output.write(text)
            }
        }
        if format == .json { Output.write(first ? "]\n" : "\n]\n") }
    }
}
