import Foundation
import PaladinCore
import SQLKit

/// The SQL of the web application's Today page: due follow-ups, stalled and ready customers, recent detractors — of
/// the whole workspace, or of the customers some owners own. Every statement is bounded by its limit, whatever the
/// workspace's size.
///
/// A walk that keeps some of the rows it reads (an owner's, or those with met markers) has no outer `ORDER BY`: the
/// inner, ordered walk is then read as a co-routine and the statement stops at its limit, where a sort would first
/// read the whole window; and owners are kept by a condition, not a join, for the same reason (measured at
/// 1,000,000 customers: 6–75 ms a list with a sort or a join, about 1 ms without). The rows come in the walk's
/// order; the caller sorts the few it gets.
///
/// How "my customers" is found decides the cost at 1,000,000 customers, so it is chosen per request (``Scope``):
/// - the whole team: each list walks its own index in order (follow-ups by due day, positions by `since`, survey
///   answers by time) and stops at its limit;
/// - owners with few customers (at most ``fewCustomers``; a manager usually owns none): their customer ids are read
///   from `customers_owner_lower` and each list looks up those customers only;
/// - owners with many customers: each list walks its index as for the team, keeping the owners' rows, but reads at
///   most ``window`` index rows per list or stage. With that many customers, theirs are dense enough to show up early;
///   one beyond the window is left out of the page (the reports and the customer's own page still show them).
public struct TodayStore: Sendable {
    let sql: any SQLDatabase
    let workspace: Int64

    /// Up to this many owned customers are looked up one by one; more are found by walking the lists' indexes.
    public static let fewCustomers = 2_000
    /// How many index rows a list reads at most when it keeps an owner's rows out of the whole workspace's.
    public static let window = 2_000
    /// How many customers longest at a stage are looked at for met markers (a few lookups each).
    public static let readyWindow = 2_000

    /// Whose customers a list shows.
    public enum Scope: Sendable, Hashable {
        /// Every customer of the workspace.
        case team
        /// These customers (all an owner owns, when they are few).
        case customers([Int64])
        /// The customers these owners own (lower case), found by walking each list's index.
        case owners([String])
    }

    public init(_ sql: any SQLDatabase, workspace: Int64) {
        self.sql = sql
        self.workspace = workspace
    }

    /// The scope of `owners`' customers (an email and/or a name, compared without case), or the team's when nil.
    public func scope(owners: [String]?) async throws -> Scope {
        guard let owners else { return .team }
        let names = Array(Set(owners.map { $0.trimmingSpaces.lowercased() }.filter { !$0.isEmpty })).sorted()
        guard !names.isEmpty else { return .customers([]) }
        var query: SQLQueryString = "SELECT id FROM customers WHERE workspace_id = \(bind: workspace) AND LOWER(owner) IN ("
        query = query + list(names) + ") LIMIT \(literal: Self.fewCustomers + 1)"
        let ids = try await sql.raw(query).all().map { try $0.decode(column: "id", as: Int64.self) }
        return ids.count > Self.fewCustomers ? .owners(names) : .customers(ids.sorted())
    }

    /// Open follow-ups due on or before `through`, oldest due first, at most `limit`.
    public func dueFollowUps(through: CivilDate, scope: Scope, limit: Int) async throws -> [FollowUp] {
        let due: SQLQueryString = "f.workspace_id = \(bind: workspace) AND f.done_at IS NULL AND f.due_on <= \(bind: through.description)"
        var query: SQLQueryString
        switch scope {
        case .team:
            query = "SELECT f.* FROM follow_ups f WHERE " + due + " ORDER BY f.due_on LIMIT \(literal: limit)"
        case .customers(let ids):
            guard !ids.isEmpty else { return [] }
            query = "SELECT f.* FROM follow_ups f WHERE " + due + " AND f.customer_id IN (" + list(ids) + ") ORDER BY f.due_on LIMIT \(literal: limit)"
        case .owners(let owners):
            query = "SELECT f.* FROM (SELECT f.* FROM follow_ups f WHERE " + due + " ORDER BY f.due_on LIMIT \(literal: Self.window)) f"
            query = query + ownerFilter("f", owners) + " LIMIT \(literal: limit)"
        }
        return try await sql.raw(query).all().map(Self.followUp).sorted { ($0.due, $0.id) < ($1.due, $1.id) }
    }

    /// Customers at `stage` of `model` since before `before`, longest there first, at most `limit`.
    public func positions(
        model: String, stage: String, enteredBefore before: Timestamp, scope: Scope, limit: Int
    ) async throws -> [(customer: Int64, since: Timestamp)] {
        let at: SQLQueryString = """
            p.workspace_id = \(bind: workspace) AND p.model_key = \(bind: model) AND p.stage_key = \(bind: stage) \
            AND p.since < \(bind: before.seconds)
            """
        var query: SQLQueryString
        switch scope {
        case .team:
            query = "SELECT p.customer_id, p.since FROM positions p WHERE " + at + " ORDER BY p.since LIMIT \(literal: limit)"
        case .customers(let ids):
            guard !ids.isEmpty else { return [] }
            query = "SELECT p.customer_id, p.since FROM positions p WHERE " + at + " AND p.customer_id IN (" + list(ids) + ")"
            query = query + " ORDER BY p.since LIMIT \(literal: limit)"
        case .owners(let owners):
            query = "SELECT p.customer_id, p.since FROM (SELECT p.workspace_id, p.customer_id, p.since FROM positions p WHERE " + at
            query = query + " ORDER BY p.since LIMIT \(literal: Self.window)) p" + ownerFilter("p", owners) + " LIMIT \(literal: limit)"
        }
        return try await sql.raw(query).all().map {
            (try $0.decode(column: "customer_id", as: Int64.self), Timestamp(seconds: try $0.decode(column: "since", as: Int64.self)))
        }.sorted { ($0.since, $0.customer) < ($1.since, $1.customer) }
    }

