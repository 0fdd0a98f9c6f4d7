import Foundation

/// Maximum-likelihood fitting of the BG/NBD model with an analytic gradient.
extension BGNBDModel {
    /// Parameter names in the order of ``FitOptions/initialParams``.
    public static let parameterNames = ["r", "alpha", "a", "b"]

    /// Fits r, α, a, b by BFGS in log-parameter space (analytic gradient, likelihood sum
    /// split over `options.threads`).
    ///
    /// Time is rescaled so that max T = 1 during the fit (lifetimes' `_scale_time`); the
    /// returned α is in the data's unit. The objective is lifetimes' negative mean
    /// log-likelihood plus `penalizer · (r² + α_scaled² + a² + b²)`.
    /// - Throws: ``RepeatBuyingError`` for invalid data, fewer than 3 customers, no customer
    ///   with a repeat purchase (nothing identifies the parameters), or bad options.
    /// - Returns: the fitted model and an honest ``FitResult``; a fit that did not converge
    ///   is returned with `converged == false` rather than thrown.
    public static func fit(_ data: RFMData, options: FitOptions = FitOptions()) throws -> (
        model: BGNBDModel, result: FitResult
    ) {
        try data.validate()
        try options.validate(parameterCount: 4)
        let total = data.totalWeight
        guard total >= 3 else {
            throw RepeatBuyingError.tooFewCustomers(required: 3, found: Int(total), context: "a BG/NBD fit")
        }
        guard data.frequency.contains(where: { $0 > 0 }) else {
            throw RepeatBuyingError.tooFewCustomers(
                required: 1, found: 0, context: "a BG/NBD fit (customers with a repeat purchase)")
        }
        let maxT = data.T.max() ?? 0
        guard maxT > 0 else {
            throw RepeatBuyingError.invalidArgument("every customer has T = 0; there is no observation time to fit")
        }
        let scale = 1 / maxT
        let kernel = BGNBDKernel(data: data, scale: scale, threads: options.threads)
        var start = [0.0, 0.0, 0.0, 0.0]
        if let initial = options.initialParams {
            start = [log(initial[0]), log(initial[1] * scale), log(initial[2]), log(initial[3])]
        }
        let penalizer = options.penalizer
        let objective = Objective(dimension: 4, gradientIsCheap: true) { logParams, _ in
            let theta = logParams.map { exp($0) }
            let (ll, grad) = kernel.evaluate(r: theta[0], alpha: theta[1], a: theta[2], b: theta[3])
            let penalty = penalizer * theta.reduce(0) { $0 + $1 * $1 }
            let value = -ll / kernel.totalWeight + penalty
            let gradient = (0..<4).map { k in
                -grad[k] * theta[k] / kernel.totalWeight + 2 * penalizer * theta[k] * theta[k]
            }
            return (value, gradient)
        }
        let outcome = BFGS.minimize(
            objective, start: start, maxIterations: options.maxIterations,
            gradientTolerance: options.gradientTolerance)
        let theta = outcome.x.map { exp($0) }
        let params = BGNBDParameters(r: theta[0], alpha: theta[1] / scale, a: theta[2], b: theta[3])
        let (llScaled, _) = kernel.evaluate(r: theta[0], alpha: theta[1], a: theta[2], b: theta[3])
        // LL in the data's unit = LL in the scaled unit + Σ w·x·log(scale).
        let logLikelihood = llScaled + kernel.weightedFrequency * log(scale)
        let result = makeFitResult(
            outcome, names: parameterNames, params: [params.r, params.alpha, params.a, params.b],
            logLikelihood: logLikelihood, customers: total)
        return (BGNBDModel(params: params), result)
    }

    /// Total (weighted) log-likelihood of `data` under this model, in the data's time unit.
    public func logLikelihood(_ data: RFMData) throws -> Double {
        try data.validate()
        let kernel = BGNBDKernel(data: data, scale: 1, threads: 1)
        return kernel.evaluate(r: params.r, alpha: params.alpha, a: params.a, b: params.b).ll
    }
}

