import Foundation
import PaladinAnalytics
import PaladinCore
@testable import PaladinStore
import SQLKit
import Testing

/// The stay each move ends (`stay_stage`, `stay_days`, migration 11), written with the move by every path and
/// backfilled by the migration: always what pairing each move with the customer's previous one in its model gives.
@Suite("The stay each move ends, stored on the move")
struct MoveStayTests {
    struct Stay: Equatable, CustomStringConvertible {
        var stage: String?
        var days: Int64?
        var description: String { "\(stage ?? "-")/\(days.map(String.init) ?? "-")" }
    }

    /// Every move's stored stay, by move id.
    func stored(_ session: WorkspaceSession) async throws -> [Int64: Stay] {
        var stays: [Int64: Stay] = [:]
        for row in try await session.database.sql.raw(
            "SELECT id, stay_stage, stay_days FROM moves WHERE workspace_id = \(bind: session.workspace.id)"
        ).all() {
            stays[try row.decode(column: "id", as: Int64.self)] = Stay(
                stage: try row.decode(column: "stay_stage", as: String?.self), days: try row.decode(column: "stay_days", as: Int64?.self))
        }
        return stays
    }

    /// Every move's stay worked out here from the raw moves: the previous move (by id) of the same customer in the
    /// same model went to a stage, and whole days passed since it (0 when the move is not later).
    func expected(_ session: WorkspaceSession) async throws -> [Int64: Stay] {
        var moves: [(id: Int64, customer: Int64, model: String, to: String?, at: Int64)] = []
        for row in try await session.database.sql.raw(
            "SELECT id, customer_id, model_key, to_stage, at FROM moves WHERE workspace_id = \(bind: session.workspace.id)"
        ).all() {
            moves.append((try row.decode(column: "id", as: Int64.self), try row.decode(column: "customer_id", as: Int64.self),
                          try row.decode(column: "model_key", as: String.self), try row.decode(column: "to_stage", as: String?.self),
                          try row.decode(column: "at", as: Int64.self)))
        }
        var last: [String: (to: String?, at: Int64)] = [:]
        var stays: [Int64: Stay] = [:]
        for move in moves.sorted(by: { $0.id < $1.id }) {
            let key = "\(move.customer)/\(move.model)"
            if let previous = last[key], let stage = previous.to {
                stays[move.id] = Stay(stage: stage, days: move.at > previous.at ? (move.at - previous.at) / 86_400 : 0)
            } else {
                stays[move.id] = Stay(stage: nil, days: nil)
            }
            last[key] = (move.to, move.at)
        }
        return stays
    }

    /// Appends a move of `customer` in `model` to `to` at `at`, after their stored position; returns it.
    @discardableResult
    func move(_ session: WorkspaceSession, _ customer: Int64, _ model: String, to: String?, kind: MoveKind, at: Timestamp) async throws -> Move {
        let store = JourneyStore(session.database.sql, workspace: session.workspace.id)
        let position = try await store.position(customer: customer, model: model)
        let id = try await IdAllocator(session.database.sql).reserve("moves", workspace: session.workspace.id)
        let move = Move(id: id, customerId: customer, model: model, from: position?.stage, to: to, kind: kind, at: at, actor: "t",
                        reason: kind == .forward ? nil : "because")
        try await store.append(move, after: position)
        return move
    }

    @Test("forward, backward and same-day moves: each stores the stage left and the whole days spent there (worked by hand)")
    func handWorked() async throws {
        try await withSession { session in
            // given a customer entered at testNow (entry moves in every guided model: no stay before them)
            let customer = try await session.add("S-1", "Stella")
            let model = "customer-journey"
            // when they move forward after 3.5 days, back after 6 more, again the same second, then forward 40 days later
            let forward = try await move(session, customer.id, model, to: "admit", kind: .forward, at: Timestamp(seconds: testNow.adding(days: 3).seconds + 43_200))
            let back = try await move(session, customer.id, model, to: "assess", kind: .back, at: Timestamp(seconds: testNow.adding(days: 9).seconds + 43_200))
            let skip = try await move(session, customer.id, model, to: "affirm", kind: .skip, at: Timestamp(seconds: testNow.adding(days: 9).seconds + 43_200))
            let later = try await move(session, customer.id, model, to: "activate", kind: .forward, at: Timestamp(seconds: testNow.adding(days: 49).seconds + 43_199))
            // then
            let stays = try await stored(session)
            #expect(stays[forward.id] == Stay(stage: "assess", days: 3))
            #expect(stays[back.id] == Stay(stage: "admit", days: 6))
            #expect(stays[skip.id] == Stay(stage: "assess", days: 0))
            #expect(stays[later.id] == Stay(stage: "affirm", days: 39))
            let entries = try await JourneyStore(session.database.sql, workspace: session.workspace.id).moves(customer: customer.id)
                .filter { $0.kind == .entry }
            #expect(!entries.isEmpty && entries.allSatisfy { stays[$0.id] == Stay(stage: nil, days: nil) })
            // and the time-in-stage report reads them: assess 3 and 0 days, admit 6, affirm 39
            let report = try await session.timeInStageReport(ReportOptions(model: model, now: testNow.adding(days: 60)))
            let counts = Dictionary(uniqueKeysWithValues: report.stages.map { ($0.stage, $0.count) })
            #expect(counts["assess"] == 2 && counts["admit"] == 1 && counts["affirm"] == 1 && counts["activate"] == 0)
            #expect(report.stages.first { $0.stage == "affirm" }?.medianDays == 39)
            // a window on when the stay ended keeps only the last one
            let windowed = try await session.timeInStageReport(
                ReportOptions(model: model, from: testNow.adding(days: 40), to: testNow.adding(days: 60), now: testNow.adding(days: 60)))
            #expect(windowed.stages.map(\.count).reduce(0, +) == 1)
        }
    }

