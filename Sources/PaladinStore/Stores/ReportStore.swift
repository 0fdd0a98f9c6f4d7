import PaladinAnalytics
import PaladinCore
import SQLKit

/// The aggregates the journey reports are computed from, each one statement that groups in SQL: what comes back
/// is a few rows per stage (or per first-purchase day), never the moves themselves.
/// Portable SQL (CASE, GROUP BY, WITH … AS MATERIALIZED) that SQLite ≥ 3.35 and PostgreSQL ≥ 12 both accept;
/// migrations 10 and 11 index it.
public struct ReportStore: Sendable {
    let sql: any SQLDatabase
    let workspace: Int64

    /// The report aggregates of `workspace` in `sql`.
    public init(_ sql: any SQLDatabase, workspace: Int64) {
        self.sql = sql
        self.workspace = workspace
    }

    /// ` AND column >= from AND column <= to`, leaving out an open end: a condition on `at` that is always true
    /// still makes SQLite walk `moves_model_at` and sort every move for the GROUP BY, where without it the
    /// covering index gives the rows already grouped. The funnel and the flow pass `+at` (unary plus, valid in
    /// SQLite and PostgreSQL) so that a bounded window is filtered inside that covering index too: measured at 10M
    /// moves, a window through `moves_model_at` plus the sort took longer than the whole history.
    private func window(_ column: String, _ options: ReportOptions) -> SQLQueryString {
        var text: SQLQueryString = ""
        if let from = options.from { text = text + " AND \(unsafeRaw: column) >= \(bind: from.seconds)" }
        if let to = options.to { text = text + " AND \(unsafeRaw: column) <= \(bind: to.seconds)" }
        return text
    }

    /// `CASE column WHEN 'stage0' THEN 0 … END`: the stage's index in the model (NULL for a stage not in it).
    private func rank(_ column: String, _ model: JourneyModel) -> SQLQueryString {
        var text: SQLQueryString = "CASE \(unsafeRaw: column)"
        for (index, stage) in model.stages.enumerated() {
            text = text + " WHEN \(bind: stage.key) THEN \(unsafeRaw: String(index))"
        }
        return text + " END"
    }

    /// Customers per furthest stage index over their moves in the window (see `FunnelReport`).
    ///
    /// A move's `from_stage` is the customer's stage when it was made, which an earlier move of theirs went to (every
    /// writer takes it from the stored position, and only moves set positions). So when the window has no start,
    /// the stages moves came from were all reached by moves in the window too, and only `to_stage` is ranked: half
    /// the work per move (measured at 10M moves: 1.1 s of CPU instead of 2.1 s). With a start, the stage a customer
    /// held when the window opened counts through `from_stage`, so both are ranked.
    public func funnelFurthest(model: JourneyModel, options: ReportOptions) async throws -> [Int: Int] {
        var query: SQLQueryString = "SELECT f, t, COUNT(*) AS n FROM (SELECT customer_id, "
        if options.from == nil {
            query = query + "NULL"
        } else {
            query = query + "MAX(" + rank("from_stage", model) + ")"
        }
        query = query + " AS f, MAX("
        query = query + rank("to_stage", model)
        query = query + """
            ) AS t FROM moves WHERE workspace_id = \(bind: workspace) AND model_key = \(bind: model.key)
            """
        query = query + window("+at", options) + " GROUP BY customer_id) furthest GROUP BY f, t"
        var counts: [Int: Int] = [:]
        for row in try await sql.raw(query).all() {
            let top = [try row.decode(column: "f", as: Int?.self), try row.decode(column: "t", as: Int?.self)].compactMap { $0 }.max()
            if let top { counts[top, default: 0] += try row.decode(column: "n", as: Int.self) }
        }
        return counts
    }

    /// Moves in the window per from stage, to stage and kind, with how many were forced.
    public func flowTransitions(model: JourneyModel, options: ReportOptions) async throws -> [FlowReport.Transition] {
        var query: SQLQueryString = """
            SELECT from_stage, to_stage, kind, COUNT(*) AS n, SUM(CASE WHEN overridden_markers <> '' THEN 1 ELSE 0 END) AS forced
            FROM moves WHERE workspace_id = \(bind: workspace) AND model_key = \(bind: model.key)
            """
        query = query + window("+at", options) + " GROUP BY from_stage, to_stage, kind"
        let rows = try await sql.raw(query).all()
        return try rows.compactMap { row in
            guard let kind = MoveKind(rawValue: try row.decode(column: "kind", as: String.self)) else { return nil }
            return FlowReport.Transition(
                from: try row.decode(column: "from_stage", as: String?.self), to: try row.decode(column: "to_stage", as: String?.self),
                moveKind: kind, count: try row.decode(column: "n", as: Int.self), forced: try row.decode(column: "forced", as: Int.self))
        }
    }

    /// Per stage, completed stays that ended in the window by whole days spent (see `TimeInStageReport`). Each move
    /// carries the stay it ended (`stay_stage`, `stay_days`, migration 11), so this is one pass over
    /// `moves_model_stay` in (stage, days) order: no pairing of moves, no sort.
    public func completedStays(model: JourneyModel, options: ReportOptions) async throws -> [String: DayHistogram] {
        var query: SQLQueryString = """
            SELECT stay_stage, stay_days, COUNT(*) AS n FROM moves
            WHERE workspace_id = \(bind: workspace) AND model_key = \(bind: model.key) AND stay_stage IS NOT NULL
            """
        query = query + window("+at", options) + " GROUP BY stay_stage, stay_days"
        var result: [String: DayHistogram] = [:]
        for row in try await sql.raw(query).all() {
            result[try row.decode(column: "stay_stage", as: String.self), default: DayHistogram()]
                .add(days: Int(try row.decode(column: "stay_days", as: Int64.self)), count: try row.decode(column: "n", as: Int.self))
        }
        return result
    }

