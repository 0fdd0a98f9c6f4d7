import Foundation
import Yams

/// Reads and writes journey models as YAML or JSON documents, with errors that name the line and field.
public enum ModelDocument {
    /// Parses and validates a model from YAML or JSON text (JSON is YAML too).
    /// `others` are the workspace's other models, used to check mirror links.
    public static func decode(
        _ text: String,
        source: String,
        others: [String: JourneyModel] = [:],
        checkRule: (String) -> String? = { _ in nil }
    ) throws(ModelDocumentError) -> JourneyModel {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ModelDocumentError(source: source, issues: [ModelIssue(path: "", message: "the document is empty")], isUnreadable: true)
            }
            root = node
        } catch let error as ModelDocumentError {
            throw error
        } catch let error as YamlError {
            throw ModelDocumentError(source: source, issues: [syntaxIssue(error)], isUnreadable: true)
        } catch {
            throw ModelDocumentError(source: source, issues: [ModelIssue(path: "", message: "cannot read the document")], isUnreadable: true)
        }
        var reader = NodeReader()
        let model = reader.model(root)
        guard let model, reader.issues.isEmpty else {
            throw ModelDocumentError(source: source, issues: inDocumentOrder(reader.issues))
        }
        let problems = ModelValidator.issues(in: model, others: others, checkRule: checkRule).map { issue in
            var located = issue
            located.line = reader.line(for: issue.path)
            return located
        }
        guard problems.isEmpty else { throw ModelDocumentError(source: source, issues: inDocumentOrder(problems)) }
        return model
    }

    /// Issues sorted by line (those without one last), keeping the order of issues on the same line.
    private static func inDocumentOrder(_ issues: [ModelIssue]) -> [ModelIssue] {
        issues.enumerated().sorted { lhs, rhs in
            let (left, right) = (lhs.element.line ?? Int.max, rhs.element.line ?? Int.max)
            return left != right ? left < right : lhs.offset < rhs.offset
        }.map(\.element)
    }

    /// The model as a YAML document.
    public static func yaml(_ model: JourneyModel) -> String {
        // Encoding plain value types cannot fail; a failure here is a programming error.
        (try? YAMLEncoder().encode(model)) ?? ""
    }

    /// The model as a JSON document (snake_case keys), with explicit nulls when `explicitNulls`.
    public static func json(_ model: JourneyModel, pretty: Bool = true, explicitNulls: Bool = false) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys]
        encoder.userInfo[.paladinExplicitNulls] = explicitNulls
        return (try? String(decoding: encoder.encode(model), as: UTF8.self)) ?? "{}"
    }

    /// A model stored by Paladin itself (already validated) from its JSON form.
    public static func stored(_ json: String) throws -> JourneyModel {
        try JSONDecoder().decode(JourneyModel.self, from: Data(json.utf8))
    }

    private static func syntaxIssue(_ error: YamlError) -> ModelIssue {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return ModelIssue(path: "", line: mark.line, message: "not valid YAML or JSON: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ModelIssue(path: "", line: context.mark.line, message: "duplicate field(s): \(duplicates.joined(separator: ", "))")
        default:
            return ModelIssue(path: "", message: "not valid YAML or JSON")
        }
    }
}