    @Test("a move after one to no stage ends no stay; a clear ends the stay at the overridden stage")
    func clearedPositions() async throws {
        try await withSession { session in
            // given a customer overridden in a derived model, then cleared to no computed stage, then placed again
            let customer = try await session.add("S-2", "Sam")
            let model = "value-category"
            try await move(session, customer.id, model, to: "loyal", kind: .override, at: testNow.adding(days: 1))
            let clear = try await move(session, customer.id, model, to: nil, kind: .clear, at: testNow.adding(days: 5))
            let again = try await move(session, customer.id, model, to: "lost", kind: .computed, at: testNow.adding(days: 8))
            let next = try await move(session, customer.id, model, to: "average", kind: .computed, at: testNow.adding(days: 20))
            // then
            let stays = try await stored(session)
            #expect(stays[clear.id] == Stay(stage: "loyal", days: 4))
            #expect(stays[again.id] == Stay(stage: nil, days: nil))
            #expect(stays[next.id] == Stay(stage: "lost", days: 12))
            #expect(stays == (try await expected(session)))
        }
    }

    @Test("bulk writes: histories, several moves of one customer in one batch, imports and score runs store the same stays")
    func bulkPaths() async throws {
        try await withSession { session in
            // given a demo workspace (bulk histories), customers imported from CSV (bulk entries) and a score run
            // (computed moves in bulk after the stored positions)
            _ = try await DemoWorkspace.populate(session, customers: 30)
            try await session.importText(.customers, "external_id,name\nI-1,Ida\nI-2,Ian\n")
            _ = try await session.score(asOf: testNow.adding(days: 30))
            _ = try await session.score(asOf: testNow.adding(days: 400))
            // and a batch with two moves of one customer after their stored move
            let ida = try await session.customer("I-1")
            let store = JourneyStore(session.database.sql, workspace: session.workspace.id)
            let first = try await IdAllocator(session.database.sql).reserve("moves", count: 2, workspace: session.workspace.id)
            let position = try await store.position(customer: ida.id, model: "customer-journey")
            let one = Move(id: first, customerId: ida.id, model: "customer-journey", from: position?.stage, to: "admit", kind: .forward,
                           at: testNow.adding(days: 2), actor: "t")
            let two = Move(id: first + 1, customerId: ida.id, model: "customer-journey", from: "admit", to: "affirm", kind: .forward,
                           at: testNow.adding(days: 12), actor: "t")
            try await store.appendHistory([one, two])
            // then every stored stay is the one pairing the moves gives
            let stays = try await stored(session)
            #expect(stays.values.contains { $0.stage != nil })
            #expect(stays == (try await expected(session)))
            #expect(stays[first] == Stay(stage: position?.stage, days: 2))
            #expect(stays[first + 1] == Stay(stage: "admit", days: 10))
        }
    }

    @Test("deleting a customer takes their stays out of the time-in-stage report")
    func deletion() async throws {
        try await withSession { session in
            // given two customers with one completed stay each at assess
            let kept = try await session.add("D-1", "Kept")
            let gone = try await session.add("D-2", "Gone")
            try await move(session, kept.id, "customer-journey", to: "admit", kind: .forward, at: testNow.adding(days: 4))
            try await move(session, gone.id, "customer-journey", to: "admit", kind: .forward, at: testNow.adding(days: 10))
            let options = ReportOptions(model: "customer-journey", now: testNow.adding(days: 20))
            let before = try await session.timeInStageReport(options).stages.first { $0.stage == "assess" }
            #expect(before?.count == 2 && before?.p90Days == 10)
            // when one is deleted
            _ = try await session.deleteCustomer("D-2")
            // then only the other's stay is left
            let after = try await session.timeInStageReport(options).stages.first { $0.stage == "assess" }
            #expect(after?.count == 1 && after?.medianDays == 4 && after?.p90Days == 4)
        }
    }

    @Test("migration 11's backfill gives every existing move the stay the writers store")
    func backfill() async throws {
        try await withSession { session in
            // given a history written with stays, then stripped of them as a database before migration 11 would be
            _ = try await DemoWorkspace.populate(session, customers: 25)
            _ = try await session.score(asOf: testNow.adding(days: 90))
            let written = try await stored(session)
            #expect(written.values.contains { $0.stage != nil })
            try await session.database.sql.raw("UPDATE moves SET stay_stage = NULL, stay_days = NULL").run()
            // when the migration's backfill runs
            let backfill = try #require(M011ReportStays().statements.first { $0.hasPrefix("UPDATE moves") })
            try await session.database.sql.raw(SQLQueryString(backfill)).run()
            // then
            #expect(try await stored(session) == written)
        }
    }
}
