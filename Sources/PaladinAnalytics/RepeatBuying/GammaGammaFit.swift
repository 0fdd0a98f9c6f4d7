import Foundation

/// Maximum-likelihood fitting of the Gamma-Gamma spend model with an analytic gradient.
extension GammaGammaModel {
    /// Parameter names in the order of ``FitOptions/initialParams``.
    public static let parameterNames = ["p", "q", "gamma"]

    /// Fits p, q, γ on the customers with frequency > 0 (rows with frequency 0 are skipped,
    /// as lifetimes users must do by hand), using `data.frequency` and `data.monetaryValue`.
    ///
    /// The objective is lifetimes': the negative mean log-likelihood of the mean spends plus
    /// `penalizer · (p² + q² + γ²)`, no time rescaling. BFGS in log-parameter space from
    /// p = q = γ = 1 unless `options.initialParams` is given.
    /// - Throws: ``RepeatBuyingError`` for missing or non-positive monetary values of repeat
    ///   customers, fewer than 3 repeat customers (e.g. all frequencies 0), or bad options.
    public static func fit(_ data: RFMData, options: FitOptions = FitOptions()) throws -> (
        model: GammaGammaModel, result: FitResult
    ) {
        try options.validate(parameterCount: 3)
        guard data.count > 0 else { throw RepeatBuyingError.emptyInput("no customers") }
        guard data.monetaryValue.count == data.count else {
            throw RepeatBuyingError.lengthMismatch(
                "frequency has \(data.count) rows, monetaryValue \(data.monetaryValue.count)")
        }
        var frequency: [Double] = [], spend: [Double] = [], weights: [Double] = []
        for i in 0..<data.count {
            let x = data.frequency[i]
            try Check.finite(x, "frequency", i)
            try Check.finite(data.monetaryValue[i], "monetaryValue", i)
            if x < 0 { throw RepeatBuyingError.negativeFrequency(index: i, value: x) }
            if x.rounded() != x { throw RepeatBuyingError.fractionalFrequency(index: i, value: x) }
            guard x > 0 else { continue }
            guard data.monetaryValue[i] > 0 else {
                throw RepeatBuyingError.nonPositiveMonetaryValue(index: i, value: data.monetaryValue[i])
            }
            let w = data.weight(i)
            try Check.finite(w, "weights", i)
            if w < 0 { throw RepeatBuyingError.negativeValue(field: "weights", index: i, value: w) }
            frequency.append(x)
            spend.append(data.monetaryValue[i])
            weights.append(w)
        }
        let total = weights.reduce(0, +)
        guard total >= 3 else {
            throw RepeatBuyingError.tooFewCustomers(
                required: 3, found: Int(total), context: "a Gamma-Gamma fit (customers with frequency > 0)")
        }
        let kernel = GammaGammaKernel(frequency: frequency, spend: spend, weights: weights)
        let start = options.initialParams.map { $0.map { log($0) } } ?? [0, 0, 0]
        let penalizer = options.penalizer
        let objective = Objective(dimension: 3, gradientIsCheap: true) { logParams, _ in
            let theta = logParams.map { exp($0) }
            let (ll, grad) = kernel.evaluate(p: theta[0], q: theta[1], v: theta[2])
            let value = -ll / total + penalizer * theta.reduce(0) { $0 + $1 * $1 }
            let gradient = (0..<3).map { -grad[$0] * theta[$0] / total + 2 * penalizer * theta[$0] * theta[$0] }
            return (value, gradient)
        }
        let outcome = BFGS.minimize(
            objective, start: start, maxIterations: options.maxIterations,
            gradientTolerance: options.gradientTolerance)
        let theta = outcome.x.map { exp($0) }
        let ll = kernel.evaluate(p: theta[0], q: theta[1], v: theta[2]).ll
        let result = makeFitResult(
            outcome, names: parameterNames, params: theta, logLikelihood: ll, customers: total)
        return (GammaGammaModel(params: GammaGammaParameters(p: theta[0], q: theta[1], gamma: theta[2])), result)
    }
}

/// Columns and the log-likelihood/gradient of Gamma-Gamma (lifetimes' `_negative_log_likelihood`):
/// LL = lnΓ(px+q) - lnΓ(px) - lnΓ(q) + q ln γ + (px-1) ln m + px ln x - (px+q) ln(x m + γ).
struct GammaGammaKernel: Sendable {
    let distinct: DistinctIndex
    let spend: [Double]
    let logSpend: [Double]
    let weights: [Double]
    let weightPerX: [Double]

    init(frequency: [Double], spend: [Double], weights: [Double]) {
        distinct = DistinctIndex(frequency)
        self.spend = spend
        logSpend = spend.map { log($0) }
        self.weights = weights
        var perX = [Double](repeating: 0, count: distinct.values.count)
        for (i, k) in distinct.index.enumerated() { perX[Int(k)] += weights[i] }
        weightPerX = perX
    }

    /// Σ w · LL and its gradient with respect to (p, q, γ).
    func evaluate(p: Double, q: Double, v: Double) -> (ll: Double, grad: [Double]) {
        let lgQ = SpecialFunctions.logGamma(q), psiQ = SpecialFunctions.digamma(q)
        var ll = 0.0, dp = 0.0, dq = 0.0, dv = 0.0
        for (k, x) in distinct.values.enumerated() {
            let w = weightPerX[k]
            guard w > 0 else { continue }
            let px = p * x
            let psiSum = SpecialFunctions.digamma(px + q)
            ll += w * (SpecialFunctions.logGamma(px + q) - SpecialFunctions.logGamma(px) - lgQ + q * log(v) + px * log(x))
            dp += w * x * (psiSum - SpecialFunctions.digamma(px) + log(x))
            dq += w * (psiSum - psiQ + log(v))
            dv += w * q / v
        }
        for i in 0..<spend.count {
            let x = distinct.values[Int(distinct.index[i])]
            let w = weights[i]
            let logDen = log(x * spend[i] + v)
            ll += w * ((p * x - 1) * logSpend[i] - (p * x + q) * logDen)
            dp += w * x * (logSpend[i] - logDen)
            dq -= w * logDen
            dv -= w * (p * x + q) / (x * spend[i] + v)
        }
        return (ll, [dp, dq, dv])
    }
}
