import PaladinCore
import SQLKit

/// The SQL that picks which customers need attention first, for guidance across a workspace. Every statement walks
/// an index in urgency order and stops at its limit, so the work is bounded by the limit, not the workspace's size.
public struct GuidanceStore: Sendable {
    let sql: any SQLDatabase
    let workspace: Int64
    /// Only customers whose owner is one of these (lower case: an email and/or a name), when any.
    let owners: [String]

    /// The candidates of `workspace` in `sql`, of the customers owned by any of `owners` when given (compared
    /// without case, as `Member.owns` does).
    public init(_ sql: any SQLDatabase, workspace: Int64, owners: [String]) {
        self.sql = sql
        self.workspace = workspace
        self.owners = owners.map { $0.trimmingSpaces.lowercased() }.filter { !$0.isEmpty }
    }

    /// The join that keeps the owners' customers, for a table aliased `alias`; nothing without owners.
    private func ownerJoin(_ alias: String) -> SQLQueryString {
        guard !owners.isEmpty else { return "" }
        var list: SQLQueryString = ""
        for (index, owner) in owners.enumerated() { list = list + (index == 0 ? "" : ", ") + "\(bind: owner)" }
        return " JOIN customers c ON c.workspace_id = \(unsafeRaw: alias).workspace_id AND c.id = \(unsafeRaw: alias).customer_id AND LOWER(c.owner) IN (" + list + ")"
    }

    /// Customers with open follow-ups due in `from...through` (either end open), oldest due first, at most `limit`
    /// distinct customers. Reads the follow-ups in pages along (workspace, done_at, due_on); a customer with many
    /// follow-ups counts once, and at most `maxRows` rows are read.
    public func followUpCustomers(dueFrom from: CivilDate?, through: CivilDate?, limit: Int, maxRows: Int = 20_000) async throws -> [Int64] {
        var found: [Int64] = []
        var seen = Set<Int64>()
        var after: (due: String, id: Int64)?
        var read = 0
        let page = max(limit * 2, 100)
        while found.count < limit, read < maxRows {
            var query: SQLQueryString = "SELECT f.customer_id, f.due_on, f.id FROM follow_ups f"
            query += ownerJoin("f")
            query += " WHERE f.workspace_id = \(bind: workspace) AND f.done_at IS NULL"
            if let from { query += " AND f.due_on >= \(bind: from.description)" }
            if let through { query += " AND f.due_on <= \(bind: through.description)" }
            if let after { query += " AND (f.due_on > \(bind: after.due) OR (f.due_on = \(bind: after.due) AND f.id > \(bind: after.id)))" }
            query += " ORDER BY f.due_on, f.id LIMIT \(literal: page)"
            let rows = try await sql.raw(query).all()
            for row in rows {
                let customer = try row.decode(column: "customer_id", as: Int64.self)
                if found.count < limit, seen.insert(customer).inserted { found.append(customer) }
            }
            read += rows.count
            guard rows.count == page, let last = rows.last else { break }
            after = (try last.decode(column: "due_on", as: String.self), try last.decode(column: "id", as: Int64.self))
        }
        return found
    }

    /// Customers at `stage` of `model` who entered it before `before`, longest there first, with when they entered.
    /// Walks (workspace, model, stage, since).
    public func positions(model: String, stage: String, enteredBefore before: Timestamp?, limit: Int) async throws -> [(customer: Int64, since: Timestamp)] {
        var query: SQLQueryString = "SELECT p.customer_id, p.since FROM positions p"
        query += ownerJoin("p")
        query += " WHERE p.workspace_id = \(bind: workspace) AND p.model_key = \(bind: model) AND p.stage_key = \(bind: stage)"
        if let before { query += " AND p.since < \(bind: before.seconds)" }
        query += " ORDER BY p.since, p.customer_id LIMIT \(literal: limit)"
        return try await sql.raw(query).all().map {
            (try $0.decode(column: "customer_id", as: Int64.self), Timestamp(seconds: try $0.decode(column: "since", as: Int64.self)))
        }
    }

    /// Of the `window` customers longest at `stage` of `model`, those who have met every marker of `required`
    /// (counted from the cycle's start in a cyclic model), longest there first. The window bounds the work: a ready
    /// customer beyond it is not found here (their own guidance still says so).
    public func readyToMove(model: JourneyModel, stage: Stage, window: Int, limit: Int) async throws -> [(customer: Int64, since: Timestamp)] {
        let required = stage.requiredMarkers.map(\.key)
        guard !required.isEmpty else { return [] }
        var query: SQLQueryString = "SELECT w.customer_id, w.since FROM (SELECT p.customer_id, p.since, p.cycle_started_at FROM positions p"
        query += ownerJoin("p")
        query += " WHERE p.workspace_id = \(bind: workspace) AND p.model_key = \(bind: model.key) AND p.stage_key = \(bind: stage.key)"
        query += " ORDER BY p.since, p.customer_id LIMIT \(literal: window)) w WHERE 1 = 1"
        for marker in required {
            query += " AND EXISTS (SELECT 1 FROM markers_met m WHERE m.workspace_id = \(bind: workspace) AND m.customer_id = w.customer_id"
            query += " AND m.model_key = \(bind: model.key) AND m.marker_key = \(bind: marker)"
            if model.cyclic { query += " AND m.at >= w.cycle_started_at" }
            query += ")"
        }
        query += " ORDER BY w.since, w.customer_id LIMIT \(literal: limit)"
        return try await sql.raw(query).all().map {
            (try $0.decode(column: "customer_id", as: Int64.self), Timestamp(seconds: try $0.decode(column: "since", as: Int64.self)))
        }
    }

    /// Customers the last score run recommended `kind` for, by id. Walks (workspace, kind).
    public func recommended(_ kind: String, limit: Int) async throws -> [Int64] {
        var query: SQLQueryString = "SELECT r.customer_id FROM recommendations r"
        query += ownerJoin("r")
        query += " WHERE r.workspace_id = \(bind: workspace) AND r.kind = \(bind: kind) ORDER BY r.customer_id LIMIT \(literal: limit)"
        return try await sql.raw(query).all().map { try $0.decode(column: "customer_id", as: Int64.self) }
    }
}
