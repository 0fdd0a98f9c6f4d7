import Dispatch
import Foundation

/// Options shared by the maximum-likelihood fitters.
///
/// The objective minimised is lifetimes' for BG/NBD and Gamma-Gamma: the negative
/// weighted MEAN log-likelihood plus `penalizer · Σ θ²`, with θ the parameters in the
/// internal time scale (time divided by max T, as lifetimes' `_scale_time`; Gamma-Gamma
/// is not rescaled). Pareto/NBD uses the same mean form; lifetimes divides its Pareto/NBD
/// sum by the mean weight instead (the negative SUM for unit weights), so a Pareto/NBD
/// penalizer λ here equals lifetimes' λ·N. With the default penalizer 0 all optima coincide.
public struct FitOptions: Sendable, Equatable {
    /// Maximum number of quasi-Newton iterations.
    public var maxIterations: Int
    /// Convergence when the largest gradient component (log-parameter space) is at most this.
    public var gradientTolerance: Double
    /// L2 penalty coefficient on the (scaled) parameters; default 0.
    public var penalizer: Double
    /// Starting parameters in the data's time unit and the model's parameter order;
    /// `nil` starts every parameter at 1 in the internal time scale.
    public var initialParams: [Double]?
    /// Worker threads for the likelihood sum (1 = sequential).
    public var threads: Int

    /// Creates options; the defaults match lifetimes' BFGS setup (tolerance 1e-7, no penalizer).
    public init(
        maxIterations: Int = 500,
        gradientTolerance: Double = 1e-7,
        penalizer: Double = 0,
        initialParams: [Double]? = nil,
        threads: Int = ProcessInfo.processInfo.activeProcessorCount
    ) {
        self.maxIterations = maxIterations
        self.gradientTolerance = gradientTolerance
        self.penalizer = penalizer
        self.initialParams = initialParams
        self.threads = max(1, threads)
    }

    /// Checks the option values.
    func validate(parameterCount: Int) throws {
        guard maxIterations >= 0 else {
            throw RepeatBuyingError.invalidArgument("maxIterations must be >= 0, got \(maxIterations)")
        }
        guard gradientTolerance.isFinite, gradientTolerance > 0 else {
            throw RepeatBuyingError.invalidArgument("gradientTolerance must be > 0, got \(gradientTolerance)")
        }
        guard penalizer.isFinite, penalizer >= 0 else {
            throw RepeatBuyingError.invalidArgument("penalizer must be >= 0, got \(penalizer)")
        }
        if let initialParams {
            guard initialParams.count == parameterCount else {
                throw RepeatBuyingError.invalidArgument(
                    "initialParams needs \(parameterCount) values, got \(initialParams.count)")
            }
            try Check.positiveParams(initialParams.enumerated().map { ("initialParams[\($0)]", $1) })
        }
    }
}

/// The outcome of a maximum-likelihood fit, reported honestly.
public struct FitResult: Sendable, Equatable {
    /// Fitted parameters by name, in the data's time unit.
    public var params: [String: Double]
    /// Total (weighted) log-likelihood of the data at `params`, in the data's time unit.
    public var logLikelihood: Double
    /// The minimised objective: negative mean log-likelihood (internal time scale) + penalty.
    public var objective: Double
    /// Quasi-Newton iterations performed.
    public var iterations: Int
    /// Objective evaluations performed (line-search trials and finite-difference probes included).
    public var functionEvaluations: Int
    /// Largest absolute gradient component at the end (log-parameter space).
    public var gradientNorm: Double
    /// True only when the gradient test passed (or the objective could not be lowered at
    /// double precision with a gradient norm below 1e-5) and no parameter diverged.
    public var converged: Bool
    /// Why the optimiser stopped.
    public var message: String
    /// Number of customers used (total weight).
    public var customers: Int
}

/// Splits `0..<count` over threads and sums `width` accumulators filled by `body`.
///
/// `body(range, accumulators)` adds its contributions into `accumulators[0..<width]`,
/// which start at zero for every chunk; the chunk sums are added in chunk order, so the
/// result is deterministic for a given thread count.
func parallelSum(
    count: Int,
    threads: Int,
    width: Int,
    _ body: @escaping @Sendable (Range<Int>, UnsafeMutablePointer<Double>) -> Void
) -> [Double] {
    let chunks = threads <= 1 || count < 20_000 ? 1 : min(threads * 2, count)
    let partial = UnsafeMutablePointer<Double>.allocate(capacity: chunks * width)
    partial.initialize(repeating: 0, count: chunks * width)
    defer { partial.deallocate() }
    nonisolated(unsafe) let shared = partial
    let run: @Sendable (Int) -> Void = { chunk in
        let lower = count * chunk / chunks
        let upper = count * (chunk + 1) / chunks
        body(lower..<upper, shared + chunk * width)
    }
    if chunks == 1 {
        run(0)
    } else {
        DispatchQueue.concurrentPerform(iterations: chunks, execute: run)
    }
    var total = [Double](repeating: 0, count: width)
    for chunk in 0..<chunks {
        for k in 0..<width { total[k] += partial[chunk * width + k] }
    }
    return total
}
