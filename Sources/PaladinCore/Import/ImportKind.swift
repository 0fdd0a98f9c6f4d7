/// What a CSV file holds.
public enum ImportKind: String, Sendable, CaseIterable {
    case customers, purchases, costs, interactions, surveys

    /// The columns of this kind: canonical name, accepted aliases, and whether it must be present.
    public var columns: [ImportColumn] {
        switch self {
        case .customers:
            return [
                ImportColumn("external_id", aliases: ["id", "customer", "customer_id", "externalid", "ext_id", "client_id"], required: true),
                ImportColumn("name", aliases: ["full_name", "customer_name", "client", "client_name"], required: true),
                ImportColumn("email", aliases: ["e_mail", "mail", "email_address"]),
                ImportColumn("phone", aliases: ["telephone", "tel", "mobile", "phone_number"]),
                ImportColumn("company", aliases: ["organisation", "organization", "account", "company_name"]),
                ImportColumn("owner", aliases: ["account_owner", "owner_email", "assigned_to"]),
                ImportColumn("tags", aliases: ["labels", "tag"]),
                ImportColumn("kind", aliases: ["type", "customer_type"]),
            ]
        case .purchases:
            return [
                Self.customerColumn,
                ImportColumn("date", aliases: ["purchased_at", "order_date", "purchase_date", "when", "timestamp"], required: true),
                ImportColumn("amount", aliases: ["total", "value", "revenue", "price"], required: true),
                ImportColumn("currency", aliases: ["ccy"]),
                ImportColumn("reference", aliases: ["order", "order_id", "invoice", "invoice_number", "ref"]),
            ]
        case .costs:
            return [
                Self.customerColumn,
                ImportColumn("date", aliases: ["when", "cost_date", "timestamp"], required: true),
                ImportColumn("amount", aliases: ["cost", "value", "total"], required: true),
                ImportColumn("category", aliases: ["type", "cost_category"]),
                ImportColumn("note", aliases: ["description", "comment"]),
            ]
        case .interactions:
            return [
                Self.customerColumn,
                ImportColumn("date", aliases: ["when", "occurred_at", "timestamp"], required: true),
                ImportColumn("channel", aliases: ["medium"], required: true),
                ImportColumn("kind", aliases: ["type", "interaction_type"], required: true),
                ImportColumn("summary", aliases: ["notes", "note", "subject", "description"], required: true),
                ImportColumn("markers", aliases: ["marker", "markers_met"]),
                ImportColumn("decision", aliases: ["customer_decision"]),
                ImportColumn("follow_up", aliases: ["followup", "follow_up_date", "next_contact", "due"]),
            ]
        case .surveys:
            return [
                Self.customerColumn,
                ImportColumn("date", aliases: ["answered_at", "when", "timestamp"], required: true),
                ImportColumn("score", aliases: ["nps", "rating", "recommend"], required: true),
                ImportColumn("comment", aliases: ["why", "feedback", "reason"]),
            ]
        }
    }

    private static let customerColumn = ImportColumn(
        "customer", aliases: ["customer_id", "external_id", "customer_external_id", "client", "client_id"], required: true)
}

/// One column an import understands.
public struct ImportColumn: Sendable, Hashable {
    /// The documented name.
    public var name: String
    /// Other header names accepted for it (matched case-insensitively; spaces and dashes count as `_`).
    public var aliases: [String]
    /// Whether the file must have it.
    public var required: Bool

    init(_ name: String, aliases: [String] = [], required: Bool = false) {
        self.name = name
        self.aliases = aliases
        self.required = required
    }
}

/// A problem with one row (or with the header, on line 1).
public struct ImportRowError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The line the row starts on.
    public var line: Int
    /// The column concerned (canonical name), or empty for the whole row.
    public var column: String
    /// What is wrong.
    public var message: String

    /// An error at `line` in `column`.
    public init(line: Int, column: String, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// `LINE: COLUMN: message` (the caller puts the file name in front).
    public var description: String { column.isEmpty ? "\(line): \(message)" : "\(line): \(column): \(message)" }
}

/// How values in a file are written.
public struct ImportOptions: Sendable {
    /// A custom date format (`DD.MM.YYYY`…); ISO 8601 when nil.
    public var dateFormat: String?
    /// Amounts are written like `1.234,56`.
    public var decimalComma: Bool
    /// The currency of purchases that name none.
    public var defaultCurrency: String

    /// Options; ISO dates and `.` decimals by default.
    public init(dateFormat: String? = nil, decimalComma: Bool = false, defaultCurrency: String = "EUR") {
        self.dateFormat = dateFormat
        self.decimalComma = decimalComma
        self.defaultCurrency = defaultCurrency
    }
}
