import Foundation

/// The Gauss hypergeometric function ₂F₁(a, b; c; z) for real parameters and real z <= 1,
/// evaluated in log space.
///
/// Strategy (Abramowitz & Stegun chapter 15). Every candidate also returns an error
/// estimate (largest term or partial sum met, relative to the result), used to choose:
/// - a or b a non-positive integer: the terminating polynomial, any z < 1;
/// - z < 0: Pfaff's transformation 15.3.5, ₂F₁(a,b;c;z) = (1-z)^(-a) ₂F₁(a, c-b; c; z/(z-1)),
///   which maps z into (0, 1);
/// - 0 <= z <= 0.75: the defining series, summed with a running log scale and stopped when
///   the geometric tail bound is below 1e-17 of the sum; if its terms cancel, Euler's form
///   15.3.3, (1-z)^(c-a-b) ₂F₁(c-a, c-b; c; z), is tried as well;
/// - 0.75 < z < 1: the 1-z connection formula 15.3.6, whose two series converge at rate
///   1-z < 0.25. When d = c-a-b is within 1e-4 of an integer the formula is singular, so
///   the value is interpolated (cubic, in c) from four points with d = m ± 1e-4, ± 2e-4
///   (relative error about 1e-11). When 15.3.6 loses more than 4 digits to cancellation
///   (large parameters), the series at z and Euler's form are summed as well (while they
///   need fewer than about 150,000 terms) and the best-conditioned value is returned;
/// - z = 1: Gauss's theorem when c-a-b > 0, +infinity otherwise.
/// Results are NaN for z > 1, for c a non-positive integer, or when no method converges.
public enum Hypergeometric: Sendable {
    /// A signed value stored as log|v| and sign(v).
    public typealias SignedLog = (log: Double, sign: Double)

    /// A value with the log of its error scale relative to itself (0 = no cancellation).
    typealias Estimate = (value: SignedLog, logCondition: Double)

