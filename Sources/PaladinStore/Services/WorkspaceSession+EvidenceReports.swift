import NIOConcurrencyHelpers
import PaladinAnalytics
import PaladinCore
import SQLKit

extension WorkspaceSession {
    /// NPS over the answers given in the window: per month, per current stage of `options.model` (default: the
    /// value category) and in all. Every answer counts, as in `paladin nps`; a customer who answered twice counts twice.
    public func npsReport(_ options: ReportOptions) async throws -> NPSReport {
        let model = try await self.model(options.model ?? EconomicsReport.categoryModel)
        let answers = try await EvidenceReportQueries(sql: database.sql, workspace: id).npsAnswers(model: model.key, options)
        return NPSReport(model: model.key, stageOrder: model.stages.map(\.key), answers: answers, from: options.from, to: options.to)
    }

    /// Revenue, cost to serve and profit in the window per value category, engagement-ladder rung and relationship
    /// type (each customer at their current stage), and the Pareto curve of profit over customers.
    public func economicsReport(_ options: ReportOptions) async throws -> EconomicsReport {
        func order(_ key: String) async throws -> [String] {
            // A workspace that removed a built-in model still gets its report: stages in key order.
            try await ModelStore(database.sql, workspace: id).find(key)?.model.stages.map(\.key) ?? []
        }
        let orders = EconomicsReport.StageOrders(
            categories: try await order(EconomicsReport.categoryModel), rungs: try await order(EconomicsReport.rungModel),
            relationshipTypes: try await order(EconomicsReport.relationshipModel))
        let queries = EvidenceReportQueries(sql: database.sql, workspace: id)
        let (cells, profits) = try await queries.economics(options)
        return EconomicsReport(cells: cells, profits: profits, orders: orders, from: options.from, to: options.to)
    }

    /// Interactions in the window by channel and kind; follow-ups due in the window by outcome as of `options.now`,
    /// in all and per person.
    public func activityReport(_ options: ReportOptions) async throws -> ActivityReport {
        let queries = EvidenceReportQueries(sql: database.sql, workspace: id)
        return ActivityReport(
            interactions: try await queries.interactionCounts(options), followUps: try await queries.followUpCounts(options),
            now: options.now, from: options.from, to: options.to)
    }
}

/// The aggregate queries behind the evidence reports: GROUP BY in SQL, a few hundred rows back at most, except one
/// profit per customer for the Pareto curve (streamed, one integer each).
struct EvidenceReportQueries: Sendable {
    let sql: any SQLDatabase
    let workspace: Int64

    /// The SQL expression of the first second after the due day of follow-up `f` (its `due_on` is `YYYY-MM-DD`).
    /// The one dialect-specific expression of the reports: each backend reads a date text its own way.
    var dueDayEndsSQL: String {
        switch DatabaseBackend(sql) {
        case .sqlite: return "CAST(strftime('%s', f.due_on) AS INTEGER) + 86400"
        case .postgres: return "CAST(EXTRACT(EPOCH FROM CAST(f.due_on AS DATE)) AS BIGINT) + 86400"
        }
    }

    private func bounds(_ options: ReportOptions) -> (Int64, Int64) {
        (options.from?.seconds ?? Int64.min, options.to?.seconds ?? Int64.max)
    }

    /// Answers per day, current stage in `model` and score.
    func npsAnswers(model: String, _ options: ReportOptions) async throws -> [NPSAnswerCount] {
        let (lower, upper) = bounds(options)
        // Floor division, so an answer before 1970 still falls on its own day.
        let rows = try await sql.raw("""
            SELECT (s.at - ((s.at % 86400) + 86400) % 86400) / 86400 AS day, p.stage_key AS stage, s.score AS score, COUNT(*) AS n
            FROM survey_responses s
            LEFT JOIN positions p ON p.workspace_id = s.workspace_id AND p.customer_id = s.customer_id AND p.model_key = \(bind: model)
            WHERE s.workspace_id = \(bind: workspace) AND s.at >= \(bind: lower) AND s.at <= \(bind: upper)
            GROUP BY day, stage, score
            """).all()
        return try rows.map { row in
            NPSAnswerCount(
                day: CivilDate(daysSinceEpoch: try row.decode(column: "day", as: Int64.self)),
                stage: try row.decode(column: "stage", as: String?.self),
                score: try row.decode(column: "score", as: Int.self), count: try row.decode(column: "n", as: Int.self))
        }
    }

    /// Each customer's revenue and cost in the window, one row per customer with either (customers without both are absent).
    private func moneyPerCustomer(_ options: ReportOptions) -> SQLQueryString {
        let (lower, upper) = bounds(options)
        // Each side sums in its (workspace, customer, at, amount) index order; only the two sums are merged.
        return """
            SELECT customer_id, SUM(revenue) AS revenue, SUM(cost) AS cost FROM (
              SELECT customer_id, SUM(amount_cents) AS revenue, 0 AS cost FROM purchases
              WHERE workspace_id = \(bind: workspace) AND at >= \(bind: lower) AND at <= \(bind: upper) GROUP BY customer_id
              UNION ALL
              SELECT customer_id, 0 AS revenue, SUM(amount_cents) AS cost FROM costs
              WHERE workspace_id = \(bind: workspace) AND at >= \(bind: lower) AND at <= \(bind: upper) GROUP BY customer_id
            ) AS sides GROUP BY customer_id
            """
    }

