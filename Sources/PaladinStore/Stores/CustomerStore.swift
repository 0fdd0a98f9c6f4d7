import Foundation
import PaladinCore
import SQLKit

/// Filters, sorting and paging for listing customers.
public struct CustomerQuery: Sendable, Hashable {
    /// With `stage`: customers at that stage of this model.
    public var model: String?
    public var stage: String?
    public var owner: String?
    public var tag: String?
    /// Case-insensitive match in name, external id, email or company.
    public var text: String?
    public var sort: CustomerSort
    public var limit: Int
    public var offset: Int
    /// Only customers with an id above this one (cursor pagination; use with `sort: .id`).
    public var afterId: Int64?
    /// The direction of `sort`; nil keeps each sort's usual one (most recently updated first, otherwise ascending).
    /// When set, ties are broken by id in the same direction, so the order is total and keyset pages are exact.
    public var descending: Bool?
    /// Keyset pagination: only customers after this one in the order of `sort` and `descending`.
    public var after: CustomerCursor?

    /// A query; everything optional.
    public init(
        model: String? = nil, stage: String? = nil, owner: String? = nil, tag: String? = nil, text: String? = nil,
        sort: CustomerSort = .name, limit: Int = 100, offset: Int = 0, afterId: Int64? = nil, descending: Bool? = nil,
        after: CustomerCursor? = nil
    ) {
        self.afterId = afterId
        self.descending = descending
        self.after = after
        self.model = model
        self.stage = stage
        self.owner = owner
        self.tag = tag
        self.text = text
        self.sort = sort
        self.limit = limit
        self.offset = offset
    }
}

/// How customer lists are ordered.
public enum CustomerSort: String, Sendable, CaseIterable {
    case name, id, created, updated

    /// The column sorted on; a fixed text, never input.
    var column: String {
        switch self {
        case .name: return "c.name"
        case .id: return "c.id"
        case .created: return "c.created_at"
        case .updated: return "c.updated_at"
        }
    }
}

/// Where a keyset page of customers starts: the sort value and id of the last customer of the page before.
public struct CustomerCursor: Sendable, Hashable {
    /// A sort value: a name, or a number (seconds for times, the id itself for `.id`).
    public enum Value: Sendable, Hashable {
        case text(String)
        case number(Int64)
    }

    public var sort: CustomerSort
    public var descending: Bool
    public var value: Value
    public var id: Int64

    /// A cursor from its parts; `value` must be of the kind `sort` compares (text for `.name`, else a number).
    public init(sort: CustomerSort, descending: Bool, value: Value, id: Int64) {
        self.sort = sort
        self.descending = descending
        self.value = value
        self.id = id
    }

    /// The cursor just after `customer` in the order of `sort`.
    public init(after customer: Customer, sort: CustomerSort, descending: Bool) {
        let value: Value
        switch sort {
        case .name: value = .text(customer.name)
        case .id: value = .number(customer.id)
        case .created: value = .number(customer.createdAt.seconds)
        case .updated: value = .number(customer.updatedAt.seconds)
        }
        self.init(sort: sort, descending: descending, value: value, id: customer.id)
    }

    /// Whether `value` is of the kind `sort` compares.
    public var isWellFormed: Bool {
        switch (sort, value) {
        case (.name, .text), (.id, .number), (.created, .number), (.updated, .number): return true
        default: return false
        }
    }
}

/// Customers of one workspace.
public struct CustomerStore: Sendable {
    let sql: any SQLDatabase
    let workspace: Int64
    let writer: any RowWriter

    /// The customers of `workspace` in `sql`; bulk rows go through `writer` (default: portable SQL).
    public init(_ sql: any SQLDatabase, workspace: Int64, writer: (any RowWriter)? = nil) {
        self.sql = sql
        self.workspace = workspace
        self.writer = writer ?? SQLRowWriter(sql: sql)
    }

    /// The customer with `id`.
    public func find(id: Int64) async throws -> Customer? {
        try await load(sql.raw(select(where: "c.id = \(bind: id)")).all()).first
    }

    /// The customer with `externalId`.
    public func find(externalId: String) async throws -> Customer? {
        try await load(sql.raw(select(where: "c.external_id = \(bind: externalId)")).all()).first
    }

    /// The customer an argument names: its external id, else its numeric id (one statement either way).
    public func resolve(_ reference: String) async throws -> Customer? {
        guard let id = Int64(reference) else { return try await find(externalId: reference) }
        let condition: SQLQueryString = """
            (c.external_id = \(bind: reference) OR c.id = \(bind: id)) \
            ORDER BY CASE WHEN c.external_id = \(bind: reference) THEN 0 ELSE 1 END LIMIT 1
            """
        return try await load(sql.raw(select(where: condition)).all()).first
    }

