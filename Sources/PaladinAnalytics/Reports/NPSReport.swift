import PaladinCore

/// How many answers with one score fell on one day from customers at one stage: what the store counts for the NPS report.
public struct NPSAnswerCount: Sendable, Hashable {
    /// The day the answers were given (UTC).
    public var day: CivilDate
    /// The customers' current stage in the report's model; nil for customers not placed in it.
    public var stage: String?
    /// The answer, 0–10.
    public var score: Int
    /// How many answers.
    public var count: Int

    /// A count of answers.
    public init(day: CivilDate, stage: String?, score: Int, count: Int) {
        self.day = day
        self.stage = stage
        self.score = score
        self.count = count
    }
}

/// One row of the NPS report: a month, a stage or the total, with its segment counts and score.
public struct NPSReportRow: Sendable, Hashable, Encodable {
    /// `2026-03` for a month, the stage key for a stage (nil: customers not placed in the model), nil for the total.
    public var group: String?
    public var promoters: Int
    public var passives: Int
    public var detractors: Int
    public var respondents: Int
    /// % promoters − % detractors, rounded to 0.01; nil without answers (no answers is no score, not zero).
    public var nps: Double?

    /// The row of `summary`.
    public init(group: String?, summary: NPSSummary) {
        self.group = group
        self.promoters = summary.promoters
        self.passives = summary.passives
        self.detractors = summary.detractors
        self.respondents = summary.respondents
        self.nps = summary.score.map { ReportFormat.rounded($0, places: 2) }
    }

    enum CodingKeys: String, CodingKey { case group, promoters, passives, detractors, respondents, nps }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(group, forKey: .group)
        try container.encode(promoters, forKey: .promoters)
        try container.encode(passives, forKey: .passives)
        try container.encode(detractors, forKey: .detractors)
        try container.encode(respondents, forKey: .respondents)
        try container.encode(nps, forKey: .nps)
    }
}

/// NPS over time and by stage: every answer given in the window counts (as `paladin nps` counts them), grouped by
/// the month it was given and by its customer's current stage in a model (the value category unless asked otherwise).
public struct NPSReport: Report, Hashable {
    public var kind: ReportKind { .nps }
    /// The window, both ends included; nil is open.
    public var from: Timestamp?
    public var to: Timestamp?
    /// The model whose current stage groups the customers.
    public var model: String
    /// Every month from the first to the last answer's, in order, months without answers included (no score).
    public var months: [NPSReportRow]
    /// Every stage of the model in the model's order, then customers not placed in it (only when they answered).
    public var stages: [NPSReportRow]
    /// Every answer in the window.
    public var total: NPSReportRow

    /// The report of `answers` grouped by `model`'s stages, listed in `stageOrder`.
    public init(model: String, stageOrder: [String], answers: [NPSAnswerCount], from: Timestamp? = nil, to: Timestamp? = nil) {
        self.from = from
        self.to = to
        self.model = model
        var byMonth: [Int: NPSSummary] = [:]
        var byStage: [String: NPSSummary] = [:]
        var unplaced = NPSSummary()
        var total = NPSSummary()
        for answer in answers where answer.count > 0 {
            var counted = NPSSummary()
            switch NPSSegment(score: answer.score) {
            case .promoter: counted.promoters = answer.count
            case .passive: counted.passives = answer.count
            case .detractor: counted.detractors = answer.count
            }
            let month = answer.day.year * 12 + answer.day.month - 1
            byMonth[month, default: NPSSummary()].merge(counted)
            if let stage = answer.stage { byStage[stage, default: NPSSummary()].merge(counted) } else { unplaced.merge(counted) }
            total.merge(counted)
        }
        if let first = byMonth.keys.min(), let last = byMonth.keys.max() {
            months = (first...last).map { month in
                let label = "\(String(month / 12).leftPadded(4))-\(String(month % 12 + 1).leftPadded(2))"
                return NPSReportRow(group: label, summary: byMonth[month] ?? NPSSummary())
            }
        } else {
            months = []
        }
        // Stages the model no longer has (a position left behind by an edit) come after its own, by key.
        let extra = byStage.keys.filter { !stageOrder.contains($0) }.sorted()
        stages = (stageOrder + extra).map { NPSReportRow(group: $0, summary: byStage[$0] ?? NPSSummary()) }
        if unplaced.respondents > 0 { stages.append(NPSReportRow(group: nil, summary: unplaced)) }
        self.total = NPSReportRow(group: nil, summary: total)
    }

    /// Columns `section` (`month`, `stage`, `total`), `group`, the counts and `nps`.
    public var table: ReportTable {
        func row(_ section: String, _ row: NPSReportRow) -> [String] {
            [section, row.group ?? "", String(row.promoters), String(row.passives), String(row.detractors), String(row.respondents), ReportFormat.cell(row.nps)]
        }
        return ReportTable(
            columns: ["section", "group", "promoters", "passives", "detractors", "respondents", "nps"],
            rows: months.map { row("month", $0) } + stages.map { row("stage", $0) } + [row("total", total)])
    }

    enum CodingKeys: String, CodingKey { case kind, from, to, model, months, stages, total }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(model, forKey: .model)
        try container.encode(months, forKey: .months)
        try container.encode(stages, forKey: .stages)
        try container.encode(total, forKey: .total)
    }
}

extension NPSSummary {
    /// Adds another summary's counts.
    mutating func merge(_ other: NPSSummary) {
        promoters += other.promoters
        passives += other.passives
        detractors += other.detractors
    }
}

extension String {
    /// Left-padded with zeros to `width`.
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
