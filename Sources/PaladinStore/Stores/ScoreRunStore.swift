import Foundation
import PaladinCore
import SQLKit

/// A score run asked for (over the API) and run in the background: its state, progress and outcome.
public struct ScoreRun: Sendable, Hashable {
    /// Where a run is in its life.
    public enum Status: String, Sendable, CaseIterable, Codable {
        case queued, running, succeeded, failed

        /// Whether the run still holds its workspace's one slot.
        public var isActive: Bool { self == .queued || self == .running }
    }

    /// Per workspace; the id its run has in `score_runs` once it succeeds.
    public var id: Int64
    public var status: Status
    /// The date asked for; nil means "now" when the run starts.
    public var asOf: Timestamp?
    /// Who asked for it (member email).
    public var requestedBy: String
    public var createdAt: Timestamp
    public var startedAt: Timestamp?
    public var finishedAt: Timestamp?
    /// `queued`, then the score's phases (`reading`, `fitting`, `deriving`), then `done` or `failed`.
    public var phase: String
    /// Customers processed so far (as last recorded).
    public var processed: Int
    /// Customers to process, once known.
    public var total: Int?
    /// What a succeeded run did.
    public var outcome: ScoreRunOutcome?
    /// Why a failed run failed, safe to show to its requester (never internal error text).
    public var failure: String?

    /// A run.
    public init(
        id: Int64, status: Status, asOf: Timestamp?, requestedBy: String, createdAt: Timestamp, startedAt: Timestamp? = nil,
        finishedAt: Timestamp? = nil, phase: String, processed: Int = 0, total: Int? = nil, outcome: ScoreRunOutcome? = nil,
        failure: String? = nil
    ) {
        self.id = id
        self.status = status
        self.asOf = asOf
        self.requestedBy = requestedBy
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.phase = phase
        self.processed = processed
        self.total = total
        self.outcome = outcome
        self.failure = failure
    }
}

/// The summary of a succeeded score run, as stored (JSON in `score_run_jobs.outcome`).
public struct ScoreRunOutcome: Sendable, Hashable, Codable {
    /// One repeat-buying fit.
    public struct Fit: Sendable, Hashable, Codable {
        public var model: String
        public var converged: Bool
        public var customers: Int
        public var message: String
    }

    /// How one derived model's stages changed.
    public struct Change: Sendable, Hashable, Codable {
        public var model: String
        public var changed: Int
        public var before: [String: Int]
        public var after: [String: Int]
    }

    public var asOf: Timestamp
    public var customers: Int
    public var fits: [Fit]
    public var changes: [Change]
    public var recommendations: [String: Int]

    private enum CodingKeys: String, CodingKey {
        case asOf = "as_of", customers, fits, changes, recommendations
    }

    // `Timestamp` writes ISO text but reads seconds; the stored form is seconds both ways.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        asOf = Timestamp(seconds: try container.decode(Int64.self, forKey: .asOf))
        customers = try container.decode(Int.self, forKey: .customers)
        fits = try container.decode([Fit].self, forKey: .fits)
        changes = try container.decode([Change].self, forKey: .changes)
        recommendations = try container.decode([String: Int].self, forKey: .recommendations)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(asOf.seconds, forKey: .asOf)
        try container.encode(customers, forKey: .customers)
        try container.encode(fits, forKey: .fits)
        try container.encode(changes, forKey: .changes)
        try container.encode(recommendations, forKey: .recommendations)
    }

    /// The outcome of `report`.
    public init(_ report: ScoreReport) {
        asOf = report.asOf
        customers = report.customers
        fits = report.fits.map { Fit(model: $0.model, converged: $0.converged, customers: $0.customers, message: $0.message) }
        changes = report.changes.map { Change(model: $0.model, changed: $0.changed, before: $0.before, after: $0.after) }
        recommendations = report.recommendations
    }
}

/// The score runs of one workspace.
public struct ScoreRunStore: Sendable {
    let sql: any SQLDatabase
    let workspace: Int64

    /// A store over `sql` for one workspace.
    public init(_ sql: any SQLDatabase, workspace: Int64) {
        self.sql = sql
        self.workspace = workspace
    }

