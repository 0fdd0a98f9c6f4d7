import PaladinCore
import SQLKit

/// Interactions, follow-ups, purchases, costs to serve and survey answers of one workspace.
public struct EvidenceStore: Sendable {
    let sql: any SQLDatabase
    let workspace: Int64
    let writer: any RowWriter

    /// The evidence of `workspace` in `sql`; bulk rows go through `writer` (default: portable SQL).
    public init(_ sql: any SQLDatabase, workspace: Int64, writer: (any RowWriter)? = nil) {
        self.sql = sql
        self.workspace = workspace
        self.writer = writer ?? SQLRowWriter(sql: sql)
    }

    // MARK: - Writing (bulk; callers reserve the ids)

    /// Stores interactions.
    public func insert(_ interactions: [Interaction]) async throws {
        try await insertRows("interactions", ["id", "customer_id", "at", "channel", "kind", "summary", "decision", "actor"], interactions) {
            [.of($0.id), .of($0.customerId), .of($0.at.seconds), .of($0.channel.rawValue),
             .of($0.kind.rawValue), .of($0.summary), .of($0.decision), .of($0.actor)]
        }
    }

    /// Stores follow-ups.
    public func insert(_ followUps: [FollowUp]) async throws {
        try await insertRows("follow_ups", ["id", "customer_id", "interaction_id", "due_on", "assignee", "note", "done_at"], followUps) {
            [.of($0.id), .of($0.customerId), .of($0.interactionId), .of($0.due.description),
             .of($0.assignee), .of($0.note), .of($0.doneAt?.seconds)]
        }
    }

    /// Stores purchases.
    public func insert(_ purchases: [Purchase]) async throws {
        try await insertRows("purchases", ["id", "customer_id", "at", "amount_cents", "currency", "reference"], purchases) {
            [.of($0.id), .of($0.customerId), .of($0.at.seconds), .of($0.amount.cents),
             .of($0.currency), .of($0.reference)]
        }
    }

    /// Stores costs to serve.
    public func insert(_ costs: [CostToServe]) async throws {
        try await insertRows("costs", ["id", "customer_id", "at", "amount_cents", "category", "note"], costs) {
            [.of($0.id), .of($0.customerId), .of($0.at.seconds), .of($0.amount.cents),
             .of($0.category.rawValue), .of($0.note)]
        }
    }

    /// Stores survey answers.
    public func insert(_ responses: [SurveyResponse]) async throws {
        try await insertRows("survey_responses", ["id", "customer_id", "at", "score", "comment"], responses) {
            [.of($0.id), .of($0.customerId), .of($0.at.seconds), .of($0.score), .of($0.comment)]
        }
    }

    /// Marks a follow-up done; false when there is no such open follow-up.
    public func complete(followUp id: Int64, at: Timestamp) async throws -> Bool {
        try await !sql.raw(
            "UPDATE follow_ups SET done_at = \(bind: at.seconds) WHERE workspace_id = \(bind: workspace) AND id = \(bind: id) AND done_at IS NULL RETURNING id"
        ).all().isEmpty
    }

    private func insertRows<T>(
        _ table: String, _ columns: [String], _ items: [T], values: (T) -> [DatabaseValue]
    ) async throws {
        guard !items.isEmpty else { return }
        let workspace = DatabaseValue.integer(self.workspace)
        try await writer.insert(into: table, columns: ["workspace_id"] + columns, rows: items.map { [workspace] + values($0) })
    }

    // MARK: - Reading

    /// The customer's interactions, newest first.
    public func interactions(customer: Int64, limit: Int = 50) async throws -> [Interaction] {
        try await rows("interactions", customer: customer, limit: limit).map { row in
            Interaction(
                id: try row.decode(column: "id", as: Int64.self), customerId: customer,
                at: Timestamp(seconds: try row.decode(column: "at", as: Int64.self)),
                channel: Channel(rawValue: try row.decode(column: "channel", as: String.self)) ?? .other,
                kind: InteractionKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .note,
                summary: try row.decode(column: "summary", as: String.self),
                decision: try row.decode(column: "decision", as: String?.self),
                actor: try row.decode(column: "actor", as: String.self))
        }
    }

