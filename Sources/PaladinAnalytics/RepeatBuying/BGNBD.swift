import Foundation

/// Models that predict a customer's future purchases from (x, t_x, T); BG/NBD and Pareto/NBD.
public protocol PurchasePredicting: Sendable {
    /// Expected repeat purchases in (T, T + t] for a customer with history (x, t_x, T).
    func conditionalExpectedPurchases(t: Double, frequency: Double, recency: Double, T: Double) throws -> Double
    /// Probability that a customer with history (x, t_x, T) is still active at T.
    func conditionalProbabilityAlive(frequency: Double, recency: Double, T: Double) throws -> Double
}

/// BG/NBD parameters: purchase rates λ ~ Gamma(shape r, rate α); after each purchase the
/// customer drops out with probability p ~ Beta(a, b). α is in the data's time unit.
public struct BGNBDParameters: Sendable, Equatable, Hashable {
    /// Shape of the purchase-rate gamma distribution.
    public var r: Double
    /// Rate (inverse scale) of the purchase-rate gamma distribution, per time unit.
    public var alpha: Double
    /// First shape of the dropout-probability beta distribution.
    public var a: Double
    /// Second shape of the dropout-probability beta distribution.
    public var b: Double

    /// Creates parameters.
    public init(r: Double, alpha: Double, a: Double, b: Double) {
        self.r = r
        self.alpha = alpha
        self.a = a
        self.b = b
    }

    /// The parameters keyed by name ("r", "alpha", "a", "b").
    public var dictionary: [String: Double] { ["r": r, "alpha": alpha, "a": a, "b": b] }

    /// Throws unless every parameter is finite and positive.
    func validate() throws {
        try Check.positiveParams([("r", r), ("alpha", alpha), ("a", a), ("b", b)])
    }
}

/// The BG/NBD model of Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way",
/// with lifetimes' prediction formulas.
public struct BGNBDModel: PurchasePredicting, Equatable {
    /// The model parameters.
    public var params: BGNBDParameters

    /// Creates a model from known parameters.
    public init(params: BGNBDParameters) {
        self.params = params
    }

    /// P(alive | x, t_x, T) (Hardie's note 021): 1 when x = 0, otherwise
    /// 1 / (1 + a/(b + x - 1) · ((α + T)/(α + t_x))^(r + x)).
    public func conditionalProbabilityAlive(frequency x: Double, recency tx: Double, T: Double) throws -> Double {
        try params.validate()
        try Check.customer(frequency: x, recency: tx, T: T, index: 0)
        if x == 0 { return 1 }
        let p = params
        let logDiv = (p.r + x) * log((p.alpha + T) / (p.alpha + tx)) + log(p.a / (p.b + x - 1))
        return SpecialFunctions.expit(-logDiv)
    }

    /// E[X(T, T + t] | x, t_x, T], equation (10) of the paper (lifetimes'
    /// `conditional_expected_number_of_purchases_up_to_time`).
    public func conditionalExpectedPurchases(
        t: Double, frequency x: Double, recency tx: Double, T: Double
    ) throws -> Double {
        try params.validate()
        try Check.customer(frequency: x, recency: tx, T: T, index: 0)
        try Check.horizon(t)
        if t == 0 { return 0 }
        let p = params
        let value = Self.removableAtOne(p.a) { a in
            let hyp = Hypergeometric.log2F1(p.r + x, p.b + x, a + p.b + x - 1, t / (p.alpha + T + t))
            let first = (a + p.b + x - 1) / (a - 1)
            let second = -expm1(hyp.log + (p.r + x) * log((p.alpha + T) / (p.alpha + t + T)))
            let denominator = 1 + (x > 0 ? (a / (p.b + x - 1)) * pow((p.alpha + T) / (p.alpha + tx), p.r + x) : 0)
            return first * second / denominator
        }
        guard value.isFinite else {
            throw RepeatBuyingError.undefinedPrediction("BG/NBD expected purchases are not finite for \(p)")
        }
        return value
    }

    /// E[X(t)] for a new customer, equation (9): (a+b-1)/(a-1) · [1 - (α/(α+t))^r ₂F₁(r, b; a+b-1; t/(α+t))].
    public func expectedPurchases(t: Double) throws -> Double {
        try params.validate()
        try Check.horizon(t)
        if t == 0 { return 0 }
        let p = params
        let value = Self.removableAtOne(p.a) { a in
            let hyp = Hypergeometric.log2F1(p.r, p.b, a + p.b - 1, t / (p.alpha + t))
            return (a + p.b - 1) / (a - 1) * -expm1(hyp.log + p.r * log(p.alpha / (p.alpha + t)))
        }
        guard value.isFinite else {
            throw RepeatBuyingError.undefinedPrediction("BG/NBD expected purchases are not finite for \(p)")
        }
        return value
    }

    /// Evaluates `f(a)`, whose formula has a removable singularity at a = 1, by linear
    /// interpolation between a = 1 ± 1e-4 when |a - 1| < 1e-4 (error O(1e-8)).
    static func removableAtOne(_ a: Double, _ f: (Double) -> Double) -> Double {
        let delta = 1e-4
        guard abs(a - 1) < delta else { return f(a) }
        let low = f(1 - delta)
        let high = f(1 + delta)
        return low + (high - low) * (a - (1 - delta)) / (2 * delta)
    }
}