/// Precomputed columns and the vectorised log-likelihood/gradient of BG/NBD
/// (Fader, Hardie & Lee 2005, section 7; lifetimes' `_negative_log_likelihood`).
struct BGNBDKernel: Sendable {
    let distinct: DistinctIndex
    let recency: [Double]
    let age: [Double]
    let weights: [Double]?
    let weightPerX: [Double]
    let totalWeight: Double
    let weightedFrequency: Double
    let threads: Int

    init(data: RFMData, scale: Double, threads: Int) {
        distinct = DistinctIndex(data.frequency)
        recency = data.recency.map { $0 * scale }
        age = data.T.map { $0 * scale }
        weights = data.weights
        var perX = [Double](repeating: 0, count: distinct.values.count)
        for i in 0..<data.count { perX[Int(distinct.index[i])] += data.weight(i) }
        weightPerX = perX
        totalWeight = perX.reduce(0, +)
        weightedFrequency = zip(distinct.values, perX).reduce(0) { $0 + $1.0 * $1.1 }
        self.threads = threads
    }

    /// Returns Σ w·LL and its gradient with respect to (r, α, a, b).
    func evaluate(r: Double, alpha: Double, a: Double, b: Double) -> (ll: Double, grad: [Double]) {
        let xs = distinct.values
        let lgR = SpecialFunctions.logGamma(r), lgB = SpecialFunctions.logGamma(b)
        let lgAB = SpecialFunctions.logGamma(a + b)
        let psiR = SpecialFunctions.digamma(r), psiB = SpecialFunctions.digamma(b)
        let psiAB = SpecialFunctions.digamma(a + b)
        var rx = [Double](), logA4 = [Double](), invB = [Double]()
        var ll = 0.0, dr = 0.0, da = 0.0, db = 0.0
        for (k, x) in xs.enumerated() {
            let w = weightPerX[k]
            rx.append(r + x)
            let bx1 = b + max(x, 1) - 1
            logA4.append(log(a) - log(bx1))
            invB.append(1 / bx1)
            guard w > 0 else { continue }
            ll += w * (SpecialFunctions.logGamma(r + x) - lgR + r * log(alpha) + lgAB
                + SpecialFunctions.logGamma(b + x) - lgB - SpecialFunctions.logGamma(a + b + x))
            let psiABX = SpecialFunctions.digamma(a + b + x)
            dr += w * (SpecialFunctions.digamma(r + x) - psiR + log(alpha))
            da += w * (psiAB - psiABX)
            db += w * (psiAB + SpecialFunctions.digamma(b + x) - psiB - psiABX)
        }
        let index = distinct.index, tx = recency, age = age, weights = weights
        let rxTable = rx, logA4Table = logA4, invBTable = invB
        let sums = parallelSum(count: index.count, threads: threads, width: 5) { range, acc in
            var sLL = 0.0, sR = 0.0, sAlpha = 0.0, sW4 = 0.0, sB = 0.0
            for i in range {
                let k = Int(index[i])
                let w = weights?[i] ?? 1
                let rxk = rxTable[k]
                let lT = log(alpha + age[i])
                let a3 = -rxk * lT
                if xs[k] > 0 {
                    let lt = log(alpha + tx[i])
                    let a4 = logA4Table[k] - rxk * lt
                    let e = exp(-abs(a3 - a4))
                    let w3 = a3 >= a4 ? 1 / (1 + e) : e / (1 + e)
                    let w4 = 1 - w3
                    sLL += w * (max(a3, a4) + log1p(e))
                    sR -= w * (w3 * lT + w4 * lt)
                    sAlpha -= w * rxk * (w3 / (alpha + age[i]) + w4 / (alpha + tx[i]))
                    sW4 += w * w4
                    sB -= w * w4 * invBTable[k]
                } else {
                    sLL += w * a3
                    sR -= w * lT
                    sAlpha -= w * rxk / (alpha + age[i])
                }
            }
            acc[0] += sLL
            acc[1] += sR
            acc[2] += sAlpha
            acc[3] += sW4
            acc[4] += sB
        }
        ll += sums[0]
        dr += sums[1]
        let dAlpha = sums[2] + totalWeight * r / alpha
        da += sums[3] / a
        db += sums[4]
        return (ll, [dr, dAlpha, da, db])
    }
}
