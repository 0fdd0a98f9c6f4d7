import Foundation

/// A seeded xoshiro256** generator with the variates the simulations need.
///
/// The state is seeded through SplitMix64, so any 64-bit seed (including 0) is fine and
/// a seed always reproduces the same stream on every platform.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Creates a generator whose stream is fully determined by `seed`.
    public init(seed: UInt64) {
        var z = seed
        func splitMix() -> UInt64 {
            z &+= 0x9E37_79B9_7F4A_7C15
            var v = z
            v = (v ^ (v >> 30)) &* 0xBF58_476D_1CE4_E5B9
            v = (v ^ (v >> 27)) &* 0x94D0_49BB_1331_11EB
            return v ^ (v >> 31)
        }
        s0 = splitMix()
        s1 = splitMix()
        s2 = splitMix()
        s3 = splitMix()
    }

    /// The next 64 random bits (xoshiro256**).
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// A uniform variate in the open interval (0, 1).
    public mutating func uniform() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1.0p-53
    }

    /// An exponential variate with the given rate (mean 1 / rate).
    public mutating func exponential(rate: Double) -> Double {
        -log(uniform()) / rate
    }

    /// A standard normal variate (Marsaglia's polar method).
    public mutating func normal() -> Double {
        while true {
            let u = 2 * uniform() - 1
            let v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                return u * (-2 * log(s) / s).squareRoot()
            }
        }
    }

    /// A gamma variate with the given shape and rate (mean shape / rate), by
    /// Marsaglia & Tsang (2000); shapes below 1 use Gamma(shape + 1) · U^(1/shape).
    public mutating func gamma(shape: Double, rate: Double) -> Double {
        if shape < 1 {
            let boosted = gamma(shape: shape + 1, rate: 1)
            return boosted * pow(uniform(), 1 / shape) / rate
        }
        let d = shape - 1.0 / 3
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double
            var v: Double
            repeat {
                x = normal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = uniform()
            if u < 1 - 0.0331 * x * x * x * x { return d * v / rate }
            if log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v / rate }
        }
    }

    /// A beta variate, as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b) (Marsaglia–Tsang).
    public mutating func beta(_ a: Double, _ b: Double) -> Double {
        let x = gamma(shape: a, rate: 1)
        let y = gamma(shape: b, rate: 1)
        return x / (x + y)
    }

    /// A uniform variate in the closed range (bounds included up to rounding).
    public mutating func uniform(in range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * uniform()
    }
}
