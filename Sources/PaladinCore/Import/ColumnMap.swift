/// Which position in a CSV header holds which column of an import.
public struct ColumnMap: Sendable {
    /// Position of each known column found, by canonical name.
    public let positions: [String: Int]
    /// Header positions and names of columns the import does not know (customers keep them as attributes).
    public let extras: [(index: Int, name: String)]

    /// Matches `header` against `kind`'s columns; errors (on line `headerLine`) name missing and repeated columns.
    public init(header: [String], kind: ImportKind, headerLine: Int = 1) throws(ImportHeaderError) {
        var positions: [String: Int] = [:]
        var extras: [(Int, String)] = []
        var errors: [ImportRowError] = []
        for (index, raw) in header.enumerated() {
            let name = Self.normalise(raw)
            guard let column = kind.columns.first(where: { $0.name == name || $0.aliases.contains(name) }) else {
                if !name.isEmpty { extras.append((index, raw.trimmingSpaces)) }
                continue
            }
            if let other = positions[column.name] {
                errors.append(ImportRowError(line: headerLine, column: column.name,
                    message: "appears twice in the header (columns \(other + 1) and \(index + 1))"))
            } else {
                positions[column.name] = index
            }
        }
        for column in kind.columns where column.required && positions[column.name] == nil {
            let found = header.map { $0.trimmingSpaces }.joined(separator: ", ")
            errors.append(ImportRowError(line: headerLine, column: column.name,
                message: "missing column (a \(kind.rawValue) file needs: \(kind.columns.filter(\.required).map(\.name).joined(separator: ", ")); found: \(found))"))
        }
        if !errors.isEmpty { throw ImportHeaderError(errors: errors) }
        self.positions = positions
        self.extras = extras
    }

    /// The field of `record` in `column`, trimmed; nil when the column is absent or the cell empty.
    public func value(_ column: String, in fields: [String]) -> String? {
        guard let index = positions[column], index < fields.count else { return nil }
        let value = fields[index].trimmingSpaces
        return value.isEmpty ? nil : value
    }

    /// Lowercase, with spaces and dashes as underscores.
    static func normalise(_ name: String) -> String {
        String(name.trimmingSpaces.lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
    }
}

/// The header of a file does not fit the import, or the import's date format is unusable.
public struct ImportHeaderError: Error, Sendable {
    /// One error per problem, all on the header line.
    public var errors: [ImportRowError]
    /// What is wrong with `--date-format`, when that is the problem.
    public var badDateFormat: String?

    /// Header problems (and a date-format problem, if any).
    public init(errors: [ImportRowError], badDateFormat: String? = nil) {
        self.errors = errors
        self.badDateFormat = badDateFormat
    }
}
