/// A text written in one or more languages, keyed by language code (`en`, `ro`, `ru`, `pl`, `it`).
public struct LocalizedText: Sendable, Hashable, Codable {
    /// The texts by language code.
    public var values: [String: String]

    /// The languages the interface and the built-in models are written in.
    public static let supportedLanguages = ["en", "ro", "ru", "pl", "it"]

    /// A text in one or more languages.
    public init(_ values: [String: String]) {
        self.values = values
    }

    /// A text in English only.
    public init(english: String) {
        self.values = ["en": english]
    }

    /// True when no language has a non-blank text.
    public var isBlank: Bool {
        !values.values.contains { !$0.trimmingSpaces.isEmpty }
    }

    /// The text in `language`, else English, else the first language alphabetically; empty when blank.
    public func text(_ language: String = "en") -> String {
        if let value = values[language], !value.isEmpty { return value }
        if let value = values["en"], !value.isEmpty { return value }
        return values.keys.sorted().lazy.compactMap { self.values[$0] }.first { !$0.isEmpty } ?? ""
    }

    /// Decodes either a plain string (English) or a map of language to text.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let plain = try? container.decode(String.self) {
            self.values = ["en": plain]
        } else {
            self.values = try container.decode([String: String].self)
        }
    }

    /// Encodes as a map of language to text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(values)
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks.
    public var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = self.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = self.lastIndex(where: { !isSpace($0) })!
        return String(self[first...last])
    }
}
