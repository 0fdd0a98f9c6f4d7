import PaladinCore
import PaladinStore
import PaladinViews

/// The query of `POST /imports/{kind}`: the CLI's options, as query parameters.
struct ImportQuery: Sendable {
    var dateFormat: String?
    var decimalComma = false
    var skipInvalid = false
    var dryRun = false
    var currency: String?

    /// Reads `date_format`, `decimal_comma`, `skip_invalid`, `dry_run` and `currency`; 400 naming each malformed one.
    init(_ parameters: some Sequence<(key: Substring, value: Substring)>) throws {
        var errors: [Problem.FieldError] = []
        func flag(_ name: String, _ text: Substring) -> Bool {
            switch text.lowercased() {
            case "true", "1": return true
            case "false", "0": return false
            default:
                errors.append(.init(field: name, message: "must be true or false"))
                return false
            }
        }
        for (key, value) in parameters {
            switch key {
            case "date_format": dateFormat = String(value).trimmingSpaces.nilIfEmpty
            case "decimal_comma": decimalComma = flag("decimal_comma", value)
            case "skip_invalid": skipInvalid = flag("skip_invalid", value)
            case "dry_run": dryRun = flag("dry_run", value)
            case "currency":
                let code = value.uppercased()
                if code.count == 3, code.allSatisfy({ $0.isASCII && $0.isLetter }) { currency = code } else {
                    errors.append(.init(field: "currency", message: "must be a three-letter currency code such as EUR"))
                }
            default: continue
            }
        }
        guard errors.isEmpty else { throw Problem.badRequest("the query parameters are not valid", errors: errors) }
    }
}

/// What an import did (or, with `dry_run`, would do).
struct ImportResultView: NullPreservingEncodable {
    /// A row left out with `skip_invalid`, with every reason and its fields as read.
    struct RejectedRowView: Encodable {
        let line: Int
        let errors: [Problem.FieldError]
        let values: [String]
    }

    let kind: String
    let dry_run: Bool
    let rows_read: Int
    let inserted: Int
    let updated: Int
    /// Customer rows that matched a stored customer without changing it.
    let unchanged: Int
    let skipped: Int
    /// The first 100 rejected rows.
    let rejected: [RejectedRowView]
    /// Every rejected row as CSV, the file's header plus a `reason` column (the CLI's FILE.rejected.csv); null when none.
    let rejected_csv: String?

    init(_ outcome: ImportOutcome, dryRun: Bool) {
        kind = outcome.kind.rawValue
        dry_run = dryRun
        rows_read = outcome.rows
        let isCustomers = outcome.kind == .customers
        inserted = isCustomers ? outcome.created : outcome.imported
        updated = isCustomers ? outcome.updated : 0
        unchanged = isCustomers ? max(0, outcome.imported - outcome.created - outcome.updated) : 0
        skipped = outcome.rejected.count
        rejected = outcome.rejected.prefix(ImportRejected.listed).map { row in
            RejectedRowView(line: row.line, errors: row.errors.map(ImportProblem.fieldError), values: row.fields)
        }
        if outcome.rejected.isEmpty {
            rejected_csv = nil
        } else {
            var csv = CSVWriter.line(outcome.header + ["reason"])
            for row in outcome.rejected {
                let reason = row.errors.map { $0.column.isEmpty ? $0.message : "\($0.column): \($0.message)" }.joined(separator: "; ")
                csv += CSVWriter.line(row.fields + Array(repeating: "", count: max(0, outcome.header.count - row.fields.count)) + [reason])
            }
            rejected_csv = csv
        }
    }
}

/// A rejected import as a problem: the CLI's report, one `errors` entry per problem.
enum ImportProblem {
    /// `line 12: amount` and the message, like the CLI's `FILE:12: amount: message`.
    static func fieldError(_ error: ImportRowError) -> Problem.FieldError {
        .init(field: error.column.isEmpty ? "line \(error.line)" : "line \(error.line): \(error.column)", message: error.message)
    }

    /// 422 with the first 100 problems and `error_count`; nothing was written.
    static func problem(_ rejected: ImportRejected) -> Problem {
        let detail = rejected.badRows > 0
            ? "\(rejected.badRows) bad row\(rejected.badRows == 1 ? "" : "s"); nothing was imported (use skip_invalid=true to import the good rows)"
            : "the file was rejected; nothing was imported"
        return Problem(status: .unprocessableContent, slug: "import-rejected", detail: detail,
                       errors: rejected.errors.prefix(ImportRejected.listed).map(fieldError), errorCount: rejected.errors.count)
    }
}
