import Foundation
import PaladinAnalytics
import PaladinCore
import SQLKit

/// Reads, in a few aggregate queries, the evidence of every customer of a workspace up to a date.
struct EvidenceLoader {
    let sql: any SQLDatabase
    let workspace: Int64

    /// Evidence per customer id (every customer, with or without evidence), and current positions.
    func load(asOf: Timestamp) async throws -> (evidence: [Int64: CustomerEvidence], positions: [Int64: [String: Position]]) {
        let end = asOf.seconds
        var evidence: [Int64: CustomerEvidence] = [:]
        for row in try await sql.raw("SELECT id FROM customers WHERE workspace_id = \(bind: workspace)").all() {
            let id = try row.decode(column: "id", as: Int64.self)
            evidence[id] = CustomerEvidence(customerId: id)
        }
        let days = try await stream(
            "SELECT customer_id, at / 86400 AS day, COUNT(*) AS n, SUM(amount_cents) AS cents FROM purchases WHERE workspace_id = \(bind: workspace) AND at <= \(bind: end) GROUP BY customer_id, at / 86400 ORDER BY customer_id, day"
        ) { row in
            (try row.decode(column: "customer_id", as: Int64.self),
             PurchaseDay(day: try row.decode(column: "day", as: Int64.self), count: try row.decode(column: "n", as: Int.self),
                         cents: try row.decode(column: "cents", as: Int64.self)))
        }
        for (customer, day) in days { evidence[customer]?.purchaseDays.append(day) }
        for row in try await sql.raw(
            "SELECT customer_id, SUM(amount_cents) AS cents FROM costs WHERE workspace_id = \(bind: workspace) AND at <= \(bind: end) GROUP BY customer_id"
        ).all() {
            evidence[try row.decode(column: "customer_id", as: Int64.self)]?.cost = Money(cents: try row.decode(column: "cents", as: Int64.self))
        }
        let since90 = end - 90 * 86_400, since365 = end - 365 * 86_400
        for row in try await sql.raw(
            """
            SELECT customer_id, COUNT(*) AS n, MAX(at) AS last,
              SUM(CASE WHEN kind = 'complaint' AND at > \(bind: since90) THEN 1 ELSE 0 END) AS c90,
              SUM(CASE WHEN kind = 'complaint' AND at > \(bind: since365) THEN 1 ELSE 0 END) AS c365
            FROM interactions WHERE workspace_id = \(bind: workspace) AND at <= \(bind: end) GROUP BY customer_id
            """
        ).all() {
            let id = try row.decode(column: "customer_id", as: Int64.self)
            evidence[id]?.interactions = try row.decode(column: "n", as: Int.self)
            evidence[id]?.lastContact = Timestamp(seconds: try row.decode(column: "last", as: Int64.self))
            evidence[id]?.complaints90d = try row.decode(column: "c90", as: Int.self)
            evidence[id]?.complaints365d = try row.decode(column: "c365", as: Int.self)
        }
        // The last answer per customer: rows come oldest first, so the last one seen wins.
        let scores = try await stream(
            "SELECT customer_id, score FROM survey_responses WHERE workspace_id = \(bind: workspace) AND at <= \(bind: end) ORDER BY customer_id, at, id"
        ) { row in (try row.decode(column: "customer_id", as: Int64.self), try row.decode(column: "score", as: Int.self)) }
        for (customer, score) in scores { evidence[customer]?.lastScore = score }
        var positions: [Int64: [String: Position]] = [:]
        for (customer, position) in try await stream(
            "SELECT * FROM positions WHERE workspace_id = \(bind: workspace)", { row in
                (try row.decode(column: "customer_id", as: Int64.self), try JourneyStore.decodePosition(row))
            })
        {
            positions[customer, default: [:]][position.model] = position
            evidence[customer]?.stageSince[position.model] = position.since
        }
        return (evidence, positions)
    }

    /// Runs a query and maps each row as it arrives, without holding all rows at once.
    private func stream<T: Sendable>(_ query: SQLQueryString, _ transform: @escaping @Sendable (any SQLRow) throws -> T) async throws -> [T] {
        let collected = RowCollector<T>()
        try await sql.execute(sql: query) { row in collected.add { try transform(row) } }
        return try collected.result()
    }
}

/// Gathers mapped rows delivered by the database's row callback (which runs on another thread).
private final class RowCollector<T: Sendable>: @unchecked Sendable {
    // Guarded by `lock`.
    private var items: [T] = []
    private var failure: (any Error)?
    private let lock = NSLock()

    func add(_ make: () throws -> T) {
        lock.lock()
        defer { lock.unlock() }
        guard failure == nil else { return }
        do { items.append(try make()) } catch { failure = error }
    }

    func result() throws -> [T] {
        lock.lock()
        defer { lock.unlock() }
        if let failure { throw failure }
        return items
    }
}
