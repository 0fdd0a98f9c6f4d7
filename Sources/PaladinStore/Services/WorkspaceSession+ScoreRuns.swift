import PaladinCore

/// The end of a background score run: the run as stored, and the error behind an unexpected failure (for the log,
/// never for the requester).
public struct ScoreRunEnd: Sendable {
    public var run: ScoreRun
    public var error: (any Error)?
}

extension WorkspaceSession {
    /// Queues a score run of the workspace as of `asOf` (nil: when it starts). One run per workspace at a time:
    /// a conflict while another is queued or running.
    public func requestScoreRun(asOf: Timestamp?) async throws -> ScoreRun {
        try await database.transaction { sql in
            let store = ScoreRunStore(sql, workspace: self.id)
            if let active = try await store.active() {
                throw PaladinError.conflict("score run \(active.id) is \(active.status.rawValue) in this workspace; wait until it has finished")
            }
            // The job's id is the id its run gets in score_runs, so metrics and derivations name the same run.
            let id = try await IdAllocator(sql).reserve("score_runs", workspace: self.id)
            let run = ScoreRun(id: id, status: .queued, asOf: asOf, requestedBy: self.actor, createdAt: self.clock.now(), phase: "queued")
            try await store.insert(run)
            return run
        }
    }

    /// Runs a queued score run to its end (the work of `paladin score`): `running`, then `succeeded` with its outcome
    /// or `failed` with a message safe to show. Throws only when the run's own record cannot be written.
    public func performScoreRun(_ id: Int64, progress: ImportProgress? = nil) async throws -> ScoreRunEnd {
        guard var run = try await uncancelled({ try await self.scoreRun(id) }), run.status == .queued else {
            throw PaladinError.conflict("score run \(id) is not queued")
        }
        run.status = .running
        run.startedAt = clock.now()
        run.phase = "reading"
        try await save(run)
        var failure: (any Error)?
        do {
            let report = try await score(asOf: run.asOf, runId: run.id, progress: progress)
            run.status = .succeeded
            run.phase = "done"
            run.processed = report.customers
            run.total = report.customers
            run.outcome = ScoreRunOutcome(report)
        } catch {
            run.status = .failed
            run.phase = "failed"
            switch error {
            case is CancellationError: run.failure = ScoreRun.interrupted
            case let error as PaladinError: run.failure = error.description
            default:
                run.failure = "the score run failed unexpectedly; the error has been logged"
                failure = error
            }
        }
        run.finishedAt = clock.now()
        try await save(run)
        return ScoreRunEnd(run: run, error: failure)
    }

    /// Marks a queued run failed without running it (the server is stopping).
    public func abandonScoreRun(_ id: Int64, reason: String) async throws {
        guard var run = try await uncancelled({ try await self.scoreRun(id) }), run.status.isActive else { return }
        run.status = .failed
        run.phase = "failed"
        run.failure = reason
        run.finishedAt = clock.now()
        try await save(run)
    }

    /// The score run with `id` of this workspace, if any.
    public func scoreRun(_ id: Int64) async throws -> ScoreRun? {
        try await ScoreRunStore(database.sql, workspace: self.id).find(id: id)
    }

    /// The newest score runs first; `before` pages on (ids below it).
    public func scoreRuns(limit: Int, before: Int64? = nil) async throws -> [ScoreRun] {
        try await ScoreRunStore(database.sql, workspace: self.id).list(limit: limit, before: before)
    }

    // In a transaction of its own: a statement outside one could land in another request's open transaction.
    // Never cancelled: a cancelled run must still record that it failed (the database refuses a cancelled task).
    private func save(_ run: ScoreRun) async throws {
        try await uncancelled {
            try await self.database.transaction { sql in try await ScoreRunStore(sql, workspace: self.id).update(run) }
        }
    }

    /// Runs `body` in a task of its own, so the caller's cancellation does not reach it; the caller still waits for it.
    private func uncancelled<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await Task { try await body() }.value
    }
}

extension Setup {
    /// Marks score runs a stopped server left queued or running as failed (`interrupted`); call before serving.
    public static func markInterruptedScoreRuns(_ database: PaladinDatabase, clock: Clock = .system) async throws -> Int {
        try await database.transaction { sql in try await ScoreRunStore.markInterrupted(sql, at: clock.now()) }
    }
}
