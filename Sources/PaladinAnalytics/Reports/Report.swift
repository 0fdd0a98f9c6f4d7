import PaladinCore

/// The reports of `paladin report KIND`, `GET /api/v1/reports/KIND` and the web application's Reports page.
/// Every report is a pure function of aggregates the store computes (counts, sums, durations), so the same numbers
/// appear in the terminal, the API and the browser.
public enum ReportKind: String, Sendable, CaseIterable, Codable {
    /// Customers reaching each stage, and the conversion between consecutive stages.
    case funnel
    /// The transition matrix: from → to counts, backward moves, skips and overrides included.
    case flow
    /// Median, p75 and p90 days per stage against the stage's expected duration.
    case timeInStage = "time-in-stage"
    /// Customers beyond their stage's expected duration, by stage and owner.
    case stalls
    /// Per monthly cohort of first purchases, the share that reached each stage by day 30, 60 and 100.
    case first100Days = "first-100-days"
    /// NPS over time and by stage or category.
    case nps
    /// Revenue, cost to serve and profit per category, rung and relationship type; the Pareto curve of profit.
    case economics
    /// Interactions by channel and kind; follow-ups done on time, late, missed.
    case activity

    /// Whether the report is about one model's stages (and so needs `--model`).
    public var needsModel: Bool {
        switch self {
        case .funnel, .flow, .timeInStage, .stalls: return true
        case .first100Days, .nps, .economics, .activity: return false
        }
    }
}

/// What a report is asked for: the model (where it applies) and the time window, both ends included; nil is open.
public struct ReportOptions: Sendable, Hashable {
    public var model: String?
    public var from: Timestamp?
    public var to: Timestamp?
    /// When the report is made: ages and "overdue" are counted to this moment.
    public var now: Timestamp
    /// Reports that list customers (stalls) list at most this many.
    public var limit: Int

    public init(model: String? = nil, from: Timestamp? = nil, to: Timestamp? = nil, now: Timestamp, limit: Int = 100) {
        self.model = model
        self.from = from
        self.to = to
        self.now = now
        self.limit = limit
    }
}

/// A report as rows and columns: what `--format table` and `--format csv` print. Cells are text, numbers written
/// as the JSON form writes them.
public struct ReportTable: Sendable, Hashable {
    public var columns: [String]
    public var rows: [[String]]

    public init(columns: [String], rows: [[String]]) {
        self.columns = columns
        self.rows = rows
    }
}

/// A computed report: its JSON form (snake_case keys, explicit nulls) and its table form.
public protocol Report: Encodable, Sendable {
    /// Which report this is.
    var kind: ReportKind { get }
    /// The rows and columns of the table and CSV forms.
    var table: ReportTable { get }
}
