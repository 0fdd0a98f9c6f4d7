import PaladinCore

/// One point of the Pareto curve: the `customers` most profitable customers and the profit they make together.
public struct ParetoPoint: Sendable, Hashable, Encodable {
    /// How many customers, from the most profitable down.
    public var customers: Int
    /// Their share of all customers, 0–1, rounded to 0.0001.
    public var customerShare: Double
    /// Their profit together.
    public var cumulativeProfit: Money
    /// Their share of the total profit, rounded to 0.0001; above 1 before the loss-making tail; nil unless the
    /// total profit is positive.
    public var profitShare: Double?

    enum CodingKeys: String, CodingKey {
        case customers
        case customerShare = "customer_share"
        case cumulativeProfit = "cumulative_profit"
        case profitShare = "profit_share"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(customers, forKey: .customers)
        try container.encode(customerShare, forKey: .customerShare)
        try container.encode(cumulativeProfit, forKey: .cumulativeProfit)
        try container.encode(profitShare, forKey: .profitShare)
    }
}

/// The Pareto curve of profit over customers: customers sorted by profit, most profitable first; cumulative share of
/// customers against cumulative share of the total profit. Every figure is exact; only the listed points are sampled.
public struct ParetoCurve: Sendable, Hashable, Encodable {
    /// The points listed at most: evenly spaced over the customers, plus the 80 % point and the peak.
    public static let defaultMaxPoints = 200

    /// Every customer counted (customers without evidence in the window have profit 0).
    public var customers: Int
    /// Their profit together.
    public var totalProfit: Money
    /// Points from (0, 0) to (1, 1) (when the total profit is positive): every customer when there are at most
    /// `maxPoints`, else `maxPoints` evenly spaced ones plus the 80 % point and the peak, in order.
    public var points: [ParetoPoint]
    /// The smallest share of customers (most profitable first) making at least 80 % of the total profit; nil unless
    /// the total profit is positive.
    public var customerShareFor80PercentOfProfit: Double?
    /// The most profit any top share of customers makes, as a share of the total (above 1 when some customers lose
    /// money); nil unless the total profit is positive.
    public var peakProfitShare: Double?
    /// Customers with negative profit: how many, their share of all customers, and the profit they destroy
    /// (the sum of their losses, as a positive amount).
    public var lossMakingCustomers: Int
    public var lossMakingCustomerShare: Double?
    public var profitDestroyed: Money

    /// The curve of `profits` (in cents; customers with profit 0 may be left out) over `customers` customers in all.
    /// - Precondition: `customers >= profits.count`.
    public init(profits: [Int64], customers: Int, maxPoints: Int = defaultMaxPoints) {
        precondition(customers >= profits.count, "more profits than customers")
        let n = customers
        let nonZero = profits.filter { $0 != 0 }
        let positives = nonZero.filter { $0 > 0 }.sorted(by: >)
        let negatives = nonZero.filter { $0 < 0 }.sorted(by: >)
        let zeros = n - positives.count - negatives.count
        let total = nonZero.reduce(Int64(0), +)
        let destroyed = negatives.reduce(Int64(0), +)
        self.customers = n
        self.totalProfit = Money(cents: total)
        self.lossMakingCustomers = negatives.count
        self.lossMakingCustomerShare = n > 0 ? ReportFormat.rounded(Double(negatives.count) / Double(n), places: 4) : nil
        self.profitDestroyed = Money(cents: -destroyed)

        // The profit of the k-th customer (0-based) in descending order: positives, zeros, negatives.
        func profit(at index: Int) -> Int64 {
            if index < positives.count { return positives[index] }
            if index < positives.count + zeros { return 0 }
            return negatives[index - positives.count - zeros]
        }
        let peakCount = positives.count
        let peak = positives.reduce(Int64(0), +)
        var eighty: Int?
        if total > 0 {
            // Cumulative profit rises through the positives, so the 80 % point lies among them: the least k with
            // cumulative ≥ 0.8 · total, in integers (5 · cumulative ≥ 4 · total).
            var cumulative: Int64 = 0
            for (index, value) in positives.enumerated() {
                cumulative += value
                if 5 * cumulative >= 4 * total { eighty = index + 1; break }
            }
            self.customerShareFor80PercentOfProfit = eighty.map { ReportFormat.rounded(Double($0) / Double(n), places: 4) }
            self.peakProfitShare = ReportFormat.rounded(Double(peak) / Double(total), places: 4)
        } else {
            self.customerShareFor80PercentOfProfit = nil
            self.peakProfitShare = nil
        }

        var wanted = Set<Int>()
        if n <= maxPoints {
            wanted = Set(0...n)
        } else {
            for step in 0...maxPoints { wanted.insert(Int((Double(step) * Double(n) / Double(maxPoints)).rounded(.up))) }
            if let eighty { wanted.insert(eighty) }
            wanted.insert(peakCount)
        }
        let sampled = wanted.filter { $0 >= 0 && $0 <= n }.sorted()
        var points: [ParetoPoint] = []
        points.reserveCapacity(sampled.count)
        var cumulative: Int64 = 0
        var done = 0
        for k in sampled {
            // One pass over the customers in order, stopping at each listed point.
            while done < k {
                cumulative += profit(at: done)
                done += 1
            }
            points.append(ParetoPoint(
                customers: k,
                customerShare: n > 0 ? ReportFormat.rounded(Double(k) / Double(n), places: 4) : 0,
                cumulativeProfit: Money(cents: cumulative),
                profitShare: total > 0 ? ReportFormat.rounded(Double(cumulative) / Double(total), places: 4) : nil))
        }
        self.points = points
    }

    enum CodingKeys: String, CodingKey {
        case customers, points
        case totalProfit = "total_profit"
        case customerShareFor80PercentOfProfit = "customer_share_for_80_percent_of_profit"
        case peakProfitShare = "peak_profit_share"
        case lossMakingCustomers = "loss_making_customers"
        case lossMakingCustomerShare = "loss_making_customer_share"
        case profitDestroyed = "profit_destroyed"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(customers, forKey: .customers)
        try container.encode(totalProfit, forKey: .totalProfit)
        try container.encode(customerShareFor80PercentOfProfit, forKey: .customerShareFor80PercentOfProfit)
        try container.encode(peakProfitShare, forKey: .peakProfitShare)
        try container.encode(lossMakingCustomers, forKey: .lossMakingCustomers)
        try container.encode(lossMakingCustomerShare, forKey: .lossMakingCustomerShare)
        try container.encode(profitDestroyed, forKey: .profitDestroyed)
        try container.encode(points, forKey: .points)
    }
}