    /// A customer's columns and their tags (as a JSON array, sorted), in one statement.
    func select(where condition: SQLQueryString) -> SQLQueryString {
        "SELECT c.*, \(tagList) FROM customers c WHERE c.workspace_id = \(bind: workspace) AND " + condition
    }

    /// The column `tag_list`: a customer's tags as a JSON array, sorted (an aggregate over the primary key's index).
    /// Each backend has its own JSON aggregate.
    var tagList: SQLQueryString {
        switch DatabaseBackend(sql) {
        case .sqlite:
            return """
                (SELECT json_group_array(tag) FROM (SELECT tag FROM customer_tags t \
                WHERE t.workspace_id = c.workspace_id AND t.customer_id = c.id ORDER BY tag)) AS tag_list
                """
        case .postgres:
            return """
                (SELECT COALESCE(CAST(json_agg(tag ORDER BY tag) AS TEXT), '[]') FROM customer_tags t \
                WHERE t.workspace_id = c.workspace_id AND t.customer_id = c.id) AS tag_list
                """
        }
    }

    /// Customers matching `query`.
    public func list(_ query: CustomerQuery) async throws -> [Customer] {
        var conditions: [SQLQueryString] = ["c.workspace_id = \(bind: workspace)"]
        var joins: SQLQueryString = ""
        if let model = query.model {
            if try await isDense(model: model, stage: query.stage) {
                // Many customers are at this stage: walk the customers in the order of the sort's index and keep those
                // at the stage, stopping at the page's end. SQLite takes the left table of a CROSS JOIN as the outer
                // loop (PostgreSQL plans it as an inner join); otherwise it would read every position of the stage
                // and sort them all — 150 ms per page at 140,000 customers in one stage.
                joins = " CROSS JOIN positions p"
                conditions.append("p.workspace_id = c.workspace_id AND p.customer_id = c.id AND p.model_key = \(bind: model)")
            } else {
                joins = " JOIN positions p ON p.workspace_id = c.workspace_id AND p.customer_id = c.id AND p.model_key = \(bind: model)"
            }
            if let stage = query.stage { conditions.append("p.stage_key = \(bind: stage)") }
        }
        if let owner = query.owner { conditions.append("c.owner = \(bind: owner)") }
        if let afterId = query.afterId { conditions.append("c.id > \(bind: afterId)") }
        if let after = query.after { conditions.append(Self.keyset(after)) }
        if let tag = query.tag?.lowercased() {
            conditions.append(
                "EXISTS (SELECT 1 FROM customer_tags t WHERE t.workspace_id = c.workspace_id AND t.customer_id = c.id AND t.tag = \(bind: tag))"
            )
        }
        if let text = query.text?.lowercased(), !text.isEmpty {
            // `\` escapes the wildcards so `ext_7` matches only `ext_7` (same syntax in SQLite and PostgreSQL).
            let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_")
            let pattern = "%\(escaped)%"
            if let candidates = try await searchCandidates(text) { conditions.append(candidates) }
            conditions.append(
                "(LOWER(c.name) LIKE \(bind: pattern) ESCAPE '\\' OR LOWER(COALESCE(c.external_id, '')) LIKE \(bind: pattern) ESCAPE '\\' OR LOWER(COALESCE(c.email, '')) LIKE \(bind: pattern) ESCAPE '\\' OR LOWER(COALESCE(c.company, '')) LIKE \(bind: pattern) ESCAPE '\\')"
            )
        }
        var statement: SQLQueryString = "SELECT c.*, \(tagList) FROM customers c"
        statement = statement + joins + " WHERE "
        for (index, condition) in conditions.enumerated() {
            statement = statement + (index == 0 ? "" : " AND ") + condition
        }
        let order: String
        if let descending = query.descending ?? query.after?.descending {
            let direction = descending ? "DESC" : "ASC"
            order = query.sort == .id ? "c.id \(direction)" : "\(query.sort.column) \(direction), c.id \(direction)"
        } else {
            switch query.sort {
            case .name: order = "c.name, c.id"
            case .id: order = "c.id"
            case .created: order = "c.created_at, c.id"
            case .updated: order = "c.updated_at DESC, c.id"
            }
        }
        // `order` is one of the fixed texts above, never user input.
        statement = statement + " ORDER BY \(unsafeRaw: order)" + " LIMIT \(bind: query.limit) OFFSET \(bind: query.offset)"
        return try await load(sql.raw(statement).all())
    }

