import Foundation
import PaladinCore
@testable import PaladinStore
import SQLKit
import Testing

/// Score runs asked for in the background: one per workspace at a time, run to succeeded or failed, and never left
/// "running" by a stop.
@Suite("Score runs (background)")
struct ScoreRunStoreTests {
    /// Every progress report a run made.
    final class Reports: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [(String, Int, Int)] = []
        func add(_ phase: String, _ done: Int, _ total: Int) { lock.withLock { items.append((phase, done, total)) } }
        var all: [(String, Int, Int)] { lock.withLock { items } }
    }

    @Test("a queued run runs to succeeded: its outcome, its progress, and the same id in score_runs")
    func runsToSucceeded() async throws {
        try await withSession { session in
            // given a workspace with four customers
            try await seedScoringWorkspace(session)
            // when a run is asked for and performed
            let queued = try await session.requestScoreRun(asOf: testNow)
            #expect(queued.status == .queued)
            #expect(queued.phase == "queued")
            #expect(try await session.scoreRun(queued.id) == queued)
            let reports = Reports()
            let end = try await session.performScoreRun(queued.id, progress: reports.add)
            // then it succeeded with the score's outcome, recorded under the same id as the run in score_runs
            #expect(end.error == nil)
            let stored = try #require(try await session.scoreRun(queued.id))
            #expect(stored == end.run)
            #expect(stored.status == .succeeded)
            #expect(stored.phase == "done")
            #expect(stored.processed == 4 && stored.total == 4)
            #expect(stored.startedAt == testNow && stored.finishedAt == testNow)
            #expect(stored.failure == nil)
            let outcome = try #require(stored.outcome)
            #expect(outcome.customers == 4)
            #expect(outcome.asOf == testNow)
            #expect(outcome.changes.map(\.model).sorted() == ["engagement-ladder", "relationship-type", "value-category"])
            #expect(outcome.recommendations.values.reduce(0, +) > 0)
            #expect(reports.all.contains { $0.0 == "deriving" && $0.1 == 4 && $0.2 == 4 })
            let row = try await session.database.sql.raw(
                "SELECT COUNT(*) AS n FROM score_runs WHERE workspace_id = \(bind: session.workspace.id) AND id = \(bind: queued.id)").first()
            #expect(try row?.decode(column: "n", as: Int.self) == 1)
            // and a new run may be asked for now
            let next = try await session.requestScoreRun(asOf: nil)
            #expect(next.id > queued.id)
            #expect(try await session.scoreRuns(limit: 10).map(\.id) == [next.id, queued.id])
            #expect(try await session.scoreRuns(limit: 10, before: next.id).map(\.id) == [queued.id])
        }
    }

    @Test("one run per workspace: a second request while one is queued is a conflict; another workspace is free")
    func oneAtATime() async throws {
        try await withDatabase { database in
            let acme = try await makeSession(database, workspace: "acme")
            let globex = try await makeSession(database, workspace: "globex")
            let first = try await acme.requestScoreRun(asOf: nil)
            await #expect(throws: PaladinError.self) { try await acme.requestScoreRun(asOf: nil) }
            #expect(try await acme.scoreRuns(limit: 10).map(\.id) == [first.id])
            // the index makes it structural, even for a writer that skips the check
            var duplicate = first
            duplicate.id = first.id + 100
            await #expect(throws: (any Error).self) { try await ScoreRunStore(database.sql, workspace: acme.workspace.id).insert(duplicate) }
            // globex is another workspace: its run is its own, and acme's run is not found there
            let other = try await globex.requestScoreRun(asOf: nil)
            #expect(try await globex.scoreRun(other.id)?.requestedBy == "tester")
            #expect(try await globex.scoreRuns(limit: 10).map(\.id) == [other.id])
            #expect(try await globex.scoreRun(first.id + 5) == nil)
        }
    }

    @Test("a cancelled run fails as interrupted and writes nothing; a finished run cannot be performed again")
    func failures() async throws {
        try await withSession { session in
            try await seedScoringWorkspace(session)
            // a cancelled task: the score stops at its first batch and rolls back
            let run = try await session.requestScoreRun(asOf: testNow)
            let task = Task { try await session.performScoreRun(run.id) }
            task.cancel()
            let end = try await task.value
            #expect(end.run.status == .failed)
            #expect(end.run.failure == ScoreRun.interrupted)
            #expect(try await session.rowCount("customer_metrics") == 0)
            #expect(try await session.scoreRun(run.id)?.status == .failed)
            // performing a run that is not queued is refused
            await #expect(throws: PaladinError.self) { try await session.performScoreRun(run.id) }
        }
    }

    @Test("at start-up, runs left queued or running by a stop are marked failed (interrupted), finished ones are kept")
    func interruptedAtStartUp() async throws {
        try await withDatabase { database in
            let session = try await makeSession(database)
            try await seedScoringWorkspace(session)
            let done = try await session.requestScoreRun(asOf: testNow)
            _ = try await session.performScoreRun(done.id)
            let cutOff = try await session.requestScoreRun(asOf: nil)
            var running = cutOff
            running.status = .running
            running.phase = "deriving"
            try await ScoreRunStore(database.sql, workspace: session.workspace.id).update(running)
            // when the server starts again
            #expect(try await Setup.markInterruptedScoreRuns(database, clock: fixedClock) == 1)
            // then the cut-off run failed as interrupted, the finished one is untouched, and a new run may start
            let stored = try #require(try await session.scoreRun(cutOff.id))
            #expect(stored.status == .failed)
            #expect(stored.failure == ScoreRun.interrupted)
            #expect(stored.finishedAt == testNow)
            #expect(try await session.scoreRun(done.id)?.status == .succeeded)
            #expect(try await Setup.markInterruptedScoreRuns(database, clock: fixedClock) == 0)
            _ = try await session.requestScoreRun(asOf: nil)
        }
    }
}
