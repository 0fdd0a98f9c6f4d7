import PaladinAnalytics
import PaladinCore
import SQLKit

/// How NPS answers are grouped in time.
public enum NPSPeriod: String, Sendable, CaseIterable {
    case month, quarter, year

    /// The label of the period `date` falls in: `2026-11`, `2026-Q4`, `2026`.
    func label(_ date: CivilDate) -> String {
        switch self {
        case .month: return date.description.prefix(7).description
        case .quarter: return "\(date.year)-Q\((date.month - 1) / 3 + 1)"
        case .year: return String(date.year)
        }
    }
}

/// One group of an NPS report.
public struct NPSGroup: Sendable {
    /// The period label, when grouped by period.
    public var period: String?
    /// The stage of the `by` model the customers are at now; nil for customers not placed, or when not grouped.
    public var stage: String?
    public var summary: NPSSummary
}

/// A customer flagged by the last score run.
public struct FlaggedCustomer: Sendable {
    public var customerId: Int64
    public var externalId: String?
    public var name: String
    public var kind: Recommendation.Kind
    public var reason: String
}

extension WorkspaceSession {
    /// NPS of the answers given between `from` and `to` (inclusive), optionally per period and per the current stage
    /// of model `by`. Groups come in period order, then in the model's stage order. An empty group list means no answers.
    public func nps(by modelKey: String? = nil, period: NPSPeriod? = nil, from: Timestamp? = nil, to: Timestamp? = nil) async throws -> [NPSGroup] {
        let model = try await modelKey.asyncMap { try await self.model($0) }
        let rows: [any SQLRow]
        let lower = from?.seconds ?? Int64.min, upper = to?.seconds ?? Int64.max
        if let model {
            rows = try await database.sql.raw(
                """
                SELECT s.score, s.at, p.stage_key FROM survey_responses s
                LEFT JOIN positions p ON p.workspace_id = s.workspace_id AND p.customer_id = s.customer_id AND p.model_key = \(bind: model.key)
                WHERE s.workspace_id = \(bind: id) AND s.at >= \(bind: lower) AND s.at <= \(bind: upper)
                """
            ).all()
        } else {
            rows = try await database.sql.raw(
                "SELECT score, at FROM survey_responses WHERE workspace_id = \(bind: id) AND at >= \(bind: lower) AND at <= \(bind: upper)"
            ).all()
        }
        var groups: [String: NPSGroup] = [:]
        for row in rows {
            let at = Timestamp(seconds: try row.decode(column: "at", as: Int64.self))
            let stage = model == nil ? nil : try row.decode(column: "stage_key", as: String?.self)
            let label = period?.label(at.date)
            let key = "\(label ?? "")|\(stage ?? "")"
            groups[key, default: NPSGroup(period: label, stage: stage, summary: NPSSummary())].summary.add(try row.decode(column: "score", as: Int.self))
        }
        let stageOrder = Dictionary(uniqueKeysWithValues: (model?.stages ?? []).enumerated().map { ($1.key, $0) })
        return groups.values.sorted { lhs, rhs in
            if lhs.period != rhs.period { return (lhs.period ?? "") < (rhs.period ?? "") }
            return (lhs.stage.flatMap { stageOrder[$0] } ?? Int.max) < (rhs.stage.flatMap { stageOrder[$0] } ?? Int.max)
        }
    }

    /// Customers the last score run flagged, optionally of one kind, by customer id.
    public func flaggedCustomers(kind: Recommendation.Kind? = nil, limit: Int = 1_000) async throws -> [FlaggedCustomer] {
        var query: SQLQueryString = """
            SELECT r.customer_id, r.kind, r.reason, c.external_id, c.name FROM recommendations r
            JOIN customers c ON c.workspace_id = r.workspace_id AND c.id = r.customer_id
            WHERE r.workspace_id = \(bind: id)
            """
        if let kind { query = query + " AND r.kind = \(bind: kind.rawValue)" }
        query = query + " ORDER BY r.customer_id, r.kind LIMIT \(bind: limit)"
        return try await database.sql.raw(query).all().compactMap { row in
            guard let kind = Recommendation.Kind(rawValue: try row.decode(column: "kind", as: String.self)) else { return nil }
            return FlaggedCustomer(
                customerId: try row.decode(column: "customer_id", as: Int64.self),
                externalId: try row.decode(column: "external_id", as: String?.self),
                name: try row.decode(column: "name", as: String.self), kind: kind,
                reason: try row.decode(column: "reason", as: String.self))
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
