import ArgumentParser
import Foundation
import PaladinCore
import PaladinStore
import PaladinViews

struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List, show, export and import journey models.",
        subcommands: [List.self, Show.self, Export.self, Import.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the workspace's models.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "table, json or csv.") var format = OutputFormat.table

        func run() async throws {
            let (models, language) = try await global.withSession { session in
                (try await session.models(), session.workspace.language)
            }
            if format == .json {
                Output.line(Output.json(models.map { ModelSummary($0, language: language) }))
                return
            }
            Output.rows(format, ["key", "kind", "cyclic", "stages", "name", "version", "built_in"], models.map { stored in
                let model = stored.model
                return [model.key, model.kind.rawValue, String(model.cyclic), String(model.stages.count),
                        model.names.text(language), String(stored.version), String(stored.builtIn)]
            })
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one model: states, stages, markers, playbooks.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The model key.") var key: String
        @Option(help: "table, json or csv.") var format = OutputFormat.table

        func run() async throws {
            let (model, language) = try await global.withSession { session in (try await session.model(key), session.workspace.language) }
            switch format {
            case .json:
                Output.line(ModelDocument.json(model, explicitNulls: true))
            case .csv:
                var rows: [[String]] = []
                for stage in model.stages {
                    let base = [stage.key, stage.state ?? "", stage.names.text(language), stage.expectedDays.map(String.init) ?? ""]
                    if stage.markers.isEmpty { rows.append(base + ["", ""]) }
                    for marker in stage.markers { rows.append(base + [marker.key, String(marker.required)]) }
                }
                Output.rows(.csv, ["stage", "state", "name", "expected_days", "marker", "required"], rows)
            case .table:
                Output.line(ModelText.render(model, language: language))
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a model as YAML (or JSON) to stdout.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The model key.") var key: String
        @Option(help: "yaml or json.") var format = DocumentFormat.yaml

        func run() async throws {
            let model = try await global.withSession { try await $0.model(key) }
            Output.write(format == .yaml ? ModelDocument.yaml(model) : ModelDocument.json(model) + "\n")
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add or replace a model from a YAML or JSON file; it is validated first and nothing is written on error.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "A YAML or JSON model file.") var file: String

        func run() async throws {
            let text = try readText(file)
            let (stored, created) = try await global.withSession { try await $0.importModel(text, source: file) }
            Output.line("\(created ? "added" : "updated") model '\(stored.model.key)' (version \(stored.version), \(stored.model.stages.count) stages)")
        }
    }
}

enum DocumentFormat: String, ExpressibleByArgument {
    case yaml, json
}

/// Reads a whole text file, or fails naming it.
func readText(_ path: String) throws -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        Output.error("cannot read '\(path)': no such file or not readable")
        throw ExitCode.failure
    }
    guard let text = String(data: data, encoding: .utf8) else {
        Output.error("'\(path)' is not UTF-8 text")
        throw ExitCode.failure
    }
    return text
}