    /// How many customers stand at each stage of `model` now.
    public func currentCounts(model: JourneyModel) async throws -> [String: Int] {
        try await JourneyStore(sql, workspace: workspace).stageCounts(model: model.key)
    }

    /// Stalled customers per owner and stage, and the `limit` furthest over (see `StallsReport`). One indexed range
    /// of `positions` per stage that sets expected days: `since` at or before now − (expected + 1) days.
    public func stalls(model: JourneyModel, options: ReportOptions, limit: Int) async throws -> (counts: [StallsReport.OwnerRow], top: [StallsReport.Stalled]) {
        var counts: [StallsReport.OwnerRow] = []
        var top: [StallsReport.Stalled] = []
        for stage in model.stages {
            guard let expected = stage.expectedDays else { continue }
            let lower = options.from?.seconds ?? Int64.min
            let upper = min(options.to?.seconds ?? Int64.max, options.now.adding(days: -(expected + 1)).seconds)
            guard lower <= upper else { continue }
            let range: SQLQueryString = """
                FROM positions p JOIN customers c ON c.workspace_id = p.workspace_id AND c.id = p.customer_id
                WHERE p.workspace_id = \(bind: workspace) AND p.model_key = \(bind: model.key) AND p.stage_key = \(bind: stage.key)
                AND p.since >= \(bind: lower) AND p.since <= \(bind: upper)
                """
            let count: SQLQueryString = "SELECT c.owner AS owner, COUNT(*) AS n " + range + " GROUP BY c.owner"
            for row in try await sql.raw(count).all() {
                counts.append(.init(owner: try row.decode(column: "owner", as: String?.self), stage: stage.key,
                                    stalled: try row.decode(column: "n", as: Int.self)))
            }
            let list: SQLQueryString = "SELECT p.customer_id AS customer_id, p.since AS since, c.external_id AS external_id, c.name AS name, c.owner AS owner "
                + range + " ORDER BY p.since, p.customer_id LIMIT \(bind: limit)"
            for row in try await sql.raw(list).all() {
                let since = Timestamp(seconds: try row.decode(column: "since", as: Int64.self))
                let days = since.days(until: options.now)
                top.append(.init(
                    customerId: try row.decode(column: "customer_id", as: Int64.self),
                    externalId: try row.decode(column: "external_id", as: String?.self),
                    name: try row.decode(column: "name", as: String.self), owner: try row.decode(column: "owner", as: String?.self),
                    stage: stage.key, since: since, daysInStage: days, daysOver: days - expected))
            }
        }
        return (counts, top)
    }

    /// Customers grouped by first-purchase day and furthest stage index by day 30, 60 and 100 (see `FirstHundredDaysReport`).
    /// One row per customer with a first purchase in the window and one subquery that seeks that customer's moves up
    /// to day 100 in `moves_model_customer` (customer then `at`, migration 11) and folds the three checkpoints into
    /// one number, `(by30 + 1) · b² + (by60 + 1) · b + (by100 + 1)` with b = stages + 1 and 0 for none — a join grouped
    /// per customer instead would sort every joined move, and a subquery per checkpoint seeks three times.
    public func firstHundredDays(model: JourneyModel, options: ReportOptions) async throws -> [FirstHundredDaysReport.Group] {
        let base = Int64(model.stages.count + 1)
        let (by30, by60, by100) = (FirstHundredDaysReport.checkpoints[0], FirstHundredDaysReport.checkpoints[1], FirstHundredDaysReport.checkpoints[2])
        func upTo(_ days: Int) -> SQLQueryString { "f.first_at + \(unsafeRaw: String(days * 86_400))" }
        // MATERIALIZED (SQLite ≥ 3.35, PostgreSQL ≥ 12): the subquery is also the GROUP BY key, and must run once.
        var query: SQLQueryString = """
            WITH reach AS MATERIALIZED (SELECT f.first_at / 86400 AS first_day, (
              SELECT (COALESCE(MAX(CASE WHEN s.at <= \(upTo(by30)) THEN s.r END), -1) + 1) * \(unsafeRaw: String(base * base))
                + (COALESCE(MAX(CASE WHEN s.at <= \(upTo(by60)) THEN s.r END), -1) + 1) * \(unsafeRaw: String(base))
                + COALESCE(MAX(s.r), -1) + 1
              FROM (SELECT m.at AS at,
            """
        query = query + rank("m.to_stage", model)
        query = query + """
             AS r FROM moves m WHERE m.workspace_id = \(bind: workspace) AND m.model_key = \(bind: model.key)
                AND m.customer_id = f.customer_id AND m.at <= \(upTo(by100))) s
              ) AS code
              FROM (SELECT customer_id, MIN(at) AS first_at FROM purchases WHERE workspace_id = \(bind: workspace) GROUP BY customer_id) f
              WHERE 1 = 1
            """
        query = query + window("f.first_at", options) + ") SELECT first_day, code, COUNT(*) AS n FROM reach GROUP BY first_day, code"
        func stage(_ digit: Int64) -> Int? { digit == 0 ? nil : Int(digit - 1) }
        return try await sql.raw(query).all().map { row in
            let code = try row.decode(column: "code", as: Int64.self)
            return FirstHundredDaysReport.Group(
                firstDay: try row.decode(column: "first_day", as: Int64.self), by30: stage(code / (base * base)),
                by60: stage(code / base % base), by100: stage(code % base), customers: try row.decode(column: "n", as: Int.self))
        }
    }
}
