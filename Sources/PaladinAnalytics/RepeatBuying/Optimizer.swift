import Foundation

/// A smooth objective for ``BFGS``: value, and gradient when asked.
struct Objective: Sendable {
    /// Number of variables.
    let dimension: Int
    /// True when the gradient costs little next to the value (analytic), so line-search
    /// trials compute it at once instead of re-evaluating the accepted point.
    let gradientIsCheap: Bool
    /// Returns f(x) and, when `wantGradient`, ∇f(x).
    let evaluate: @Sendable (_ x: [Double], _ wantGradient: Bool) -> (value: Double, gradient: [Double]?)

    /// Wraps a value-only function with a central-difference gradient (step 1e-5·max(1,|x|)).
    static func centralDifferences(
        dimension: Int, _ value: @escaping @Sendable ([Double]) -> Double
    ) -> Objective {
        Objective(dimension: dimension, gradientIsCheap: false) { x, wantGradient in
            let f = value(x)
            guard wantGradient else { return (f, nil) }
            var g = [Double](repeating: 0, count: x.count)
            for i in 0..<x.count {
                let h = 1e-5 * max(1, abs(x[i]))
                var xp = x
                var xm = x
                xp[i] += h
                xm[i] -= h
                g[i] = (value(xp) - value(xm)) / (2 * h)
            }
            return (f, g)
        }
    }
}

/// What the optimiser found and why it stopped.
struct OptimizationOutcome: Sendable {
    var x: [Double]
    var value: Double
    var gradientNorm: Double
    var iterations: Int
    var evaluations: Int
    var converged: Bool
    var message: String
}

/// BFGS quasi-Newton minimisation with an Armijo backtracking line search
/// (quadratic interpolation, steps capped at 5 in the ∞-norm), curvature-guarded
/// inverse-Hessian updates and a steepest-descent restart when the direction is not
/// a descent direction.
enum BFGS: Sendable {
    /// Minimises `objective` from `start`.
    static func minimize(
        _ objective: Objective, start: [Double], maxIterations: Int, gradientTolerance: Double
    ) -> OptimizationOutcome {
        let n = objective.dimension
        var evaluations = 0
        func eval(_ x: [Double], _ grad: Bool) -> (Double, [Double]?) {
            let r = objective.evaluate(x, grad)
            evaluations += grad && !objective.gradientIsCheap ? 1 + 2 * n : 1
            return (r.value, r.gradient)
        }
        var x = start
        let first = eval(x, true)
        var f = first.0
        var g = first.1 ?? []
        func outcome(_ iterations: Int, _ converged: Bool, _ message: String) -> OptimizationOutcome {
            OptimizationOutcome(
                x: x, value: f, gradientNorm: maxAbs(g), iterations: iterations,
                evaluations: evaluations, converged: converged, message: message)
        }
        guard f.isFinite, g.count == n, g.allSatisfy(\.isFinite) else {
            return outcome(0, false, "objective or gradient is not finite at the starting point (f = \(f))")
        }
        var h = identity(n)
        var iteration = 0
        var restarted = false
        while true {
            let gNorm = maxAbs(g)
            if gNorm <= gradientTolerance {
                return outcome(iteration, true, "converged: gradient norm \(fmt(gNorm)) <= \(fmt(gradientTolerance))")
            }
            if iteration >= maxIterations {
                return outcome(iteration, false,
                    "iteration limit \(maxIterations) reached; gradient norm \(fmt(gNorm)) "
                    + "> tolerance \(fmt(gradientTolerance))")
            }
            var d = matVec(h, g).map { -$0 }
            var slope = dot(g, d)
            if !(slope < 0) || !slope.isFinite {
                h = identity(n)
                d = g.map { -$0 }
                slope = -dot(g, g)
            }
            var step = min(1, 5 / max(maxAbs(d), 1e-300))
            var accepted: (x: [Double], f: Double, g: [Double]?)?
            for _ in 0..<60 {
                let trial = zip(x, d).map { $0 + step * $1 }
                if trial == x { break }  // the step no longer changes x at double precision
                let (ft, gt) = eval(trial, objective.gradientIsCheap)
                if ft.isFinite && ft < f && ft <= f + 1e-4 * step * slope {
                    accepted = (trial, ft, gt)
                    break
                }
                if ft.isFinite {
                    let q = -slope * step * step / (2 * (ft - f - slope * step))
                    step = min(max(q, 0.1 * step), 0.5 * step)
                } else {
                    step *= 0.25
                }
            }
            guard let next = accepted else {
                if !restarted && !isIdentity(h) {
                    h = identity(n)
                    restarted = true
                    continue
                }
                let ok = gNorm <= 1e-5
                return outcome(iteration, ok,
                    (ok ? "converged at double precision: " : "line search failed: ")
                    + "the objective cannot be lowered further along the search direction; "
                    + "gradient norm \(fmt(gNorm)), tolerance \(fmt(gradientTolerance))")
            }
            restarted = false
            let gNext: [Double]
            if let gt = next.g {
                gNext = gt
            } else {
                gNext = eval(next.x, true).1 ?? []
            }
            guard gNext.count == n, gNext.allSatisfy(\.isFinite) else {
                x = next.x
                f = next.f
                return outcome(iteration + 1, false, "gradient became non-finite at iteration \(iteration + 1)")
            }
            let s = zip(next.x, x).map { $0 - $1 }
            let y = zip(gNext, g).map { $0 - $1 }
            let sy = dot(s, y)
            if sy > 1e-12 * sqrt(dot(s, s) * dot(y, y)) {
                if iteration == 0 || isIdentity(h) {
                    h = identity(n, scale: sy / dot(y, y))
                }
                h = bfgsUpdate(h, s: s, y: y, sy: sy)
            }
            x = next.x
            f = next.f
            g = gNext
            iteration += 1
        }
    }

