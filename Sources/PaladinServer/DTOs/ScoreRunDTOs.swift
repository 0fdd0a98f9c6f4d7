import PaladinCore
import PaladinStore
import PaladinViews

/// The body of `POST /score-runs`: the options of `paladin score` (all optional; the body may be left out).
struct ScoreRunBody: Decodable, Sendable {
    /// `--as-of`: compute as of this date (ISO 8601); default: when the run starts.
    var as_of: String?
}

/// A score run on the wire.
struct ScoreRunView: NullPreservingEncodable {
    struct ProgressView: NullPreservingEncodable {
        /// `queued`, `reading`, `fitting`, `deriving`, `done` or `failed`.
        let phase: String
        /// Customers processed so far.
        let processed: Int
        /// Customers to process; null until known.
        let total: Int?
    }

    struct OutcomeView: Encodable {
        struct FitView: Encodable {
            let model: String
            let converged: Bool
            let customers: Int
            let message: String
        }

        struct ChangeView: Encodable {
            let model: String
            let changed: Int
            let before: [String: Int]
            let after: [String: Int]
        }

        let as_of: String
        let customers: Int
        let fits: [FitView]
        let changes: [ChangeView]
        let recommendations: [String: Int]
    }

    let id: Int64
    let status: String
    /// The date asked for; null: as of when the run started (see `outcome.as_of`).
    let as_of: String?
    let requested_by: String
    let created_at: String
    let started_at: String?
    let finished_at: String?
    let progress: ProgressView
    let outcome: OutcomeView?
    let failure: String?

    /// The view of `run`, with `live` progress while it runs.
    init(_ run: ScoreRun, live: ScoreProgressBoard.Progress?) {
        id = run.id
        status = run.status.rawValue
        as_of = run.asOf?.description
        requested_by = run.requestedBy
        created_at = run.createdAt.description
        started_at = run.startedAt?.description
        finished_at = run.finishedAt?.description
        if run.status == .running, let live {
            progress = ProgressView(phase: live.phase, processed: live.processed, total: live.total)
        } else {
            progress = ProgressView(phase: run.phase, processed: run.processed, total: run.total)
        }
        outcome = run.outcome.map { outcome in
            OutcomeView(
                as_of: outcome.asOf.description, customers: outcome.customers,
                fits: outcome.fits.map { OutcomeView.FitView(model: $0.model, converged: $0.converged, customers: $0.customers, message: $0.message) },
                changes: outcome.changes.map { OutcomeView.ChangeView(model: $0.model, changed: $0.changed, before: $0.before, after: $0.after) },
                recommendations: outcome.recommendations)
        }
        failure = run.failure
    }
}

/// One page of score runs, newest first.
struct ScoreRunPage: NullPreservingEncodable {
    let items: [ScoreRunView]
    /// Pass as `cursor` for the next page; null on the last page.
    let next_cursor: String?
}