    /// Customers at `stage` of `model` who have met every required marker of it (counted from the cycle's start in a
    /// cyclic model), longest there first, at most `limit`. In the team's or many owners' scope, only the
    /// ``window`` customers longest at the stage are looked at.
    public func readyToMove(model: JourneyModel, stage: Stage, scope: Scope, limit: Int) async throws -> [(customer: Int64, since: Timestamp)] {
        let required = stage.requiredMarkers.map(\.key)
        guard !required.isEmpty else { return [] }
        let at: SQLQueryString = "p.workspace_id = \(bind: workspace) AND p.model_key = \(bind: model.key) AND p.stage_key = \(bind: stage.key)"
        // Only a cyclic model needs the cycle's start; without it the inner walk reads the covering index alone.
        let columns: SQLQueryString = model.cyclic ? "p.workspace_id, p.customer_id, p.since, p.cycle_started_at" : "p.workspace_id, p.customer_id, p.since"
        var query: SQLQueryString = "SELECT w.customer_id, w.since FROM (SELECT " + columns + " FROM positions p WHERE " + at
        switch scope {
        case .team:
            query = query + " ORDER BY p.since LIMIT \(literal: Self.readyWindow)) w"
        case .customers(let ids):
            guard !ids.isEmpty else { return [] }
            query = query + " AND p.customer_id IN (" + list(ids) + ")) w"
        case .owners(let owners):
            query = query + " ORDER BY p.since LIMIT \(literal: Self.readyWindow)) w" + ownerFilter("w", owners)
        }
        if case .owners = scope {} else { query = query + " WHERE 1 = 1" }
        for marker in required {
            query = query + " AND EXISTS (SELECT 1 FROM markers_met m WHERE m.workspace_id = w.workspace_id AND m.customer_id = w.customer_id"
            query = query + " AND m.model_key = \(bind: model.key) AND m.marker_key = \(bind: marker)"
            if model.cyclic { query = query + " AND m.at >= w.cycle_started_at" }
            query = query + ")"
        }
        if case .customers = scope { query = query + " ORDER BY w.since" }
        query = query + " LIMIT \(literal: limit)"
        return try await sql.raw(query).all().map {
            (try $0.decode(column: "customer_id", as: Int64.self), Timestamp(seconds: try $0.decode(column: "since", as: Int64.self)))
        }
    }

    /// Survey answers of 0–6 given at or after `since`, newest first, at most `limit`.
    public func detractors(since: Timestamp, scope: Scope, limit: Int) async throws -> [SurveyResponse] {
        let recent: SQLQueryString = "s.workspace_id = \(bind: workspace) AND s.at >= \(bind: since.seconds) AND s.score <= 6"
        var query: SQLQueryString
        switch scope {
        case .team:
            query = "SELECT s.* FROM survey_responses s WHERE " + recent + " ORDER BY s.at DESC LIMIT \(literal: limit)"
        case .customers(let ids):
            guard !ids.isEmpty else { return [] }
            query = "SELECT s.* FROM survey_responses s WHERE " + recent + " AND s.customer_id IN (" + list(ids) + ")"
            query = query + " ORDER BY s.at DESC LIMIT \(literal: limit)"
        case .owners(let owners):
            query = "SELECT s.* FROM (SELECT s.* FROM survey_responses s WHERE " + recent + " ORDER BY s.at DESC LIMIT \(literal: Self.window)) s"
            query = query + ownerFilter("s", owners) + " LIMIT \(literal: limit)"
        }
        return try await sql.raw(query).all().map { row in
            SurveyResponse(
                id: try row.decode(column: "id", as: Int64.self), customerId: try row.decode(column: "customer_id", as: Int64.self),
                at: Timestamp(seconds: try row.decode(column: "at", as: Int64.self)), score: try row.decode(column: "score", as: Int.self),
                comment: try row.decode(column: "comment", as: String?.self))
        }.sorted { ($0.at, $0.id) > ($1.at, $1.id) }
    }

    /// The customers with these ids (with their tags), by id; ids of no customer are left out.
    public func customers(_ ids: [Int64]) async throws -> [Int64: Customer] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await sql.raw(CustomerStore(sql, workspace: workspace).select(where: "c.id IN (" + list(Array(Set(ids)).sorted()) + ")")).all()
        var found: [Int64: Customer] = [:]
        for row in rows {
            var customer = try CustomerStore.decode(row)
            let tags = try row.decode(column: "tag_list", as: String.self)
            customer.tags = (try? JSONDecoder().decode([String].self, from: Data(tags.utf8))) ?? []
            found[customer.id] = customer
        }
        return found
    }

    /// `?, ?, …` binding every value.
    private func list<Value: Encodable & Sendable>(_ values: [Value]) -> SQLQueryString {
        var text: SQLQueryString = ""
        for (index, value) in values.enumerated() { text = text + (index == 0 ? "" : ", ") + "\(bind: value)" }
        return text
    }

    /// Keeps the rows of a walk aliased `alias` whose customer one of `owners` owns. A condition, not a join: SQLite
    /// materialises a limited subquery it joins (reading the whole window), and streams one it only filters.
    private func ownerFilter(_ alias: String, _ owners: [String]) -> SQLQueryString {
        " WHERE EXISTS (SELECT 1 FROM customers c WHERE c.workspace_id = \(unsafeRaw: alias).workspace_id"
            + " AND c.id = \(unsafeRaw: alias).customer_id AND LOWER(c.owner) IN (" + list(owners) + "))"
    }

    static func followUp(_ row: any SQLRow) throws -> FollowUp {
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
