import Foundation
import PaladinAnalytics
import PaladinCore
import SQLKit

/// Reads the evidence a score run needs, in two passes that keep memory small:
/// every customer's purchases condensed to a fixed-size summary, then the rest in batches of customers.
struct EvidenceLoader {
    let sql: any SQLDatabase
    let workspace: Int64

    /// Every customer id, ascending.
    func customerIds() async throws -> [Int64] {
        try await collect("SELECT id FROM customers WHERE workspace_id = \(bind: workspace) ORDER BY id") {
            try $0.decode(column: "id", as: Int64.self)
        }
    }

    /// The purchase summary of every customer with purchases up to `asOf`, built as the day totals stream by.
    func purchaseSummaries(asOf: Timestamp) async throws -> [Int64: PurchaseSummary] {
        let summaries = Locked<[Int64: PurchaseSummary]>([:])
        let query: SQLQueryString =
            "SELECT customer_id, at / 86400 AS day, COUNT(*) AS n, SUM(amount_cents) AS cents FROM purchases WHERE workspace_id = \(bind: workspace) AND at <= \(bind: asOf.seconds) GROUP BY customer_id, at / 86400 ORDER BY customer_id, day"
        try await sql.execute(sql: query) { row in
            summaries.update { all, failure in
                do {
                    let day = PurchaseDay(
                        day: try row.decode(column: "day", as: Int64.self), count: try row.decode(column: "n", as: Int.self),
                        cents: try row.decode(column: "cents", as: Int64.self))
                    all[try row.decode(column: "customer_id", as: Int64.self), default: PurchaseSummary()].add(day)
                } catch {
                    failure = error
                }
            }
        }
        return try summaries.value()
    }

    /// The evidence of customers with `low < id <= high` (their purchase summaries given) and their current positions.
    func batch(
        low: Int64, high: Int64, ids: ArraySlice<Int64>, asOf: Timestamp, summaries: [Int64: PurchaseSummary]
    ) async throws -> (evidence: [Int64: CustomerEvidence], positions: [Int64: [String: Position]]) {
        let end = asOf.seconds
        var evidence: [Int64: CustomerEvidence] = [:]
        evidence.reserveCapacity(ids.count)
        for id in ids {
            var customer = CustomerEvidence(customerId: id)
            customer.purchaseSummary = summaries[id] ?? PurchaseSummary()
            evidence[id] = customer
        }
        let ws = workspace
        for row in try await sql.raw(
            "SELECT customer_id, SUM(amount_cents) AS cents FROM costs WHERE workspace_id = \(bind: ws) AND customer_id > \(bind: low) AND customer_id <= \(bind: high) AND at <= \(bind: end) GROUP BY customer_id"
        ).all() {
            evidence[try row.decode(column: "customer_id", as: Int64.self)]?.cost = Money(cents: try row.decode(column: "cents", as: Int64.self))
        }
        let since90 = end - 90 * 86_400, since365 = end - 365 * 86_400
        for row in try await sql.raw(
            """
            SELECT customer_id, COUNT(*) AS n, MAX(at) AS last,
              SUM(CASE WHEN kind = 'complaint' AND at > \(bind: since90) THEN 1 ELSE 0 END) AS c90,
              SUM(CASE WHEN kind = 'complaint' AND at > \(bind: since365) THEN 1 ELSE 0 END) AS c365
            FROM interactions WHERE workspace_id = \(bind: ws) AND customer_id > \(bind: low) AND customer_id <= \(bind: high)
              AND at <= \(bind: end) GROUP BY customer_id
            """
        ).all() {
            let id = try row.decode(column: "customer_id", as: Int64.self)
            evidence[id]?.interactions = try row.decode(column: "n", as: Int.self)
            evidence[id]?.lastContact = Timestamp(seconds: try row.decode(column: "last", as: Int64.self))
            evidence[id]?.complaints90d = try row.decode(column: "c90", as: Int.self)
            evidence[id]?.complaints365d = try row.decode(column: "c365", as: Int.self)
        }
        // The last answer per customer: rows come oldest first, so the last one seen wins.
        for row in try await sql.raw(
            "SELECT customer_id, score FROM survey_responses WHERE workspace_id = \(bind: ws) AND customer_id > \(bind: low) AND customer_id <= \(bind: high) AND at <= \(bind: end) ORDER BY customer_id, at, id"
        ).all() {
            evidence[try row.decode(column: "customer_id", as: Int64.self)]?.lastScore = try row.decode(column: "score", as: Int.self)
        }
        var positions: [Int64: [String: Position]] = [:]
        for row in try await sql.raw(
            "SELECT * FROM positions WHERE workspace_id = \(bind: ws) AND customer_id > \(bind: low) AND customer_id <= \(bind: high)"
        ).all() {
            let customer = try row.decode(column: "customer_id", as: Int64.self)
            let position = try JourneyStore.decodePosition(row)
            positions[customer, default: [:]][position.model] = position
            evidence[customer]?.stageSince[position.model] = position.since
        }
        return (evidence, positions)
    }

    private func collect<T: Sendable>(_ query: SQLQueryString, _ transform: @escaping @Sendable (any SQLRow) throws -> T) async throws -> [T] {
        let items = Locked<[T]>([])
        try await sql.execute(sql: query) { row in
            items.update { all, failure in
                do { all.append(try transform(row)) } catch { failure = error }
            }
        }
        return try items.value()
    }
}

/// A value updated from the database's row callback (which runs on another thread), with the first error kept.
private final class Locked<Value: Sendable>: @unchecked Sendable {
    // Guarded by `lock`.
    private var current: Value
    private var failure: (any Error)?
    private let lock = NSLock()

    init(_ value: Value) { current = value }

    func update(_ body: (inout Value, inout (any Error)?) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        guard failure == nil else { return }
        body(&current, &failure)
    }

    func value() throws -> Value {
        lock.lock()
        defer { lock.unlock() }
        if let failure { throw failure }
        return current
    }
}
