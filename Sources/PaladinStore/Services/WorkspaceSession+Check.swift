import PaladinCore
import SQLKit

extension WorkspaceSession {
    /// Replays every customer's moves and compares the result with the stored positions.
    /// Returns one line per disagreement; empty when the store is consistent.
    public func verifyPositions(batch: Int64 = 5_000) async throws -> [String] {
        let sql = database.sql
        let maxId = try await sql.raw("SELECT COALESCE(MAX(id), 0) AS m FROM customers WHERE workspace_id = \(bind: id)")
            .first()?.decode(column: "m", as: Int64.self) ?? 0
        var problems: [String] = []
        var low: Int64 = 0
        while low < maxId {
            let high = low + batch
            let moves = try await sql.raw(
                "SELECT * FROM moves WHERE workspace_id = \(bind: id) AND customer_id > \(bind: low) AND customer_id <= \(bind: high) ORDER BY customer_id, model_key, id"
            ).all().map(JourneyStore.decodeMove)
            var replayed: [String: Position] = [:]
            for move in moves {
                let key = "\(move.customerId)/\(move.model)"
                replayed[key] = Position.applying(move, to: replayed[key])
            }
            let stored = try await sql.raw(
                "SELECT * FROM positions WHERE workspace_id = \(bind: id) AND customer_id > \(bind: low) AND customer_id <= \(bind: high)"
            ).all()
            var storedKeys = Set<String>()
            for row in stored {
                let position = try JourneyStore.decodePosition(row)
                let key = "\(try row.decode(column: "customer_id", as: Int64.self))/\(position.model)"
                storedKeys.insert(key)
                if replayed[key] != position {
                    problems.append("\(key): stored stage '\(position.stage)', the moves say '\(replayed[key]?.stage ?? "none")'")
                }
            }
            for key in replayed.keys where !storedKeys.contains(key) && replayed[key] != nil {
                problems.append("\(key): no stored position, the moves say '\(replayed[key]!.stage)'")
            }
            low = high
        }
        return problems
    }
}
