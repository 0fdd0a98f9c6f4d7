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

/// The evidence about one customer that metrics are computed from, already limited to the as-of date.
public struct CustomerEvidence: Sendable {
    public var customerId: Int64
    /// Purchase days, oldest first.
    public var purchaseDays: [PurchaseDay]
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
        self.purchaseDays = purchaseDays
        self.cost = cost
        self.complaints90d = complaints90d
        self.complaints365d = complaints365d
        self.interactions = interactions
        self.lastContact = lastContact
        self.lastScore = lastScore
        self.stageSince = stageSince
    }

    /// All purchases.
    public var purchases: Int { purchaseDays.reduce(0) { $0 + $1.count } }
    /// Sum of purchase amounts.
    public var revenue: Money { Money(cents: purchaseDays.reduce(0) { $0 + $1.cents }) }
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