    /// The customer's purchases, newest first.
    public func purchases(customer: Int64, limit: Int = 50) async throws -> [Purchase] {
        try await rows("purchases", customer: customer, limit: limit).map { row in
            Purchase(
                id: try row.decode(column: "id", as: Int64.self), customerId: customer,
                at: Timestamp(seconds: try row.decode(column: "at", as: Int64.self)),
                amount: Money(cents: try row.decode(column: "amount_cents", as: Int64.self)),
                currency: try row.decode(column: "currency", as: String.self),
                reference: try row.decode(column: "reference", as: String?.self))
        }
    }

    /// The customer's costs to serve, newest first.
    public func costs(customer: Int64, limit: Int = 50) async throws -> [CostToServe] {
        try await rows("costs", customer: customer, limit: limit).map { row in
            CostToServe(
                id: try row.decode(column: "id", as: Int64.self), customerId: customer,
                at: Timestamp(seconds: try row.decode(column: "at", as: Int64.self)),
                amount: Money(cents: try row.decode(column: "amount_cents", as: Int64.self)),
                category: CostCategory(rawValue: try row.decode(column: "category", as: String.self)) ?? .other,
                note: try row.decode(column: "note", as: String?.self))
        }
    }

    /// The customer's survey answers, newest first.
    public func surveys(customer: Int64, limit: Int = 50) async throws -> [SurveyResponse] {
        try await rows("survey_responses", customer: customer, limit: limit).map { row in
            SurveyResponse(
                id: try row.decode(column: "id", as: Int64.self), customerId: customer,
                at: Timestamp(seconds: try row.decode(column: "at", as: Int64.self)),
                score: try row.decode(column: "score", as: Int.self),
                comment: try row.decode(column: "comment", as: String?.self))
        }
    }

    /// Follow-ups: of one customer, or of the workspace, or the one with `id`; open ones only unless `includeDone`.
    public func followUps(customer: Int64? = nil, id: Int64? = nil, includeDone: Bool = false, limit: Int = 200) async throws -> [FollowUp] {
        var select = sql.select().columns("*").from("follow_ups").where("workspace_id", .equal, workspace)
        if let customer { select = select.where("customer_id", .equal, customer) }
        if let id { select = select.where("id", .equal, id) }
        if !includeDone { select = select.where("done_at", .is, SQLLiteral.null) }
        return try await select.orderBy("due_on").orderBy("id").limit(limit).all().map { row in
            FollowUp(
                id: try row.decode(column: "id", as: Int64.self),
                customerId: try row.decode(column: "customer_id", as: Int64.self),
                interactionId: try row.decode(column: "interaction_id", as: Int64?.self),
                due: CivilDate(iso: try row.decode(column: "due_on", as: String.self)) ?? CivilDate(daysSinceEpoch: 0),
                assignee: try row.decode(column: "assignee", as: String?.self),
                note: try row.decode(column: "note", as: String?.self),
                doneAt: try row.decode(column: "done_at", as: Int64?.self).map(Timestamp.init(seconds:)))
        }
    }

    /// Revenue and cost to serve of a customer, in cents.
    public func totals(customer: Int64) async throws -> (revenue: Money, cost: Money) {
        let revenue = try await sql.raw(
            "SELECT COALESCE(SUM(amount_cents), 0) AS s FROM purchases WHERE workspace_id = \(bind: workspace) AND customer_id = \(bind: customer)"
        ).first()?.decode(column: "s", as: Int64.self) ?? 0
        let cost = try await sql.raw(
            "SELECT COALESCE(SUM(amount_cents), 0) AS s FROM costs WHERE workspace_id = \(bind: workspace) AND customer_id = \(bind: customer)"
        ).first()?.decode(column: "s", as: Int64.self) ?? 0
        return (Money(cents: revenue), Money(cents: cost))
    }

    /// How many rows a table of this workspace has.
    public func count(_ table: EvidenceTable) async throws -> Int {
        try await sql.raw(
            "SELECT COUNT(*) AS n FROM \(unsafeRaw: table.rawValue) WHERE workspace_id = \(bind: workspace)"
        ).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    private func rows(_ table: String, customer: Int64, limit: Int) async throws -> [any SQLRow] {
        try await sql.select().columns("*").from(table).where("workspace_id", .equal, workspace)
            .where("customer_id", .equal, customer).orderBy("at", .descending).orderBy("id", .descending)
            .limit(limit).all()
    }
}

/// The evidence tables, by name.
public enum EvidenceTable: String, Sendable, CaseIterable {
    case interactions, purchases, costs, surveys = "survey_responses", followUps = "follow_ups", markers = "markers_met", moves
}