    /// Customers, revenue and cost per (value category, rung, relationship type) — every customer in exactly one cell —
    /// and the profit in cents of every customer whose profit in the window is not zero (in no particular order).
    /// One statement: each customer's money is summed once (MATERIALIZED) for both; the cells come first (`part` 0),
    /// then one row per profit (`part` 1), streamed.
    func economics(_ options: ReportOptions) async throws -> (cells: [EconomicsCell], profits: [Int64]) {
        let parts: SQLQueryString = """
            )
            SELECT 0 AS part, vc.stage_key AS category, el.stage_key AS rung, rt.stage_key AS relationship, COUNT(*) AS customers,
              COALESCE(SUM(m.revenue), 0) AS revenue, COALESCE(SUM(m.cost), 0) AS cost
            FROM customers c
            LEFT JOIN money m ON m.customer_id = c.id
            LEFT JOIN positions vc ON vc.workspace_id = c.workspace_id AND vc.customer_id = c.id AND vc.model_key = \(bind: EconomicsReport.categoryModel)
            LEFT JOIN positions el ON el.workspace_id = c.workspace_id AND el.customer_id = c.id AND el.model_key = \(bind: EconomicsReport.rungModel)
            LEFT JOIN positions rt ON rt.workspace_id = c.workspace_id AND rt.customer_id = c.id AND rt.model_key = \(bind: EconomicsReport.relationshipModel)
            WHERE c.workspace_id = \(bind: workspace)
            GROUP BY vc.stage_key, el.stage_key, rt.stage_key
            UNION ALL
            SELECT 1 AS part, NULL AS category, NULL AS rung, NULL AS relationship, 0 AS customers, revenue - cost AS revenue, 0 AS cost
            FROM money WHERE revenue <> cost
            """
        let query = SQLQueryString("WITH money AS MATERIALIZED (") + moneyPerCustomer(options) + parts
        let collected = NIOLockedValueBox<(cells: [EconomicsCell], profits: [Int64], error: (any Error)?)>(([], [], nil))
        try await sql.raw(query).run { row in
            do {
                let revenue = try row.decode(column: "revenue", as: Int64.self)
                if try row.decode(column: "part", as: Int.self) == 1 {
                    collected.withLockedValue { $0.profits.append(revenue) }
                    return
                }
                let cell = EconomicsCell(
                    category: try row.decode(column: "category", as: String?.self), rung: try row.decode(column: "rung", as: String?.self),
                    relationship: try row.decode(column: "relationship", as: String?.self),
                    customers: try row.decode(column: "customers", as: Int.self),
                    revenueCents: revenue, costCents: try row.decode(column: "cost", as: Int64.self))
                collected.withLockedValue { $0.cells.append(cell) }
            } catch {
                collected.withLockedValue { $0.error = $0.error ?? error }
            }
        }
        let (cells, profits, error) = collected.withLockedValue { ($0.cells, $0.profits, $0.error) }
        if let error { throw error }
        return (cells, profits)
    }

    /// Interactions in the window per channel and kind.
    func interactionCounts(_ options: ReportOptions) async throws -> [InteractionCount] {
        let (lower, upper) = bounds(options)
        // `+at`: the window is filtered inside `interactions_channel`, read in (channel, kind) order without a sort.
        return try await sql.raw("""
            SELECT channel, kind, COUNT(*) AS n FROM interactions
            WHERE workspace_id = \(bind: workspace) AND +at >= \(bind: lower) AND +at <= \(bind: upper)
            GROUP BY channel, kind
            """).all().map { row in
            InteractionCount(
                channel: try row.decode(column: "channel", as: String.self), kind: try row.decode(column: "kind", as: String.self),
                count: try row.decode(column: "n", as: Int.self))
        }
    }

    /// Follow-ups due on a day of the window per person (assignee, else the customer's owner) and outcome as of `now`.
    func followUpCounts(_ options: ReportOptions) async throws -> [FollowUpCount] {
        let first = options.from?.date.description ?? "0000-01-01", last = options.to?.date.description ?? "9999-12-31"
        let today = options.now.date.description
        // The customer's owner is looked up only for follow-ups without an assignee (COALESCE stops at the first
        // value), in `customers_owner_id` (migration 11).
        let rows = try await sql.raw("""
            SELECT COALESCE(f.assignee, (SELECT c.owner FROM customers c WHERE c.workspace_id = f.workspace_id AND c.id = f.customer_id)) AS person,
              CASE WHEN f.done_at IS NULL THEN (CASE WHEN f.due_on < \(bind: today) THEN 'missed' ELSE 'open' END)
                   WHEN f.done_at < \(unsafeRaw: dueDayEndsSQL) THEN 'on_time' ELSE 'late' END AS outcome,
              COUNT(*) AS n
            FROM follow_ups f
            WHERE f.workspace_id = \(bind: workspace) AND f.due_on >= \(bind: first) AND f.due_on <= \(bind: last)
            GROUP BY person, outcome
            """).all()
        return try rows.compactMap { row in
            guard let outcome = FollowUpOutcome(rawValue: try row.decode(column: "outcome", as: String.self)) else { return nil }
            return FollowUpCount(
                assignee: try row.decode(column: "person", as: String?.self), outcome: outcome, count: try row.decode(column: "n", as: Int.self))
        }
    }
}
