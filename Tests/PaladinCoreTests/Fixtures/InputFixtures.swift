@testable import PaladinCore

// The inputs Paladin reads from people: model documents and CSV rows.

/// Decoding helpers for the model-document tests.
enum ModelDocumentFixture {
    /// The name the documents are decoded under.
    static let source = "demo.yaml"

    /// The issues `ModelDocument.decode` reports for `text`; empty when it is accepted.
    static func issues(_ text: String, others: [String: JourneyModel] = [:]) -> [ModelIssue] {
        do {
            _ = try ModelDocument.decode(text, source: source, others: others)
            return []
        } catch {
            return error.issues
        }
    }

    /// The error `ModelDocument.decode` throws for `text`, nil when it is accepted.
    static func error(_ text: String, others: [String: JourneyModel] = [:]) -> ModelDocumentError? {
        do {
            _ = try ModelDocument.decode(text, source: source, others: others)
            return nil
        } catch {
            return error
        }
    }

    /// A model with red and blue states, for mirror checks.
    static let colours = JourneyModel(
        key: "colours", names: LocalizedText(english: "Colours"),
        states: [
            JourneyState(key: "red", names: LocalizedText(english: "Red"), color: "#ff0000"),
            JourneyState(key: "blue", names: LocalizedText(english: "Blue"), color: "#0000ff"),
        ],
        stages: [
            Stage(key: "stop", names: LocalizedText(english: "Stop"), state: "red"),
            Stage(key: "calm", names: LocalizedText(english: "Calm"), state: "blue"),
        ]
    )
}


/// A workspace's known customers and markers, and helpers to parse one row.
enum ImportFixture {
    /// Customers C-1 and C-2, and two markers of pro-customer.
    static let context = ImportContext(
        externalIds: ["C-1": 11, "C-2": 12],
        markers: ["pro-customer": ["problem-named", "result-stated"]]
    )

    /// Midnight UTC on 2026-03-`day`.
    static func march(_ day: Int, hour: Int = 0, minute: Int = 0) -> Timestamp {
        Timestamp(seconds: (20_512 + Int64(day)) * 86_400 + Int64(hour * 3600 + minute * 60))
    }

    /// A parser for `kind` files with `header`.
    static func parser(_ kind: ImportKind, _ header: [String], options: ImportOptions = ImportOptions()) throws -> ImportRowParser {
        try ImportRowParser(kind: kind, header: header, options: options, context: context)
    }

    /// The row parsed on line `line`, or the thrown `RowErrors`.
    static func row(_ kind: ImportKind, _ header: [String], _ fields: [String], line: Int = 2,
                    options: ImportOptions = ImportOptions()) throws -> ImportedRow {
        try parser(kind, header, options: options).parse(line: line, fields: fields).get()
    }

    /// The errors of a row; empty when it is accepted.
    static func errors(_ kind: ImportKind, _ header: [String], _ fields: [String], line: Int = 2,
                       options: ImportOptions = ImportOptions()) throws -> [ImportRowError] {
        switch try parser(kind, header, options: options).parse(line: line, fields: fields) {
        case .success: return []
        case .failure(let failure): return failure.errors
        }
    }
}
