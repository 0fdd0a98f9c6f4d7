/// Whether a customer is a person or an organisation.
public enum CustomerKind: String, Sendable, Codable, CaseIterable {
    case person, organisation
}

/// A customer of the workspace's company.
public struct Customer: Sendable, Hashable, Codable {
    /// Identifier within the workspace, chosen by Paladin.
    public var id: Int64
    /// The customer's id in the company's other systems; unique in the workspace when present.
    public var externalId: String?
    /// Display name.
    public var name: String
    /// Person or organisation.
    public var kind: CustomerKind
    /// Email address.
    public var email: String?
    /// Phone number.
    public var phone: String?
    /// The company the person belongs to.
    public var company: String?
    /// Who in the workspace looks after this customer (email or name).
    public var owner: String?
    /// Free labels, lowercase.
    public var tags: [String]
    /// Free attributes from other systems.
    public var attributes: [String: String]
    /// When the customer was added.
    public var createdAt: Timestamp
    /// When the customer was last changed.
    public var updatedAt: Timestamp
    /// Increases with every change; guards against lost updates.
    public var version: Int64

    /// A customer.
    public init(
        id: Int64, externalId: String? = nil, name: String, kind: CustomerKind = .person, email: String? = nil,
        phone: String? = nil, company: String? = nil, owner: String? = nil, tags: [String] = [],
        attributes: [String: String] = [:], createdAt: Timestamp, updatedAt: Timestamp, version: Int64 = 1
    ) {
        self.id = id
        self.externalId = externalId
        self.name = name
        self.kind = kind
        self.email = email
        self.phone = phone
        self.company = company
        self.owner = owner
        self.tags = tags
        self.attributes = attributes
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }

    enum CodingKeys: String, CodingKey {
        case id, name, kind, email, phone, company, owner, tags, attributes, version
        case externalId = "external_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

/// The editable fields of a customer, validated before anything is stored.
public struct CustomerDraft: Sendable, Hashable {
    public var externalId: String?
    public var name: String
    public var kind: CustomerKind
    public var email: String?
    public var phone: String?
    public var company: String?
    public var owner: String?
    public var tags: [String]
    public var attributes: [String: String]

    /// A draft; text fields are trimmed, empty ones become nil, tags are lowercased, de-duplicated and sorted.
    public init(
        externalId: String? = nil, name: String, kind: CustomerKind = .person, email: String? = nil,
        phone: String? = nil, company: String? = nil, owner: String? = nil, tags: [String] = [],
        attributes: [String: String] = [:]
    ) {
        self.externalId = externalId?.trimmingSpaces.nilIfEmpty
        self.name = name.trimmingSpaces
        self.kind = kind
        self.email = email?.trimmingSpaces.nilIfEmpty
        self.phone = phone?.trimmingSpaces.nilIfEmpty
        self.company = company?.trimmingSpaces.nilIfEmpty
        self.owner = owner?.trimmingSpaces.nilIfEmpty
        var seen = Set<String>()
        self.tags = tags.map { $0.trimmingSpaces.lowercased() }.filter { !$0.isEmpty && seen.insert($0).inserted }.sorted()
        self.attributes = attributes
    }

    /// Problems with the draft, as (field, message) pairs; empty when it can be stored.
    public func problems() -> [(field: String, message: String)] {
        var problems: [(String, String)] = []
        if name.isEmpty { problems.append(("name", "is empty")) }
        if name.count > 300 { problems.append(("name", "is longer than 300 characters")) }
        if let externalId, externalId.count > 200 { problems.append(("external_id", "is longer than 200 characters")) }
        if let email, !Self.looksLikeEmail(email) { problems.append(("email", "'\(email)' is not an email address")) }
        return problems
    }

    /// A loose check: one `@` with text on both sides and a dot in the domain, no spaces.
    public static func looksLikeEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !text.contains(" ") else { return false }
        return !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
    }
}
