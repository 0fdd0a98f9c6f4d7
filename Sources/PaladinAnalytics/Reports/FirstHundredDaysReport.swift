import PaladinCore

/// `first-100-days`: per monthly cohort of first purchases, the share of the cohort that had reached each stage of
/// the model (by default `customer-journey`) by day 30, 60 and 100 after the first purchase.
///
/// A customer's cohort is the UTC month of their first purchase ever; the window keeps the customers whose first
/// purchase lies in it. "Reached stage S by day N" means a move into S or a later stage (skips pass through)
/// happened at or before the first purchase + N × 24 h — moves before the purchase count too. A cohort whose day N
/// is still in the future for some customers shows what has happened so far.
public struct FirstHundredDaysReport: Report {
    /// The days after the first purchase the report looks at.
    public static let checkpoints = [30, 60, 100]

    /// Customers with the same first-purchase day and the same furthest stage index by each checkpoint (nil: none).
    public struct Group: Sendable, Hashable {
        /// Days since the epoch of the first purchase.
        public var firstDay: Int64
        /// The furthest stage index reached by day 30, 60 and 100.
        public var by30: Int?
        public var by60: Int?
        public var by100: Int?
        public var customers: Int

        /// A group.
        public init(firstDay: Int64, by30: Int?, by60: Int?, by100: Int?, customers: Int) {
            self.firstDay = firstDay
            self.by30 = by30
            self.by60 = by60
            self.by100 = by100
            self.customers = customers
        }
    }

    /// One stage within a cohort.
    public struct StageShare: Sendable, Hashable, Encodable {
        public var stage: String
        public var byDay30: Double?
        public var byDay60: Double?
        public var byDay100: Double?

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(stage, forKey: .stage)
            try container.encode(byDay30, forKey: .byDay30)
            try container.encode(byDay60, forKey: .byDay60)
            try container.encode(byDay100, forKey: .byDay100)
        }

        enum CodingKeys: String, CodingKey { case stage, byDay30 = "by_day_30", byDay60 = "by_day_60", byDay100 = "by_day_100" }
    }

    /// The customers whose first purchase fell in one month.
    public struct Cohort: Sendable, Hashable, Encodable {
        /// `YYYY-MM`.
        public var cohort: String
        public var customers: Int
        public var stages: [StageShare]
    }

    public var kind: ReportKind { .first100Days }
    public var model: String
    public var from: Timestamp?
    public var to: Timestamp?
    /// Oldest cohort first.
    public var cohorts: [Cohort]

    /// The report from groups of customers.
    public init(model: JourneyModel, options: ReportOptions, groups: [Group]) {
        self.model = model.key
        self.from = options.from
        self.to = options.to
        let byMonth = Dictionary(grouping: groups) { group in
            String(CivilDate(daysSinceEpoch: group.firstDay).description.prefix(7))
        }
        self.cohorts = byMonth.keys.sorted().map { month in
            let members = byMonth[month]!
            let total = members.reduce(0) { $0 + $1.customers }
            func share(_ index: Int, _ furthest: KeyPath<Group, Int?>) -> Double? {
                ReportFormat.ratio(members.filter { ($0[keyPath: furthest] ?? -1) >= index }.reduce(0) { $0 + $1.customers }, total)
            }
            return Cohort(cohort: month, customers: total, stages: model.stages.enumerated().map { index, stage in
                StageShare(stage: stage.key, byDay30: share(index, \.by30), byDay60: share(index, \.by60), byDay100: share(index, \.by100))
            })
        }
    }

    /// Groups computed from every customer's first purchase and their moves (what the store computes in SQL).
    public static func groups(firstPurchases: [Int64: Timestamp], moves: [Move], model: JourneyModel, options: ReportOptions) -> [Group] {
        let byCustomer = Dictionary(grouping: moves.filter { $0.model == model.key }, by: \.customerId)
        var counts: [Group: Int] = [:]
        for (customer, first) in firstPurchases where options.contains(first) {
            func furthest(_ days: Int) -> Int? {
                (byCustomer[customer] ?? []).filter { $0.at <= first.adding(days: days) }
                    .compactMap { $0.to.flatMap(model.stageIndex) }.max()
            }
            let key = Group(firstDay: first.date.daysSinceEpoch, by30: furthest(30), by60: furthest(60), by100: furthest(100), customers: 0)
            counts[key, default: 0] += 1
        }
        return counts.map { key, count in
            var group = key
            group.customers = count
            return group
        }
    }

    public var table: ReportTable {
        ReportTable(
            columns: ["cohort", "customers", "stage", "by_day_30", "by_day_60", "by_day_100"],
            rows: cohorts.flatMap { cohort in
                cohort.stages.map {
                    [cohort.cohort, String(cohort.customers), $0.stage, ReportFormat.cell($0.byDay30),
                     ReportFormat.cell($0.byDay60), ReportFormat.cell($0.byDay100)]
                }
            })
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(model, forKey: .model)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(cohorts, forKey: .cohorts)
    }

    enum CodingKeys: String, CodingKey { case kind, model, from, to, cohorts }
}
