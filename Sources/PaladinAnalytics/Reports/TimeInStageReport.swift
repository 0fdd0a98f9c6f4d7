import PaladinCore

/// `time-in-stage`: how long customers stayed at each stage, against the stage's expected duration.
///
/// A stay at a stage begins with a move into it and ends with the customer's next move in the model (by move
/// order). A stay counts when it ended in the window; its length is the whole days between the two moves (rounded
/// down). Median, p75 and p90 are nearest-rank percentiles over those completed stays. Stays still going on are not
/// in the percentiles: `current` is how many customers are at the stage now, whatever the window.
/// `over_expected` is the share of the completed stays longer than the stage's expected days (null when the stage
/// sets none or no stay ended in the window).
public struct TimeInStageReport: Report {
    /// One stage's row.
    public struct Row: Sendable, Hashable, Encodable {
        public var stage: String
        /// Completed stays that ended in the window.
        public var count: Int
        public var medianDays: Int?
        public var p75Days: Int?
        public var p90Days: Int?
        /// The stage's expected duration, when the model sets one.
        public var expectedDays: Int?
        /// Share of the completed stays longer than `expectedDays`.
        public var overExpected: Double?
        /// Customers at the stage now.
        public var current: Int

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(stage, forKey: .stage)
            try container.encode(count, forKey: .count)
            try container.encode(medianDays, forKey: .medianDays)
            try container.encode(p75Days, forKey: .p75Days)
            try container.encode(p90Days, forKey: .p90Days)
            try container.encode(expectedDays, forKey: .expectedDays)
            try container.encode(overExpected, forKey: .overExpected)
            try container.encode(current, forKey: .current)
        }

        enum CodingKeys: String, CodingKey {
            case stage, count, current
            case medianDays = "median_days", p75Days = "p75_days", p90Days = "p90_days"
            case expectedDays = "expected_days", overExpected = "over_expected"
        }
    }

    public var kind: ReportKind { .timeInStage }
    public var model: String
    public var from: Timestamp?
    public var to: Timestamp?
    /// The stages in the model's order.
    public var stages: [Row]

    /// The report from per-stage histograms of completed stays and counts of customers at each stage now.
    public init(model: JourneyModel, options: ReportOptions, stays: [String: DayHistogram], current: [String: Int]) {
        self.model = model.key
        self.from = options.from
        self.to = options.to
        self.stages = model.stages.map { stage in
            let histogram = stays[stage.key] ?? DayHistogram()
            return Row(
                stage: stage.key, count: histogram.total, medianDays: histogram.percentile(50),
                p75Days: histogram.percentile(75), p90Days: histogram.percentile(90), expectedDays: stage.expectedDays,
                overExpected: stage.expectedDays.flatMap { ReportFormat.ratio(histogram.count(over: $0), histogram.total) },
                current: current[stage.key] ?? 0)
        }
    }

    /// Per-stage histograms of completed stays computed from raw moves (what the store computes in SQL).
    public static func stays(_ moves: [Move], model: JourneyModel, options: ReportOptions) -> [String: DayHistogram] {
        var result: [String: DayHistogram] = [:]
        let byCustomer = Dictionary(grouping: moves.filter { $0.model == model.key }, by: \.customerId)
        for history in byCustomer.values {
            let ordered = history.sorted { $0.id < $1.id }
            for (move, next) in zip(ordered, ordered.dropFirst()) {
                guard let stage = move.to, options.contains(next.at) else { continue }
                // A move recorded as of an earlier time than the one before it (a score run `--as-of` the past)
                // makes a stay of no time, never a negative one.
                result[stage, default: DayHistogram()].add(days: max(0, move.at.days(until: next.at)))
            }
        }
        return result
    }

    public var table: ReportTable {
        ReportTable(
            columns: ["stage", "count", "median_days", "p75_days", "p90_days", "expected_days", "over_expected", "current"],
            rows: stages.map {
                [$0.stage, String($0.count), ReportFormat.cell($0.medianDays), ReportFormat.cell($0.p75Days),
                 ReportFormat.cell($0.p90Days), ReportFormat.cell($0.expectedDays), ReportFormat.cell($0.overExpected),
                 String($0.current)]
            })
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(model, forKey: .model)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(stages, forKey: .stages)
    }

    enum CodingKeys: String, CodingKey { case kind, model, from, to, stages }
}