    /// Adds a run.
    public func insert(_ run: ScoreRun) async throws {
        try await sql.insert(into: "score_run_jobs")
            .columns("workspace_id", "id", "status", "as_of", "requested_by", "created_at", "started_at", "finished_at",
                     "phase", "processed", "total", "outcome", "failure")
            .values(SQLBind(workspace), SQLBind(run.id), SQLBind(run.status.rawValue), SQLBind(run.asOf?.seconds),
                    SQLBind(run.requestedBy), SQLBind(run.createdAt.seconds), SQLBind(run.startedAt?.seconds),
                    SQLBind(run.finishedAt?.seconds), SQLBind(run.phase), SQLBind(Int64(run.processed)),
                    SQLBind(run.total.map(Int64.init)), SQLBind(try Self.encode(run.outcome)), SQLBind(run.failure))
            .run()
    }

    /// Writes a run's state, progress and outcome.
    public func update(_ run: ScoreRun) async throws {
        try await sql.update("score_run_jobs")
            .set("status", to: run.status.rawValue).set("started_at", to: run.startedAt?.seconds)
            .set("finished_at", to: run.finishedAt?.seconds).set("phase", to: run.phase).set("processed", to: Int64(run.processed))
            .set("total", to: run.total.map(Int64.init)).set("outcome", to: try Self.encode(run.outcome)).set("failure", to: run.failure)
            .where("workspace_id", .equal, workspace).where("id", .equal, run.id)
            .run()
    }

    /// The run with `id`, if it is this workspace's.
    public func find(id: Int64) async throws -> ScoreRun? {
        try await sql.select().columns("*").from("score_run_jobs").where("workspace_id", .equal, workspace).where("id", .equal, id)
            .first().map(Self.run)
    }

    /// The queued or running run, if any.
    public func active() async throws -> ScoreRun? {
        try await sql.select().columns("*").from("score_run_jobs").where("workspace_id", .equal, workspace)
            .where("status", .in, [ScoreRun.Status.queued.rawValue, ScoreRun.Status.running.rawValue])
            .first().map(Self.run)
    }

    /// The newest runs first, `limit` of them, with ids below `before` when given.
    public func list(limit: Int, before: Int64? = nil) async throws -> [ScoreRun] {
        var query = sql.select().columns("*").from("score_run_jobs").where("workspace_id", .equal, workspace)
        if let before { query = query.where("id", .lessThan, before) }
        return try await query.orderBy("id", .descending).limit(limit).all().map(Self.run)
    }

    /// Marks every queued or running run of every workspace failed: called at start-up, when no run of this process
    /// exists yet, so those were cut off by a stop. Returns how many.
    public static func markInterrupted(_ sql: any SQLDatabase, at now: Timestamp) async throws -> Int {
        let rows = try await sql.raw("""
            UPDATE score_run_jobs SET status = 'failed', phase = 'failed', finished_at = \(bind: now.seconds),
              failure = \(bind: ScoreRun.interrupted)
            WHERE status IN ('queued', 'running') RETURNING id
            """).all()
        return rows.count
    }

    private static func encode(_ outcome: ScoreRunOutcome?) throws -> String? {
        guard let outcome else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(outcome), as: UTF8.self)
    }

    private static func run(_ row: any SQLRow) throws -> ScoreRun {
        let outcome = try row.decode(column: "outcome", as: String?.self).map {
            try JSONDecoder().decode(ScoreRunOutcome.self, from: Data($0.utf8))
        }
        return ScoreRun(
            id: try row.decode(column: "id", as: Int64.self),
            status: ScoreRun.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .failed,
            asOf: try row.decode(column: "as_of", as: Int64?.self).map(Timestamp.init(seconds:)),
            requestedBy: try row.decode(column: "requested_by", as: String.self),
            createdAt: Timestamp(seconds: try row.decode(column: "created_at", as: Int64.self)),
            startedAt: try row.decode(column: "started_at", as: Int64?.self).map(Timestamp.init(seconds:)),
            finishedAt: try row.decode(column: "finished_at", as: Int64?.self).map(Timestamp.init(seconds:)),
            phase: try row.decode(column: "phase", as: String.self),
            processed: Int(try row.decode(column: "processed", as: Int64.self)),
            total: try row.decode(column: "total", as: Int64?.self).map(Int.init),
            outcome: outcome, failure: try row.decode(column: "failure", as: String?.self))
    }
}

extension ScoreRun {
    /// The failure of a run cut off by a server stop.
    public static let interrupted = "interrupted: the server stopped before the run finished; start a new run"
}
