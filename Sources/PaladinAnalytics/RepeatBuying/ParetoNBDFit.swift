import Foundation

/// Maximum-likelihood fitting of the Pareto/NBD model.
extension ParetoNBDModel {
    /// Parameter names in the order of ``FitOptions/initialParams``.
    public static let parameterNames = ["r", "alpha", "s", "beta"]

    /// Fits r, α, s, β by BFGS in log-parameter space with a central-difference gradient.
    ///
    /// Time is rescaled so that max T = 1 during the fit (as lifetimes does); α and β are
    /// returned in the data's unit. The objective is the negative mean log-likelihood plus
    /// `penalizer · Σ θ²` (lifetimes uses Nelder–Mead on −Σ w·LL / mean(w); same optimum
    /// when the penalizer is 0). Each customer costs two ₂F₁ evaluations (see ``Hypergeometric``).
    /// - Throws: ``RepeatBuyingError`` for invalid data, fewer than 3 customers, no customer
    ///   with a repeat purchase (nothing identifies the parameters), or bad options.
    public static func fit(_ data: RFMData, options: FitOptions = FitOptions()) throws -> (
        model: ParetoNBDModel, result: FitResult
    ) {
        try data.validate()
        try options.validate(parameterCount: 4)
        let total = data.totalWeight
        guard total >= 3 else {
            throw RepeatBuyingError.tooFewCustomers(required: 3, found: Int(total), context: "a Pareto/NBD fit")
        }
        guard data.frequency.contains(where: { $0 > 0 }) else {
            throw RepeatBuyingError.tooFewCustomers(
                required: 1, found: 0, context: "a Pareto/NBD fit (customers with a repeat purchase)")
        }
        let maxT = data.T.max() ?? 0
        guard maxT > 0 else {
            throw RepeatBuyingError.invalidArgument("every customer has T = 0; there is no observation time to fit")
        }
        let scale = 1 / maxT
        var scaled = data
        scaled.recency = data.recency.map { $0 * scale }
        scaled.T = data.T.map { $0 * scale }
        let kernel = ParetoNBDKernel(data: scaled, threads: options.threads)
        var start = [0.0, 0.0, 0.0, 0.0]
        if let initial = options.initialParams {
            start = [log(initial[0]), log(initial[1] * scale), log(initial[2]), log(initial[3] * scale)]
        }
        let penalizer = options.penalizer
        let objective = Objective.centralDifferences(dimension: 4) { logParams in
            let theta = logParams.map { exp($0) }
            let p = ParetoNBDParameters(r: theta[0], alpha: theta[1], s: theta[2], beta: theta[3])
            let ll = kernel.logLikelihood(p)
            let value = -ll / total + penalizer * theta.reduce(0) { $0 + $1 * $1 }
            return value.isFinite ? value : .infinity
        }
        let outcome = BFGS.minimize(
            objective, start: start, maxIterations: options.maxIterations,
            gradientTolerance: options.gradientTolerance)
        let theta = outcome.x.map { exp($0) }
        let params = ParetoNBDParameters(r: theta[0], alpha: theta[1] / scale, s: theta[2], beta: theta[3] / scale)
        let logLikelihood = ParetoNBDKernel(data: data, threads: options.threads).logLikelihood(params)
        let result = makeFitResult(
            outcome, names: parameterNames, params: [params.r, params.alpha, params.s, params.beta],
            logLikelihood: logLikelihood, customers: total)
        return (ParetoNBDModel(params: params), result)
    }

    /// Total (weighted) log-likelihood of `data` under this model, in the data's time unit.
    public func logLikelihood(_ data: RFMData) throws -> Double {
        try data.validate()
        try params.validate()
        return ParetoNBDKernel(data: data, threads: 1).logLikelihood(params)
    }
}

/// Columns and the parallel log-likelihood sum of Pareto/NBD.
struct ParetoNBDKernel: Sendable {
    let distinct: DistinctIndex
    let recency: [Double]
    let age: [Double]
    let weights: [Double]?
    let threads: Int

    init(data: RFMData, threads: Int) {
        distinct = DistinctIndex(data.frequency)
        recency = data.recency
        age = data.T
        weights = data.weights
        self.threads = threads
    }

    /// Σ w · LL over customers; NaN if any customer's likelihood is undefined.
    func logLikelihood(_ p: ParetoNBDParameters) -> Double {
        let xs = distinct.values
        let lgR = SpecialFunctions.logGamma(p.r)
        let lgRatio = xs.map { SpecialFunctions.logGamma(p.r + $0) - lgR }
        let index = distinct.index, tx = recency, age = age, weights = weights
        let sums = parallelSum(count: index.count, threads: threads, width: 1) { range, acc in
            var sum = 0.0
            for i in range {
                let k = Int(index[i])
                let ll = ParetoNBDModel.conditionalLogLikelihood(
                    p, x: xs[k], tx: tx[i], T: age[i], logGammaRatio: lgRatio[k])
                sum += (weights?[i] ?? 1) * ll
            }
            acc[0] += sum
        }
        return sums[0]
    }
}
