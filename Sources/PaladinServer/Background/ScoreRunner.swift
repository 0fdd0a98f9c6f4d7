import Foundation
import Logging
import PaladinStore
import ServiceLifecycle

/// Runs queued score runs in the background. It is a Service of the application's ServiceGroup, so it lives exactly
/// as long as the server: on graceful shutdown it stops taking runs and cancels the running ones (a cancelled score
/// stops between batches and rolls back), records them as interrupted, and returns only then — the caller closes the
/// database after the application has stopped, never under a run.
final class ScoreRunner: Service, Sendable {
    /// A queued run of one workspace.
    struct Job: Sendable {
        let session: WorkspaceSession
        let runId: Int64
    }

    /// Live progress of the running runs (the stored row is written at start and end only: a write outside the
    /// score's long transaction would share its connection).
    let progress = ScoreProgressBoard()
    private let jobs: AsyncStream<Job>
    private let continuation: AsyncStream<Job>.Continuation
    private let logger: Logger

    init(logger: Logger) {
        (jobs, continuation) = AsyncStream.makeStream(of: Job.self)
        self.logger = logger
    }

    /// Hands a queued run over; false when the runner has stopped taking runs.
    func submit(_ job: Job) -> Bool {
        if case .enqueued = continuation.yield(job) { return true }
        return false
    }

    func run() async throws {
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                for await job in jobs {
                    group.addTask { await self.execute(job) }
                }
                // Shutting down: runs still going are cancelled and record themselves as interrupted.
                group.cancelAll()
            }
        } onGracefulShutdown: {
            self.continuation.finish()
        }
    }

    private func execute(_ job: Job) async {
        let key = ScoreProgressBoard.Key(workspace: job.session.workspace.id, run: job.runId)
        defer { progress.remove(key) }
        let started = ContinuousClock.now
        do {
            if Task.isCancelled {
                try await job.session.abandonScoreRun(job.runId, reason: ScoreRun.interrupted)
                ServerMetrics.countScoreRun(outcome: "failed")
                return
            }
            progress.update(key, phase: "reading", done: 0, total: 0)
            let end = try await job.session.performScoreRun(job.runId) { [progress] phase, done, total in
                progress.update(key, phase: phase, done: done, total: total)
            }
            if let error = end.error {
                logger.error("score run failed", metadata: [
                    "workspace": "\(job.session.workspace.key)", "run": "\(job.runId)", "error": "\(String(reflecting: error))"])
            }
            ServerMetrics.countScoreRun(outcome: end.run.status.rawValue)
            ServerMetrics.recordScoreRunDuration(ContinuousClock.now - started)
        } catch {
            logger.error("score run could not be recorded", metadata: [
                "workspace": "\(job.session.workspace.key)", "run": "\(job.runId)", "error": "\(String(reflecting: error))"])
            ServerMetrics.countScoreRun(outcome: "failed")
        }
    }
}

/// What the running score runs have done so far, by workspace and run.
final class ScoreProgressBoard: @unchecked Sendable {
    struct Key: Hashable {
        let workspace: Int64
        let run: Int64
    }

    /// A phase, and customers processed of the total once known (the score's first phases count no customers).
    struct Progress: Sendable, Equatable {
        var phase: String
        var processed: Int
        var total: Int?
    }

    // Updated from the score's synchronous progress callback: a lock, not an actor.
    private let lock = NSLock()
    private var entries: [Key: Progress] = [:]

    func update(_ key: Key, phase: String, done: Int, total: Int) {
        lock.withLock {
            entries[key] = phase == "deriving" ? Progress(phase: phase, processed: done, total: total)
                : Progress(phase: phase, processed: 0, total: nil)
        }
    }

    func remove(_ key: Key) {
        lock.withLock { _ = entries.removeValue(forKey: key) }
    }

    func progress(_ key: Key) -> Progress? {
        lock.withLock { entries[key] }
    }
}