    /// The rowid of a customer in the full-text index `customer_search` (see M015): workspace id × 2⁴⁰ + id.
    static let searchKeyFactor: Int64 = 1 << 40

    /// A condition that narrows a text search to the customers the full-text index finds, or nil when walking the
    /// list is the better way: the text is shorter than a trigram, or it is common (at least ``denseThreshold``
    /// matches, so a page of them is found by reading customers in order). The `LIKE` conditions still decide.
    func searchCandidates(_ text: String) async throws -> SQLQueryString? {
        guard text.unicodeScalars.count >= 3, DatabaseBackend(sql) == .sqlite else { return nil }
        let phrase = "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        let low = workspace * Self.searchKeyFactor, high = (workspace + 1) * Self.searchKeyFactor
        let probe: SQLQueryString = """
            SELECT COUNT(*) AS n FROM (SELECT 1 FROM customer_search WHERE customer_search MATCH \(bind: phrase) \
            AND rowid >= \(bind: low) AND rowid < \(bind: high) LIMIT \(bind: Self.denseThreshold)) AS probe
            """
        guard try await sql.raw(probe).first()?.decode(column: "n", as: Int.self) ?? 0 < Self.denseThreshold else { return nil }
        return """
            c.id IN (SELECT rowid - \(bind: low) FROM customer_search WHERE customer_search MATCH \(bind: phrase) \
            AND rowid >= \(bind: low) AND rowid < \(bind: high))
            """
    }

    /// Positions counted before choosing how to list a model's or stage's customers.
    static let denseThreshold = 5_000

    /// Whether at least ``denseThreshold`` customers are placed in `model` (at `stage`): then reading customers in
    /// sort order finds a page quickly; below it, sorting the few placed ones is cheaper. Reads at most that many
    /// index entries.
    func isDense(model: String, stage: String?) async throws -> Bool {
        var probe: SQLQueryString = "SELECT COUNT(*) AS n FROM (SELECT 1 FROM positions WHERE workspace_id = \(bind: workspace) AND model_key = \(bind: model)"
        if let stage { probe = probe + " AND stage_key = \(bind: stage)" }
        probe = probe + " LIMIT \(bind: Self.denseThreshold)) AS probe"
        return try await sql.raw(probe).first()?.decode(column: "n", as: Int.self) ?? 0 >= Self.denseThreshold
    }

    /// The condition "after `cursor`" in the order (sort column, id), both in the cursor's direction.
    static func keyset(_ cursor: CustomerCursor) -> SQLQueryString {
        // The column and operator are fixed texts chosen here; the values are bound.
        let beyond = cursor.descending ? "<" : ">"
        let value: SQLQueryString
        switch cursor.value {
        case .text(let text): value = "\(bind: text)"
        case .number(let number): value = "\(bind: number)"
        }
        if cursor.sort == .id { return "c.id \(unsafeRaw: beyond) \(bind: cursor.id)" }
        let column = cursor.sort.column
        var condition: SQLQueryString = "(\(unsafeRaw: column) \(unsafeRaw: beyond) "
        condition = condition + value
        condition = condition + " OR (\(unsafeRaw: column) = "
        condition = condition + value
        condition = condition + " AND c.id \(unsafeRaw: beyond) \(bind: cursor.id)))"
        return condition
    }

    /// Deletes a customer; every table about a customer cascades from `customers`, and the known ones are
    /// cleared explicitly as well so nothing is left even on a connection without foreign keys.
    public func delete(id: Int64) async throws {
        for table in Self.customerTables {
            try await sql.delete(from: table).where("workspace_id", .equal, workspace).where("customer_id", .equal, id).run()
        }
        try await sql.delete(from: "customers").where("workspace_id", .equal, workspace).where("id", .equal, id).run()
    }

    /// Every table keyed by (workspace_id, customer_id), children before parents.
    static let customerTables = [
        "follow_ups", "markers_met", "interactions", "moves", "positions", "purchases", "costs", "survey_responses",
        "customer_metrics", "derivations", "recommendations", "customer_tags",
    ]

