import PaladinCore
@testable import PaladinStore
import SQLKit
import Testing

/// The per-stage counts (on SQLite kept by triggers, M016) must always equal counting the positions, whatever wrote them.
@Suite("Stage counts kept beside the positions")
struct StageCountTests {
    /// The counts as `stageCounts` gives them (SQLite: the trigger-kept table; PostgreSQL: a count), for every
    /// workspace and model that has positions, zeros left out.
    static func kept(_ database: PaladinDatabase) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try await database.sql.raw("SELECT DISTINCT workspace_id, model_key FROM positions").all() {
            let workspace = try row.decode(column: "workspace_id", as: Int64.self), model = try row.decode(column: "model_key", as: String.self)
            for (stage, n) in try await JourneyStore(database.sql, workspace: workspace).stageCounts(model: model) where n != 0 {
                counts["\(workspace)/\(model)/\(stage)"] = n
            }
        }
        return counts
    }

    static func counted(_ database: PaladinDatabase) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try await database.sql.raw(
            "SELECT workspace_id, model_key, stage_key, COUNT(*) AS n FROM positions GROUP BY workspace_id, model_key, stage_key").all() {
            counts["\(try row.decode(column: "workspace_id", as: Int64.self))/\(try row.decode(column: "model_key", as: String.self))/\(try row.decode(column: "stage_key", as: String.self))"]
                = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }

    static func expectConsistent(_ database: PaladinDatabase, _ step: String) async throws {
        let kept = try await kept(database), counted = try await counted(database)
        #expect(kept == counted, "after \(step)")
        #expect(!counted.isEmpty, "after \(step): something is placed")
    }

    @Test("entries, moves forward and back, imports, score runs and deletions keep the counts equal to the positions")
    func everyWriter() async throws {
        try await withDatabase { database in
            let acme = try await makeSession(database, workspace: "acme")
            let globex = try await makeSession(database, workspace: "globex")
            // entries into the guided models
            try await acme.add("A-1", "Ana")
            try await acme.add("A-2", "Bogdan")
            try await globex.add("G-1", "Greta")
            try await Self.expectConsistent(database, "entries")
            #expect(try await JourneyStore(database.sql, workspace: acme.workspace.id).stageCounts(model: "customer-journey") == ["assess": 2])
            // moves: forward (forced), back, and another model
            _ = try await acme.move("A-1", model: "customer-journey", request: MoveRequest(to: "activate", force: true, reason: "test"))
            _ = try await acme.move("A-1", model: "customer-journey", request: MoveRequest(to: "admit", reason: "back"))
            _ = try await acme.move("A-2", model: "pro-customer", request: MoveRequest(to: "decision-to-change", force: true, reason: "test"))
            try await Self.expectConsistent(database, "moves")
            #expect(try await JourneyStore(database.sql, workspace: acme.workspace.id).stageCounts(model: "customer-journey") == ["assess": 1, "admit": 1])
            // an import of customers
            let csv = "external_id,name\nI-1,Ida\nI-2,Igor\nI-3,Ilinca\n"
            _ = try await acme.importCSV(.customers, bytes: Array(csv.utf8), source: "customers.csv", options: ImportOptions(), skipInvalid: false)
            try await Self.expectConsistent(database, "an import")
            #expect(try await JourneyStore(database.sql, workspace: acme.workspace.id).stageCounts(model: "customer-journey")["assess"] == 4)
            // a score run places everyone in the derived models
            _ = try await acme.score(asOf: testNow)
            try await Self.expectConsistent(database, "a score run")
            // a deletion
            _ = try await acme.deleteCustomer("A-1")
            try await Self.expectConsistent(database, "a deletion")
            #expect(try await JourneyStore(database.sql, workspace: acme.workspace.id).stageCounts(model: "customer-journey")["admit"] == nil)
            #expect(try await JourneyStore(database.sql, workspace: globex.workspace.id).stageCounts(model: "customer-journey") == ["assess": 1])
        }
    }
}
