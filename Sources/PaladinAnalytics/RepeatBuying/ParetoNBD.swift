import Foundation

/// Pareto/NBD parameters: purchase rates λ ~ Gamma(shape r, rate α) and dropout rates
/// μ ~ Gamma(shape s, rate β); α and β are in the data's time unit.
public struct ParetoNBDParameters: Sendable, Equatable, Hashable {
    /// Shape of the purchase-rate gamma distribution.
    public var r: Double
    /// Rate of the purchase-rate gamma distribution, per time unit.
    public var alpha: Double
    /// Shape of the dropout-rate gamma distribution.
    public var s: Double
    /// Rate of the dropout-rate gamma distribution, per time unit.
    public var beta: Double

    /// Creates parameters.
    public init(r: Double, alpha: Double, s: Double, beta: Double) {
        self.r = r
        self.alpha = alpha
        self.s = s
        self.beta = beta
    }

    /// The parameters keyed by name ("r", "alpha", "s", "beta").
    public var dictionary: [String: Double] { ["r": r, "alpha": alpha, "s": s, "beta": beta] }

    /// Throws unless every parameter is finite and positive.
    func validate() throws {
        try Check.positiveParams([("r", r), ("alpha", alpha), ("s", s), ("beta", beta)])
    }
}

/// The Pareto/NBD model of Schmittlein, Morrison & Colombo (1987), with the likelihood of
/// Fader & Hardie's note 008 and lifetimes' prediction formulas.
public struct ParetoNBDModel: PurchasePredicting, Equatable {
    /// The model parameters.
    public var params: ParetoNBDParameters

    /// Creates a model from known parameters.
    public init(params: ParetoNBDParameters) {
        self.params = params
    }

    /// log A₀ (lifetimes' `_log_A_0`): with m = max(α, β) and t = r + x when α < β, else s + 1,
    /// A₀ = ₂F₁(r+s+x, t; r+s+x+1; |α-β|/(m+t_x))/(m+t_x)^(r+s+x)
    ///    - ₂F₁(r+s+x, t; r+s+x+1; |α-β|/(m+T))/(m+T)^(r+s+x); -infinity when t_x = T.
    static func logA0(_ p: ParetoNBDParameters, x: Double, tx: Double, T: Double) -> Double {
        let (low, high, t) = p.alpha < p.beta ? (p.alpha, p.beta, p.r + x) : (p.beta, p.alpha, p.s + 1)
        let spread = high - low
        let rsx = p.r + p.s + x
        let f1 = Hypergeometric.log2F1(rsx, t, rsx + 1, spread / (high + tx))
        let f2 = Hypergeometric.log2F1(rsx, t, rsx + 1, spread / (high + T))
        let u = f1.log - rsx * log(high + tx)
        let v = f2.log - rsx * log(high + T)
        if u.isNaN || v.isNaN { return .nan }
        if v >= u { return -.infinity }
        return u + SpecialFunctions.log1mExp(v - u)
    }

    /// Per-customer log-likelihood (lifetimes' `_conditional_log_likelihood`);
    /// `logGammaRatio` is log Γ(r+x) - log Γ(r).
    static func conditionalLogLikelihood(
        _ p: ParetoNBDParameters, x: Double, tx: Double, T: Double, logGammaRatio: Double
    ) -> Double {
        let a1 = logGammaRatio + p.r * log(p.alpha) + p.s * log(p.beta)
        let a0 = logA0(p, x: x, tx: tx, T: T)
        let a2 = SpecialFunctions.logAddExp(
            -(p.r + x) * log(p.alpha + T) - p.s * log(p.beta + T),
            log(p.s) + a0 - log(p.r + p.s + x))
        return a1 + a2
    }

    /// P(alive | x, t_x, T) = 1 / (1 + s/(r+s+x) · (α+T)^(r+x) (β+T)^s · A₀).
    public func conditionalProbabilityAlive(frequency x: Double, recency tx: Double, T: Double) throws -> Double {
        try params.validate()
        try Check.customer(frequency: x, recency: tx, T: T, index: 0)
        let p = params
        let a0 = Self.logA0(p, x: x, tx: tx, T: T)
        guard !a0.isNaN else {
            throw RepeatBuyingError.undefinedPrediction("Pareto/NBD A0 is not finite for \(p)")
        }
        let logOdds = log(p.s) - log(p.r + p.s + x) + (p.r + x) * log(p.alpha + T) + p.s * log(p.beta + T) + a0
        return SpecialFunctions.expit(-logOdds)
    }

    /// E[X(T, T + t] | x, t_x, T] (lifetimes' `conditional_expected_number_of_purchases_up_to_time`);
    /// the s = 1 limit uses log((β+T+t)/(β+T)).
    public func conditionalExpectedPurchases(
        t: Double, frequency x: Double, recency tx: Double, T: Double
    ) throws -> Double {
        try params.validate()
        try Check.customer(frequency: x, recency: tx, T: T, index: 0)
        try Check.horizon(t)
        if t == 0 { return 0 }
        let p = params
        let lgRatio = SpecialFunctions.logGamma(p.r + x) - SpecialFunctions.logGamma(p.r)
        let ll = Self.conditionalLogLikelihood(p, x: x, tx: tx, T: T, logGammaRatio: lgRatio)
        let first = lgRatio + p.r * log(p.alpha) + p.s * log(p.beta)
            - (p.r + x) * log(p.alpha + T) - p.s * log(p.beta + T)
        let second = log(p.r + x) + log(p.beta + T) - log(p.alpha + T)
        let third = log(Self.shrinkage(s: p.s, logRatio: log((p.beta + T) / (p.beta + T + t))))
        let value = exp(first + second + third - ll)
        guard value.isFinite else {
            throw RepeatBuyingError.undefinedPrediction("Pareto/NBD expected purchases are not finite for \(p)")
        }
        return value
    }

    /// E[X(t)] for a new customer: r β / (α (s - 1)) · [1 - (β/(β+t))^(s-1)].
    public func expectedPurchases(t: Double) throws -> Double {
        try params.validate()
        try Check.horizon(t)
        let p = params
        return p.r * p.beta / p.alpha * Self.shrinkage(s: p.s, logRatio: log(p.beta / (p.beta + t)))
    }

    /// (1 - exp((s-1)·L)) / (s-1), with its s → 1 limit -L.
    static func shrinkage(s: Double, logRatio: Double) -> Double {
        let k = s - 1
        if abs(k) < 1e-12 { return -logRatio }
        return -expm1(k * logRatio) / k
    }
}
