/// One client company: its own models, customers and evidence, isolated from every other workspace.
public struct Workspace: Sendable, Hashable, Codable {
    /// Identifier, chosen by Paladin.
    public var id: Int64
    /// Short unique key, e.g. `default` or `acme`.
    public var key: String
    /// Display name.
    public var name: String
    /// Default language of the interface and model names.
    public var language: String
    /// Default currency of purchases and costs (ISO 4217).
    public var currency: String
    /// When it was created.
    public var createdAt: Timestamp

    /// A workspace.
    public init(id: Int64, key: String, name: String, language: String = "en", currency: String = "EUR", createdAt: Timestamp) {
        self.id = id
        self.key = key
        self.name = name
        self.language = language
        self.currency = currency
        self.createdAt = createdAt
    }

    enum CodingKeys: String, CodingKey {
        case id, key, name, language, currency
        case createdAt = "created_at"
    }

    /// True for a three-letter upper-case currency code.
    public static func isCurrencyCode(_ text: String) -> Bool {
        text.utf8.count == 3 && text.utf8.allSatisfy { $0 >= 65 && $0 <= 90 }
    }
}
