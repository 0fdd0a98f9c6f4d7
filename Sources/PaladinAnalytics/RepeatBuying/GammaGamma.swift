import Foundation

/// Gamma-Gamma spend parameters: each transaction ~ Gamma(shape p, rate ν) with the
/// customer's ν ~ Gamma(shape q, rate γ). lifetimes calls γ `v`.
public struct GammaGammaParameters: Sendable, Equatable, Hashable {
    /// Shape of the per-transaction spend distribution.
    public var p: Double
    /// Shape of the distribution of customers' rate ν.
    public var q: Double
    /// Rate of the distribution of customers' rate ν (lifetimes' `v`), in money units.
    public var gamma: Double

    /// Creates parameters.
    public init(p: Double, q: Double, gamma: Double) {
        self.p = p
        self.q = q
        self.gamma = gamma
    }

    /// The parameters keyed by name ("p", "q", "gamma").
    public var dictionary: [String: Double] { ["p": p, "q": q, "gamma": gamma] }

    /// Throws unless every parameter is finite and positive.
    func validate() throws {
        try Check.positiveParams([("p", p), ("q", q), ("gamma", gamma)])
    }
}

/// The Gamma-Gamma spend model of Fader, Hardie & Lee (2005), "RFM and CLV".
public struct GammaGammaModel: Sendable, Equatable {
    /// The model parameters.
    public var params: GammaGammaParameters

    /// Creates a model from known parameters.
    public init(params: GammaGammaParameters) {
        self.params = params
    }

    /// E[spend | x, m̄] = (1 - w)·γp/(q - 1) + w·m̄ with w = p x / (p x + q - 1)
    /// (lifetimes' `conditional_expected_average_profit`); needs q > 1.
    public func conditionalExpectedAverageProfit(frequency x: Double, monetaryValue m: Double) throws -> Double {
        try params.validate()
        try Check.finite(x, "frequency")
        try Check.finite(m, "monetaryValue")
        if x < 0 { throw RepeatBuyingError.negativeFrequency(index: 0, value: x) }
        let p = params
        guard p.q > 1 else {
            throw RepeatBuyingError.undefinedPrediction(
                "Gamma-Gamma q = \(p.q) <= 1: the population mean spend γp/(q-1) does not exist")
        }
        let weight = p.p * x / (p.p * x + p.q - 1)
        return (1 - weight) * p.gamma * p.p / (p.q - 1) + weight * m
    }

    /// Mean spend per transaction in the population, γp/(q - 1); needs q > 1.
    public func populationMeanSpend() throws -> Double {
        try conditionalExpectedAverageProfit(frequency: 0, monetaryValue: 0)
    }
}

/// Discounted customer lifetime value with lifetimes' discrete monthly discounting.
///
/// For month i in 1...months: ΔN_i = E[X(i·u)] - E[X((i-1)·u)] (conditional on the history,
/// u = `unit.unitsPerMonth`, i.e. 30 days, 4.345 weeks or 1 month as in lifetimes), and
/// CLV = Σ ΔN_i · E[spend] / (1 + monthlyDiscountRate)^i, with E[spend] from
/// ``GammaGammaModel/conditionalExpectedAverageProfit(frequency:monetaryValue:)``.
/// The result is in the money unit of the monetary values (cents for ``summarize(_:observationEnd:calibrationEnd:unit:)``).
/// - Parameters:
///   - model: a fitted BG/NBD or Pareto/NBD model in time unit `unit`.
///   - spend: a fitted Gamma-Gamma model.
///   - customer: the customer's summary (frequency, recency, T, monetary value).
///   - months: the horizon in months (default 12).
///   - monthlyDiscountRate: discount rate per month (default 0.01).
///   - unit: the time unit the model and summary use.
public func customerLifetimeValue(
    model: any PurchasePredicting,
    spend: GammaGammaModel,
    customer: CustomerSummary,
    months: Int = 12,
    monthlyDiscountRate: Double = 0.01,
    unit: TimeUnit
) throws -> Double {
    guard months >= 0 else {
        throw RepeatBuyingError.invalidArgument("months must be >= 0, got \(months)")
    }
    guard monthlyDiscountRate.isFinite, monthlyDiscountRate > -1 else {
        throw RepeatBuyingError.invalidArgument("monthlyDiscountRate must be > -1, got \(monthlyDiscountRate)")
    }
    let x = Double(customer.frequency)
    let profit = try spend.conditionalExpectedAverageProfit(frequency: x, monetaryValue: customer.monetaryValue)
    let factor = unit.unitsPerMonth
    var value = 0.0
    var previous = 0.0
    for i in stride(from: 1, through: months, by: 1) {
        let cumulative = try model.conditionalExpectedPurchases(
            t: Double(i) * factor, frequency: x, recency: customer.recency, T: customer.T)
        value += profit * (cumulative - previous) / pow(1 + monthlyDiscountRate, Double(i))
        previous = cumulative
    }
    return value
}