    /// ₂F₁(a, b; c; z) as a plain number (may overflow to infinity; see ``log2F1(_:_:_:_:)``).
    public static func hyp2F1(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Double {
        let v = log2F1(a, b, c, z)
        return v.sign * exp(v.log)
    }

    /// ₂F₁(a, b; c; z) as (log|F|, sign F); log is NaN when undefined.
    public static func log2F1(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> SignedLog {
        guard a.isFinite, b.isFinite, c.isFinite, z.isFinite, z <= 1 else { return (.nan, 1) }
        if isNonPositiveInteger(c) && !(isNonPositiveInteger(a) && a > c)
            && !(isNonPositiveInteger(b) && b > c) {
            return (.nan, 1)
        }
        if z == 0 || a == 0 || b == 0 { return (0, 1) }
        if isNonPositiveInteger(a) || isNonPositiveInteger(b) {
            return series(a, b, c, z).value
        }
        if z < 0 {
            let w = z / (z - 1)
            let inner = log2F1(a, c - b, c, w)
            return (inner.log - a * log1p(-z), inner.sign)
        }
        if z == 1 { return atOne(a, b, c) }
        let acceptable = log(1e4)
        let d = c - a - b
        var best: Estimate
        if z <= 0.75 {
            best = series(a, b, c, z)
        } else {
            let m = d.rounded()
            best = abs(d - m) >= nearInteger
                ? connection(a, b, c, z) : interpolatedConnection(a, b, c, z, offset: d - m)
            if best.logCondition > acceptable && 40 / (1 - z) <= 150_000 {
                best = better(best, series(a, b, c, z))
            }
        }
        if best.logCondition > acceptable && (z <= 0.75 || 40 / (1 - z) <= 150_000) {
            let euler = series(c - a, c - b, c, z)
            best = better(best, ((euler.value.log + d * log1p(-z), euler.value.sign), euler.logCondition))
        }
        return best.value
    }

    /// Width of the band around integer c-a-b where 15.3.6 is interpolated.
    static let nearInteger = 1e-4

    /// True when x is 0, -1, -2, ...
    static func isNonPositiveInteger(_ x: Double) -> Bool {
        x <= 0 && x == x.rounded()
    }

    /// The better-conditioned of two estimates (NaN counts as worst).
    static func better(_ x: Estimate, _ y: Estimate) -> Estimate {
        if x.value.log.isNaN { return y }
        if y.value.log.isNaN { return x }
        return y.logCondition < x.logCondition ? y : x
    }

    /// The defining power series, summed with a log scale against overflow; the condition
    /// is log(largest |term| or |partial sum|) - log|sum|.
    static func series(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Estimate {
        var sum = 1.0, term = 1.0, largest = 1.0, logScale = 0.0, n = 0.0
        // Before a+n, b+n and c+n are all positive the terms may still grow again.
        let settled = max(-a, -b, -c, 0)
        while n < 200_000 {
            let ratio = (a + n) * (b + n) / ((c + n) * (n + 1)) * z
            term *= ratio
            sum += term
            n += 1
            largest = max(largest, abs(term), abs(sum))
            if term == 0 { break }
            // Later ratios approach z, so bound the tail with the larger of the two.
            let rho = max(abs(ratio), abs(z))
            if n > settled, rho < 1, abs(term) * rho / (1 - rho) <= 1e-17 * abs(sum) { break }
            if largest > 1e250 {
                sum /= largest
                term /= largest
                logScale += log(largest)
                largest = 1
            }
        }
        guard n < 200_000, sum.isFinite else { return ((.nan, 1), .infinity) }
        if sum == 0 { return ((-.infinity, 1), .infinity) }
        let logSum = log(abs(sum))
        return ((logSum + logScale, sum < 0 ? -1 : 1), log(largest) - logSum)
    }

    /// Gauss's theorem: ₂F₁(a,b;c;1) = Γ(c)Γ(c-a-b) / (Γ(c-a)Γ(c-b)) for c-a-b > 0.
    static func atOne(_ a: Double, _ b: Double, _ c: Double) -> SignedLog {
        let d = c - a - b
        guard d > 0 else { return (.infinity, 1) }
        let terms = [
            SpecialFunctions.logGammaSigned(c), SpecialFunctions.logGammaSigned(d),
            SpecialFunctions.logGammaSigned(c - a), SpecialFunctions.logGammaSigned(c - b),
        ]
        if terms[2].log == .infinity || terms[3].log == .infinity { return (-.infinity, 1) }
        return (terms[0].log + terms[1].log - terms[2].log - terms[3].log,
                terms[0].sign * terms[1].sign * terms[2].sign * terms[3].sign)
    }

    /// A&S 15.3.6 for non-integer d = c-a-b, with its cancellation estimate:
    /// F = Γ(c)Γ(d)/(Γ(c-a)Γ(c-b)) F(a,b;1-d;1-z) + (1-z)^d Γ(c)Γ(-d)/(Γ(a)Γ(b)) F(c-a,c-b;1+d;1-z).
    static func connection(_ a: Double, _ b: Double, _ c: Double, _ z: Double) -> Estimate {
        let d = c - a - b
        let y = 1 - z
        let gc = SpecialFunctions.logGammaSigned(c)
        let first = weighted(
            numerator: [gc, SpecialFunctions.logGammaSigned(d)],
            denominator: [SpecialFunctions.logGammaSigned(c - a), SpecialFunctions.logGammaSigned(c - b)],
            series: series(a, b, 1 - d, y), extraLog: 0)
        let second = weighted(
            numerator: [gc, SpecialFunctions.logGammaSigned(-d)],
            denominator: [SpecialFunctions.logGammaSigned(a), SpecialFunctions.logGammaSigned(b)],
            series: series(c - a, c - b, 1 + d, y), extraLog: d * log(y))
        if first.value.log.isNaN || second.value.log.isNaN { return ((.nan, 1), .infinity) }
        let sum = SpecialFunctions.signedLogAdd(first.value, second.value)
        return (sum, max(first.errorLog, second.errorLog) - sum.log)
    }

    /// Multiplies a series value by Γ-ratios (a pole in the denominator gives zero) and
    /// returns the log of its absolute error scale alongside.
    private static func weighted(
        numerator: [SignedLog], denominator: [SignedLog], series: Estimate, extraLog: Double
    ) -> (value: SignedLog, errorLog: Double) {
        if denominator.contains(where: { $0.log == .infinity }) { return ((-.infinity, 1), -.infinity) }
        if series.value.log == -.infinity { return ((-.infinity, 1), -.infinity) }
        var log = series.value.log + extraLog
        var sign = series.value.sign
        for g in numerator { log += g.log; sign *= g.sign }
        for g in denominator { log -= g.log; sign *= g.sign }
        return ((log, sign), log + series.logCondition)
    }

    /// Cubic interpolation in c of 15.3.6 evaluated at d = m + k·δ, k = ±1, ±2, δ = 1e-4,
    /// to reach the point d = m + offset where 15.3.6 itself is singular.
    static func interpolatedConnection(
        _ a: Double, _ b: Double, _ c: Double, _ z: Double, offset: Double
    ) -> Estimate {
        let delta = nearInteger
        let nodes: [Double] = [-2, -1, 1, 2]
        let evaluated = nodes.map { connection(a, b, c - offset + $0 * delta, z) }
        if evaluated.contains(where: { !$0.value.log.isFinite }) { return ((.nan, 1), .infinity) }
        let s = offset / delta
        let weights = [
            (s + 1) * (s - 1) * (s - 2) / -12,
            (s + 2) * (s - 1) * (s - 2) / 6,
            (s + 2) * (s + 1) * (s - 2) / -6,
            (s + 2) * (s + 1) * (s - 1) / 12,
        ]
        let top = evaluated.map(\.value.log).max()!
        var total = 0.0
        for (w, v) in zip(weights, evaluated) {
            total += w * v.value.sign * exp(v.value.log - top)
        }
        if total == 0 { return ((-.infinity, 1), .infinity) }
        let value: SignedLog = (log(abs(total)) + top, total < 0 ? -1 : 1)
        let worst = evaluated.map { $0.logCondition + $0.value.log }.max()!
        return (value, worst - value.log)
    }
}
