import PaladinCore

/// `funnel`: customers reaching each stage of a model in the window, and the conversion between consecutive stages.
///
/// A customer counts when they have at least one move in the model in the window. They count as reaching every
/// stage up to the furthest stage they were at in the window — the furthest stage any of those moves came from or
/// went to — so skipped stages count as passed through, a later move back does not undo a stage reached, and the
/// funnel never grows from one stage to the next. Stages no longer in the model are ignored.
public struct FunnelReport: Report {
    /// One stage of the funnel.
    public struct Step: Sendable, Hashable, Encodable {
        /// The stage key.
        public var stage: String
        /// Customers who reached this stage or a later one.
        public var reached: Int
        /// reached / reached at the previous stage; nil for the first stage or when the previous reached none.
        public var conversion: Double?

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(stage, forKey: .stage)
            try container.encode(reached, forKey: .reached)
            try container.encode(conversion, forKey: .conversion)
        }

        enum CodingKeys: String, CodingKey { case stage, reached, conversion }
    }

    public var kind: ReportKind { .funnel }
    /// The model key.
    public var model: String
    /// The window, both ends included; nil is open.
    public var from: Timestamp?
    public var to: Timestamp?
    /// The stages in the model's order.
    public var stages: [Step]

    /// The funnel from how many customers' furthest stage (by index in the model) was each stage.
    public init(model: JourneyModel, options: ReportOptions, furthest: [Int: Int]) {
        self.model = model.key
        self.from = options.from
        self.to = options.to
        var steps: [Step] = []
        var reached = Array(repeating: 0, count: model.stages.count)
        for index in model.stages.indices.reversed() {
            reached[index] = (furthest[index] ?? 0) + (index + 1 < reached.count ? reached[index + 1] : 0)
        }
        for (index, stage) in model.stages.enumerated() {
            steps.append(Step(stage: stage.key, reached: reached[index],
                              conversion: index == 0 ? nil : ReportFormat.ratio(reached[index], reached[index - 1])))
        }
        self.stages = steps
    }

    /// Customers per furthest stage index, computed from raw moves (what the store computes in SQL).
    public static func furthest(_ moves: [Move], model: JourneyModel, options: ReportOptions) -> [Int: Int] {
        var best: [Int64: Int] = [:]
        for move in moves where move.model == model.key && options.contains(move.at) {
            let indices = [move.from, move.to].compactMap { $0.flatMap(model.stageIndex) }
            guard let top = indices.max() else { continue }
            best[move.customerId] = max(best[move.customerId] ?? -1, top)
        }
        var counts: [Int: Int] = [:]
        for index in best.values { counts[index, default: 0] += 1 }
        return counts
    }

    public var table: ReportTable {
        ReportTable(columns: ["stage", "reached", "conversion"],
                    rows: stages.map { [$0.stage, String($0.reached), ReportFormat.cell($0.conversion)] })
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