    /// H⁺ = (I - ρ s yᵀ) H (I - ρ y sᵀ) + ρ s sᵀ with ρ = 1 / sᵀy.
    static func bfgsUpdate(_ h: [[Double]], s: [Double], y: [Double], sy: Double) -> [[Double]] {
        let n = s.count
        let rho = 1 / sy
        let hy = matVec(h, y)
        let yhy = dot(y, hy)
        var out = h
        for i in 0..<n {
            for j in 0..<n {
                out[i][j] += (1 + rho * yhy) * rho * s[i] * s[j] - rho * (hy[i] * s[j] + s[i] * hy[j])
            }
        }
        return out
    }

    static func identity(_ n: Int, scale: Double = 1) -> [[Double]] {
        (0..<n).map { i in (0..<n).map { $0 == i ? scale : 0 } }
    }

    static func isIdentity(_ h: [[Double]]) -> Bool {
        h == identity(h.count)
    }

    static func matVec(_ m: [[Double]], _ v: [Double]) -> [Double] {
        m.map { dot($0, v) }
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
    }

    static func maxAbs(_ v: [Double]) -> Double {
        v.reduce(0) { max($0, abs($1)) }
    }

    static func fmt(_ v: Double) -> String {
        String(format: "%.3g", v)
    }
}

/// Turns an optimiser outcome into a ``FitResult``, flagging diverging parameters.
func makeFitResult(
    _ outcome: OptimizationOutcome, names: [String], params: [Double],
    logLikelihood: Double, customers: Double
) -> FitResult {
    var converged = outcome.converged
    var message = outcome.message
    for (name, logValue) in zip(names, outcome.x) where abs(logValue) > 25 {
        converged = false
        message += "; parameter \(name) drifted to \(params[names.firstIndex(of: name)!]) "
            + "(boundary of the log-parameter space): the model is not identifiable on this data"
    }
    if !logLikelihood.isFinite || params.contains(where: { !$0.isFinite }) {
        converged = false
        message += "; non-finite log-likelihood or parameters at the end"
    }
    return FitResult(
        params: Dictionary(uniqueKeysWithValues: zip(names, params)),
        logLikelihood: logLikelihood, objective: outcome.value, iterations: outcome.iterations,
        functionEvaluations: outcome.evaluations, gradientNorm: outcome.gradientNorm,
        converged: converged, message: message, customers: Int(customers.rounded()))
}
