/// One problem found in a model document: where it is and what is wrong.
public struct ModelIssue: Sendable, Hashable, CustomStringConvertible {
    /// Where in the document, e.g. `stages[2].markers[0].key`; empty for the whole document.
    public var path: String
    /// The line in the source text, when known.
    public var line: Int?
    /// What is wrong.
    public var message: String

    /// An issue at `path`.
    public init(path: String, line: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    /// `path: message`.
    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}

/// A model document that cannot be accepted, with every issue found in it.
public struct ModelDocumentError: Error, Sendable, CustomStringConvertible {
    /// The file or name the document came from.
    public var source: String
    /// Every problem found, in document order.
    public var issues: [ModelIssue]
    /// The text is empty or not YAML/JSON at all, as opposed to a document that reads but breaks the rules.
    public var isUnreadable: Bool

    /// An error for `source`.
    public init(source: String, issues: [ModelIssue], isUnreadable: Bool = false) {
        self.source = source
        self.issues = issues
        self.isUnreadable = isUnreadable
    }

    /// One line per issue: `SOURCE:LINE: path: message`.
    public var description: String {
        issues.map { issue in
            let location = issue.line.map { "\(source):\($0)" } ?? source
            return "\(location): \(issue)"
        }.joined(separator: "\n")
    }
}
