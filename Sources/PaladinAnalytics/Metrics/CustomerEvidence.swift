import PaladinCore

/// One day's purchases of a customer.
public struct PurchaseDay: Sendable, Hashable {
    /// Days since 1970-01-01 (UTC).
    public var day: Int64
    /// How many purchases that day.
    public var count: Int
    /// Their total, in cents.
    public var cents: Int64

    /// A day of purchases.
    public init(day: Int64, count: Int, cents: Int64) {
        self.day = day
        self.count = count
        self.cents = cents
    }
}

/// A customer's purchases condensed to what metrics and the repeat-buying models need (fixed size, so a
/// million customers fit in a few tens of megabytes).
public struct PurchaseSummary: Sendable, Hashable {
    /// All purchases.
    public var purchases: Int = 0
    /// Distinct purchase days.
    public var days: Int = 0
    /// Sum of all purchases, in cents.
    public var revenueCents: Int64 = 0
    /// The first and last purchase day (days since 1970), when there are purchases.
    public var firstDay: Int64 = 0
    public var lastDay: Int64 = 0
    /// The total of the first purchase day, in cents (the repeat-buying models leave it out of the spend).
    public var firstDayCents: Int64 = 0

    /// No purchases.
    public init() {}

    /// The summary of purchase days in any order.
    public init<S: Sequence>(_ days: S) where S.Element == PurchaseDay {
        for day in days.sorted(by: { $0.day < $1.day }) { add(day) }
    }

    /// Adds the next purchase day (days must come oldest first, each once).
    public mutating func add(_ day: PurchaseDay) {
        if days == 0 {
            firstDay = day.day
            firstDayCents = day.cents
        }
        lastDay = day.day
        days += 1
        purchases += day.count
        revenueCents += day.cents
    }

    /// Purchase days after the first: the models' frequency.
    public var repeatDays: Int { max(0, days - 1) }
    /// The mean total of the repeat purchase days, in cents; 0 without repeats (the models' monetary value).
    public var repeatDayMeanCents: Double { repeatDays == 0 ? 0 : Double(revenueCents - firstDayCents) / Double(repeatDays) }
}

/// The evidence about one customer that metrics are computed from, already limited to the as-of date.
public struct CustomerEvidence: Sendable {
    public var customerId: Int64
    /// The customer's purchases, condensed.
    public var purchaseSummary: PurchaseSummary
    public var cost: Money
    public var complaints90d: Int
    public var complaints365d: Int
    public var interactions: Int
    public var lastContact: Timestamp?
    public var lastScore: Int?
    /// When the customer entered their current stage, by model.
    public var stageSince: [String: Timestamp]

    /// Evidence of one customer; everything defaults to none.
    public init(
        customerId: Int64, purchaseDays: [PurchaseDay] = [], cost: Money = .zero, complaints90d: Int = 0,
        complaints365d: Int = 0, interactions: Int = 0, lastContact: Timestamp? = nil, lastScore: Int? = nil,
        stageSince: [String: Timestamp] = [:]
    ) {
        self.customerId = customerId
        self.purchaseSummary = PurchaseSummary(purchaseDays)
        self.cost = cost
        self.complaints90d = complaints90d
        self.complaints365d = complaints365d
        self.interactions = interactions
        self.lastContact = lastContact
        self.lastScore = lastScore
        self.stageSince = stageSince
    }

    /// All purchases.
    public var purchases: Int { purchaseSummary.purchases }
    /// Sum of purchase amounts.
    public var revenue: Money { Money(cents: purchaseSummary.revenueCents) }
}

/// The statistical figures of one customer from the fitted repeat-buying models.
public struct CustomerStatistics: Sendable, Hashable {
    public var pAlive: Double?
    public var expectedPurchases90d: Double?
    public var expectedSpend: Double?
    public var clv: Double?

    /// Figures; any may be missing (no converged fit).
    public init(pAlive: Double? = nil, expectedPurchases90d: Double? = nil, expectedSpend: Double? = nil, clv: Double? = nil) {
        self.pAlive = pAlive
        self.expectedPurchases90d = expectedPurchases90d
        self.expectedSpend = expectedSpend
        self.clv = clv
    }
}