    /// How many customers the workspace has.
    public func count() async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM customers WHERE workspace_id = \(bind: workspace)").first()?
            .decode(column: "n", as: Int.self) ?? 0
    }

    /// Every external id with its customer id, for matching imported rows.
    public func externalIds() async throws -> [String: Int64] {
        var map: [String: Int64] = [:]
        let rows = try await sql.raw(
            "SELECT external_id, id FROM customers WHERE workspace_id = \(bind: workspace) AND external_id IS NOT NULL"
        ).all()
        map.reserveCapacity(rows.count)
        for row in rows {
            map[try row.decode(column: "external_id", as: String.self)] = try row.decode(column: "id", as: Int64.self)
        }
        return map
    }

    /// Every customer id of the workspace.
    public func ids() async throws -> Set<Int64> {
        var ids = Set<Int64>()
        let rows = try await sql.raw("SELECT id FROM customers WHERE workspace_id = \(bind: workspace)").all()
        ids.reserveCapacity(rows.count)
        for row in rows { ids.insert(try row.decode(column: "id", as: Int64.self)) }
        return ids
    }

    /// Stores new customers with the ids given; tags included.
    public func insert(_ customers: [Customer]) async throws {
        guard !customers.isEmpty else { return }
        try await writer.insert(
            into: "customers",
            columns: ["workspace_id", "id", "external_id", "name", "kind", "email", "phone", "company", "owner", "attributes",
                      "created_at", "updated_at", "version"],
            rows: customers.map { customer in
                [.of(workspace), .of(customer.id), .of(customer.externalId), .of(customer.name), .of(customer.kind.rawValue),
                 .of(customer.email), .of(customer.phone), .of(customer.company), .of(customer.owner),
                 .of(Self.json(customer.attributes)), .of(customer.createdAt.seconds), .of(customer.updatedAt.seconds),
                 .of(customer.version)]
            })
        try await insertTags(customers.flatMap { customer in customer.tags.map { (customer.id, $0) } })
    }

    /// Replaces a customer's fields and tags; refuses (returns false) when `expectedVersion` is stale.
    @discardableResult
    public func update(_ customer: Customer, expectedVersion: Int64? = nil) async throws -> Bool {
        let version = expectedVersion ?? customer.version - 1
        let rows = try await sql.raw(
            """
            UPDATE customers SET external_id = \(bind: customer.externalId), name = \(bind: customer.name),
              kind = \(bind: customer.kind.rawValue), email = \(bind: customer.email), phone = \(bind: customer.phone),
              company = \(bind: customer.company), owner = \(bind: customer.owner),
              attributes = \(bind: Self.json(customer.attributes)), updated_at = \(bind: customer.updatedAt.seconds),
              version = \(bind: customer.version)
            WHERE workspace_id = \(bind: workspace) AND id = \(bind: customer.id) AND version = \(bind: version)
            RETURNING id
            """
        ).all()
        guard !rows.isEmpty else { return false }
        try await sql.delete(from: "customer_tags").where("workspace_id", .equal, workspace)
            .where("customer_id", .equal, customer.id).run()
        try await insertTags(customer.tags.map { (customer.id, $0) })
        return true
    }

    private func insertTags(_ tags: [(Int64, String)]) async throws {
        guard !tags.isEmpty else { return }
        try await writer.insert(
            into: "customer_tags", columns: ["workspace_id", "customer_id", "tag"],
            rows: tags.map { [.of(workspace), .of($0.0), .of($0.1)] })
    }

    /// Customers from rows that carry `tag_list` (every select above does).
    private func load(_ rows: [any SQLRow]) async throws -> [Customer] {
        try rows.map { row in
            var customer = try Self.decode(row)
            let list = try row.decode(column: "tag_list", as: String.self)
            customer.tags = (try? JSONDecoder().decode([String].self, from: Data(list.utf8))) ?? []
            return customer
        }
    }

    static func decode(_ row: any SQLRow) throws -> Customer {
        let attributes = try row.decode(column: "attributes", as: String.self)
        return Customer(
            id: try row.decode(column: "id", as: Int64.self),
            externalId: try row.decode(column: "external_id", as: String?.self),
            name: try row.decode(column: "name", as: String.self),
            kind: CustomerKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .person,
            email: try row.decode(column: "email", as: String?.self),
            phone: try row.decode(column: "phone", as: String?.self),
            company: try row.decode(column: "company", as: String?.self),
            owner: try row.decode(column: "owner", as: String?.self),
            attributes: (try? JSONDecoder().decode([String: String].self, from: Data(attributes.utf8))) ?? [:],
            createdAt: Timestamp(seconds: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Timestamp(seconds: try row.decode(column: "updated_at", as: Int64.self)),
            version: try row.decode(column: "version", as: Int64.self)
        )
    }

    static func json(_ attributes: [String: String]) -> String {
        guard !attributes.isEmpty else { return "{}" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? String(decoding: encoder.encode(attributes), as: UTF8.self)) ?? "{}"
    }
}

extension Array {
    /// The array cut into consecutive pieces of at most `size` elements.
    func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
