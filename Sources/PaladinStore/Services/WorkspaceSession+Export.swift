import PaladinCore
import SQLKit

/// What `export` can write; the CSV columns are those the matching import reads.
public enum ExportKind: String, Sendable, CaseIterable {
    case customers, purchases, costs, interactions, surveys, moves

    /// The columns, in order.
    public var header: [String] {
        switch self {
        case .customers: return ["external_id", "name", "kind", "email", "phone", "company", "owner", "tags", "paladin_id"]
        case .purchases: return ["customer", "date", "amount", "currency", "reference"]
        case .costs: return ["customer", "date", "amount", "category", "note"]
        case .interactions: return ["customer", "date", "channel", "kind", "summary", "markers", "decision", "follow_up"]
        case .surveys: return ["customer", "date", "score", "comment"]
        case .moves: return ["customer", "model", "from", "to", "kind", "at", "actor", "decision", "reason", "overridden_markers", "skipped_stages"]
        }
    }
}

/// One exported value: text, a whole number, or nothing.
public enum ExportValue: Sendable, Hashable, Encodable {
    case text(String)
    case number(Int64)
    case null

    /// The value as a CSV cell.
    public var cell: String {
        switch self {
        case .text(let text): return text
        case .number(let number): return String(number)
        case .null: return ""
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .number(let number): try container.encode(number)
        case .null: try container.encodeNil()
        }
    }
}

extension WorkspaceSession {
    /// Calls `page` with successive pages of rows (columns as in `kind.header`) until all are exported.
    public func export(_ kind: ExportKind, pageSize: Int = 5_000, page: ([[ExportValue]]) async throws -> Void) async throws {
        let sql = database.sql
        var references: [Int64: String] = [:]
        if kind != .customers {
            for row in try await sql.raw("SELECT id, external_id FROM customers WHERE workspace_id = \(bind: id)").all() {
                let customer = try row.decode(column: "id", as: Int64.self)
                references[customer] = try row.decode(column: "external_id", as: String?.self) ?? String(customer)
            }
        }
        let table: String
        switch kind {
        case .customers: table = "customers"
        case .purchases: table = "purchases"
        case .costs: table = "costs"
        case .interactions: table = "interactions"
        case .surveys: table = "survey_responses"
        case .moves: table = "moves"
        }
        var after: Int64 = 0
        while true {
            let rows = try await sql.select().columns("*").from(table).where("workspace_id", .equal, id)
                .where("id", .greaterThan, after).orderBy("id").limit(pageSize).all()
            guard let last = rows.last else { return }
            after = try last.decode(column: "id", as: Int64.self)
            var extras: [Int64: (markers: String, followUp: String?)] = [:]
            if kind == .interactions { extras = try await interactionExtras(rows) }
            let customerTags = kind == .customers ? try await tags(rows) : [:]
            try await page(try rows.map { row in try exportRow(kind, row, references: references, extras: extras, tags: customerTags) })
        }
    }

    private func exportRow(
        _ kind: ExportKind, _ row: any SQLRow, references: [Int64: String],
        extras: [Int64: (markers: String, followUp: String?)], tags: [Int64: String]
    ) throws -> [ExportValue] {
        func text(_ column: String) throws -> ExportValue {
            try row.decode(column: column, as: String?.self).map(ExportValue.text) ?? .null
        }
        func date(_ column: String) throws -> ExportValue {
            .text(Timestamp(seconds: try row.decode(column: column, as: Int64.self)).description)
        }
        func amount() throws -> ExportValue { .text(Money(cents: try row.decode(column: "amount_cents", as: Int64.self)).description) }
        let recordId = try row.decode(column: "id", as: Int64.self)
        if kind == .customers {
            return [try text("external_id"), try text("name"), try text("kind"), try text("email"), try text("phone"),
                    try text("company"), try text("owner"), .text(tags[recordId] ?? ""), .number(recordId)]
        }
        let customer = ExportValue.text(references[try row.decode(column: "customer_id", as: Int64.self)] ?? "")
        switch kind {
        case .customers: return []
        case .purchases: return [customer, try date("at"), try amount(), try text("currency"), try text("reference")]
        case .costs: return [customer, try date("at"), try amount(), try text("category"), try text("note")]
        case .surveys: return [customer, try date("at"), .number(Int64(try row.decode(column: "score", as: Int.self))), try text("comment")]
        case .interactions:
            let extra = extras[recordId]
            return [customer, try date("at"), try text("channel"), try text("kind"), try text("summary"),
                    .text(extra?.markers ?? ""), try text("decision"), extra?.followUp.map(ExportValue.text) ?? .null]
        case .moves:
            return [customer, try text("model_key"), try text("from_stage"), try text("to_stage"), try text("kind"), try date("at"),
                    try text("actor"), try text("decision"), try text("reason"), try text("overridden_markers"), try text("skipped_stages")]
        }
    }

    private func interactionExtras(_ rows: [any SQLRow]) async throws -> [Int64: (markers: String, followUp: String?)] {
        let ids = try rows.map { try $0.decode(column: "id", as: Int64.self) }
        var markers: [Int64: [String]] = [:]
        var followUps: [Int64: String] = [:]
        for row in try await database.sql.select().columns("interaction_id", "model_key", "marker_key").from("markers_met")
            .where("workspace_id", .equal, id).where("interaction_id", .in, ids).orderBy("id").all() {
            markers[try row.decode(column: "interaction_id", as: Int64.self), default: []]
                .append("\(try row.decode(column: "model_key", as: String.self)):\(try row.decode(column: "marker_key", as: String.self))")
        }
        for row in try await database.sql.select().columns("interaction_id", "due_on").from("follow_ups")
            .where("workspace_id", .equal, id).where("interaction_id", .in, ids).all() {
            followUps[try row.decode(column: "interaction_id", as: Int64.self)] = try row.decode(column: "due_on", as: String.self)
        }
        var result: [Int64: (String, String?)] = [:]
        for interaction in ids { result[interaction] = ((markers[interaction] ?? []).joined(separator: " "), followUps[interaction]) }
        return result
    }

    private func tags(_ rows: [any SQLRow]) async throws -> [Int64: String] {
        let ids = try rows.map { try $0.decode(column: "id", as: Int64.self) }
        var tags: [Int64: [String]] = [:]
        for row in try await database.sql.select().columns("customer_id", "tag").from("customer_tags")
            .where("workspace_id", .equal, id).where("customer_id", .in, ids).orderBy("tag").all() {
            tags[try row.decode(column: "customer_id", as: Int64.self), default: []].append(try row.decode(column: "tag", as: String.self))
        }
        return tags.mapValues { $0.joined(separator: "|") }
    }
}
