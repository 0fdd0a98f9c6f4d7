import Foundation

/// Scalar special functions used by the likelihoods and the hypergeometric function.
///
/// All functions are pure and thread-safe (`lgamma_r` is used instead of
/// `lgamma`, which writes the global `signgam`).
public enum SpecialFunctions: Sendable {
    /// log|Γ(x)|, the natural log of the absolute value of the gamma function.
    @inline(__always)
    public static func logGamma(_ x: Double) -> Double {
        var sign: Int32 = 0
        return lgamma_r(x, &sign)
    }

    /// log|Γ(x)| together with the sign of Γ(x) (+1 or -1); +infinity at the poles.
    public static func logGammaSigned(_ x: Double) -> (log: Double, sign: Double) {
        if x <= 0 && x == x.rounded() { return (.infinity, 1) }
        var sign: Int32 = 0
        let value = lgamma_r(x, &sign)
        return (value, sign < 0 ? -1 : 1)
    }

    /// The digamma function ψ(x) = d/dx log Γ(x); NaN at the non-positive integers.
    ///
    /// Uses the reflection formula for x < 0, the recurrence ψ(x) = ψ(x + 1) - 1/x up
    /// to x >= 10, then the asymptotic series (absolute error below 1e-14).
    public static func digamma(_ x: Double) -> Double {
        if x.isNaN || (x <= 0 && x == x.rounded()) { return .nan }
        if x < 0 {
            return digamma(1 - x) - Double.pi / tan(Double.pi * x)
        }
        var x = x
        var result = 0.0
        while x < 10 {
            result -= 1 / x
            x += 1
        }
        let f = 1 / (x * x)
        let tail = f * (-1.0 / 12 + f * (1.0 / 120 + f * (-1.0 / 252 + f * (1.0 / 240 + f * (-1.0 / 132)))))
        return result + log(x) - 0.5 / x + tail
    }

    /// log(exp(x) + exp(y)) without overflow; handles -infinity arguments.
    @inline(__always)
    public static func logAddExp(_ x: Double, _ y: Double) -> Double {
        let m = max(x, y)
        if m == -.infinity { return -.infinity }
        return m + log1p(exp(-abs(x - y)))
    }

    /// log(1 - exp(x)) for x <= 0, accurate near 0 and for very negative x.
    @inline(__always)
    public static func log1mExp(_ x: Double) -> Double {
        if x > -0.693_147_180_559_945_3 {
            return log(-expm1(x))
        }
        return log1p(-exp(x))
    }

    /// The logistic function 1 / (1 + exp(-x)), stable for large |x|.
    @inline(__always)
    public static func expit(_ x: Double) -> Double {
        if x >= 0 {
            return 1 / (1 + exp(-x))
        }
        let e = exp(x)
        return e / (1 + e)
    }

    /// Adds two signed numbers given as (log|v|, sign); returns the same form.
    static func signedLogAdd(
        _ x: (log: Double, sign: Double), _ y: (log: Double, sign: Double)
    ) -> (log: Double, sign: Double) {
        if x.log == -.infinity { return y }
        if y.log == -.infinity { return x }
        let (big, small) = x.log >= y.log ? (x, y) : (y, x)
        let ratio = exp(small.log - big.log)
        if big.sign == small.sign {
            return (big.log + log1p(ratio), big.sign)
        }
        if ratio == 1 { return (-.infinity, 1) }
        return (big.log + log1p(-ratio), big.sign)
    }
}
