import Foundation
import PaladinCore
@testable import PaladinStore
import Testing
import PaladinTestSupport

/// Two Paladin processes (two databases open on the same location) moving the same customers at once: on SQLite
/// the file's single writer orders them, on PostgreSQL serialisable transactions (retried on a conflict) do.
@Suite("Concurrent moves on every backend")
struct ConcurrentMoveTests {
    static let stages = ["assess", "admit", "affirm", "activate"]

    @Test("concurrent moves of the same customers from two processes: no lost move, positions equal the history",
          arguments: TestBackends.all)
    func concurrentMoves(_ backend: DatabaseBackend) async throws {
        try await TestBackends.withFresh(backend, sqliteFile: true) { location in
            // given two processes on one database
            let first = try await PaladinDatabase.open(location, create: true)
            let second: PaladinDatabase
            do {
                second = try await PaladinDatabase.open(location, create: true)
            } catch {
                await first.close()
                throw error
            }
            do {
                try await race(first, second)
            } catch {
                await first.close()
                await second.close()
                throw error
            }
            await first.close()
            await second.close()
        }
    }

    func race(_ first: PaladinDatabase, _ second: PaladinDatabase) async throws {
        // given three customers
        let setup = try await makeSession(first)
        for index in 1...3 { try await setup.add("R-\(index)", "Racer \(index)") }
        let sessions = [setup, try await WorkspaceSession.open(second, workspace: "acme", clock: fixedClock, actor: "other")]
        // when 40 moves race, 20 from each process
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for attempt in 0..<40 {
                let session = sessions[attempt % 2]
                let request = MoveRequest(to: Self.stages[attempt % 4], force: true, reason: "race \(attempt)")
                group.addTask {
                    do {
                        _ = try await session.move("R-\(attempt % 3 + 1)", model: "customer-journey", request: request)
                        return true
                    } catch let error as PaladinError {
                        // Already at that stage after another move won: refused, and nothing written.
                        if case .refused = error { return false }
                        throw error
                    }
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        // then every accepted move is in the history, exactly once, and positions equal its replay
        let moved = outcomes.filter { $0 }.count
        #expect(moved > 0)
        let store = JourneyStore(first.sql, workspace: setup.workspace.id)
        var recorded = 0
        for index in 1...3 {
            let customer = try await setup.customer("R-\(index)")
            let moves = try await store.moves(customer: customer.id, model: "customer-journey")
            recorded += moves.filter { $0.kind != .entry }.count
            #expect(Position.replay(moves) == (try await store.position(customer: customer.id, model: "customer-journey")))
        }
        #expect(recorded == moved)
        #expect(try await setup.verifyPositions().isEmpty)
    }
}
