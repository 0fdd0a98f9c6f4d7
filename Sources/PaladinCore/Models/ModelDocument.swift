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
            guard let node = try Yams.compose(yaml: joiningSurrogatePairs(text)) else {
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

    /// JSON writes characters beyond U+FFFF as two escapes (`"\ud83d\ude00"`, Python's `json.dumps` does so by
    /// default); YAML, which reads our JSON too, wants one (`"\U0001F600"`). Rewrites each escaped pair in place, so
    /// lines stay where they were. A lone surrogate is no character and stays for the parser to refuse.
    static func joiningSurrogatePairs(_ text: String) -> String {
        guard text.contains("\\u") else { return text }
        let scalars = Array(text.unicodeScalars)
        func hex(_ start: Int) -> UInt32? {
            guard start + 4 <= scalars.count else { return nil }
            return UInt32(String(String.UnicodeScalarView(scalars[start..<start + 4])), radix: 16)
        }
        var result = String.UnicodeScalarView()
        var index = 0
        var backslashes = 0
        while index < scalars.count {
            let scalar = scalars[index]
            // An escape starts at a backslash that is not itself escaped.
            if scalar == "\\", backslashes % 2 == 0, index + 11 < scalars.count,
               scalars[index + 1] == "u",
               let high = hex(index + 2), (0xD800...0xDBFF).contains(high),
               scalars[index + 6] == "\\", scalars[index + 7] == "u",
               let low = hex(index + 8), (0xDC00...0xDFFF).contains(low) {
                let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                result.append(contentsOf: "\\U".unicodeScalars)
                result.append(contentsOf: String(code, radix: 16, uppercase: true).leftPadded(to: 8).unicodeScalars)
                index += 12
                backslashes = 0
                continue
            }
            backslashes = scalar == "\\" ? backslashes + 1 : 0
            result.append(scalar)
            index += 1
        }
        return String(result)
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
        // Encoding plain value types cannot fail; a failure here is a programming error. Letters of every language are
        // written as themselves (not `\u015B` escapes): people read and edit this text (the web page's YAML editor).
        let encoder = YAMLEncoder()
        encoder.options.allowUnicode = true
        return (try? encoder.encode(model)) ?? ""
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

private extension String {
    /// The text with leading zeros up to `width` characters.
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: Swift.max(0, width - count)) + self }
}
