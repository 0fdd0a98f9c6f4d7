import PaladinCore

/// `stalls`: customers who are now beyond their stage's expected duration, by stage and by owner, and the
/// customers furthest over.
///
/// A customer at a stage with expected days E stalls when the whole days since they reached it (rounded down, to
/// `now`) exceed E; `days_over` is those days minus E. Stages without expected days never stall. The window keeps
/// the customers who reached their current stage in it (`since` between `from` and `to`); open, everyone.
public struct StallsReport: Report {
    /// A customer at a stage now (what the store reads from positions).
    public struct Stalled: Sendable, Hashable, Encodable {
        public var customerId: Int64
        public var externalId: String?
        public var name: String
        public var owner: String?
        public var stage: String
        /// When they reached the stage.
        public var since: Timestamp
        public var daysInStage: Int
        public var daysOver: Int

        /// A stalled customer.
        public init(customerId: Int64, externalId: String?, name: String, owner: String?, stage: String, since: Timestamp,
                    daysInStage: Int, daysOver: Int) {
            self.customerId = customerId
            self.externalId = externalId
            self.name = name
            self.owner = owner
            self.stage = stage
            self.since = since
            self.daysInStage = daysInStage
            self.daysOver = daysOver
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(customerId, forKey: .customerId)
            try container.encode(externalId, forKey: .externalId)
            try container.encode(name, forKey: .name)
            try container.encode(owner, forKey: .owner)
            try container.encode(stage, forKey: .stage)
            try container.encode(since, forKey: .since)
            try container.encode(daysInStage, forKey: .daysInStage)
            try container.encode(daysOver, forKey: .daysOver)
        }

        enum CodingKeys: String, CodingKey {
            case name, owner, stage, since
            case customerId = "customer_id", externalId = "external_id", daysInStage = "days_in_stage", daysOver = "days_over"
        }
    }

    /// Stalled customers at one stage.
    public struct StageRow: Sendable, Hashable, Encodable {
        public var stage: String
        public var expectedDays: Int?
        public var stalled: Int

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(stage, forKey: .stage)
            try container.encode(expectedDays, forKey: .expectedDays)
            try container.encode(stalled, forKey: .stalled)
        }

        enum CodingKeys: String, CodingKey { case stage, stalled, expectedDays = "expected_days" }
    }

    /// Stalled customers of one owner (nil: customers without an owner) at one stage.
    public struct OwnerRow: Sendable, Hashable, Encodable {
        public var owner: String?
        public var stage: String
        public var stalled: Int

        /// A count per owner and stage.
        public init(owner: String?, stage: String, stalled: Int) {
            self.owner = owner
            self.stage = stage
            self.stalled = stalled
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(owner, forKey: .owner)
            try container.encode(stage, forKey: .stage)
            try container.encode(stalled, forKey: .stalled)
        }

        enum CodingKeys: String, CodingKey { case owner, stage, stalled }
    }

    public var kind: ReportKind { .stalls }
    public var model: String
    public var from: Timestamp?
    public var to: Timestamp?
    /// When the days are counted to.
    public var now: Timestamp
    /// Every stage in the model's order.
    public var stages: [StageRow]
    /// Per owner (owners by name, no owner last) and stage; only pairs with stalled customers.
    public var owners: [OwnerRow]
    /// All stalled customers.
    public var total: Int
    /// How many customers `customers` holds at most.
    public var limit: Int
    /// The customers furthest over, most days over first (then by customer id).
    public var customers: [Stalled]

    /// The report from owner-and-stage counts and the customers furthest over (at most `limit` of them, any order).
    public init(model: JourneyModel, options: ReportOptions, counts: [OwnerRow], top: [Stalled], limit: Int) {
        self.model = model.key
        self.from = options.from
        self.to = options.to
        self.now = options.now
        self.limit = limit
        let before = ReportFormat.stageOrder(model)
        self.stages = model.stages.map { stage in
            StageRow(stage: stage.key, expectedDays: stage.expectedDays,
                     stalled: counts.filter { $0.stage == stage.key }.reduce(0) { $0 + $1.stalled })
        }
        self.owners = counts.filter { $0.stalled > 0 }.sorted { lhs, rhs in
            if lhs.owner != rhs.owner {
                guard let l = lhs.owner else { return false }
                guard let r = rhs.owner else { return true }
                return l < r
            }
            return before(lhs.stage, rhs.stage)
        }
        self.total = counts.reduce(0) { $0 + $1.stalled }
        self.customers = Array(top.sorted(by: Self.furthestOver).prefix(limit))
    }

    /// Most days over first, then by customer id.
    static func furthestOver(_ lhs: Stalled, _ rhs: Stalled) -> Bool {
        lhs.daysOver != rhs.daysOver ? lhs.daysOver > rhs.daysOver : lhs.customerId < rhs.customerId
    }

    /// The customer at `stage` since `since` stalls as of `now` by this many days; nil when not stalled.
    public static func daysOver(stage: Stage, since: Timestamp, now: Timestamp) -> Int? {
        guard let expected = stage.expectedDays else { return nil }
        let days = since.days(until: now)
        return days > expected ? days - expected : nil
    }

    /// Owner-and-stage counts and stalled customers from every current position (what the store computes in SQL).
    public static func stalled(_ positions: [Stalled], model: JourneyModel, options: ReportOptions) -> (counts: [OwnerRow], top: [Stalled]) {
        var top: [Stalled] = []
        var counts: [String: OwnerRow] = [:]
        for var position in positions where options.contains(position.since) {
            guard let stage = model.stage(position.stage),
                  let over = daysOver(stage: stage, since: position.since, now: options.now) else { continue }
            position.daysInStage = position.since.days(until: options.now)
            position.daysOver = over
            top.append(position)
            counts["\(position.owner ?? "\u{0}")|\(position.stage)", default: OwnerRow(owner: position.owner, stage: position.stage, stalled: 0)].stalled += 1
        }
        return (Array(counts.values), top)
    }

    public var table: ReportTable {
        ReportTable(
            columns: ["customer_id", "external_id", "name", "owner", "stage", "since", "days_in_stage", "days_over"],
            rows: customers.map {
                [String($0.customerId), ReportFormat.cell($0.externalId), $0.name, ReportFormat.cell($0.owner), $0.stage,
                 $0.since.description, String($0.daysInStage), String($0.daysOver)]
            })
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(model, forKey: .model)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(now, forKey: .now)
        try container.encode(stages, forKey: .stages)
        try container.encode(owners, forKey: .owners)
        try container.encode(total, forKey: .total)
        try container.encode(limit, forKey: .limit)
        try container.encode(customers, forKey: .customers)
    }

    enum CodingKeys: String, CodingKey { case kind, model, from, to, now, stages, owners, total, limit, customers }
}
