import Foundation
import Testing
import PaladinAnalytics

/// Relative difference, robust to zero.
func relativeError(_ value: Double, _ expected: Double) -> Double {
    abs(value - expected) / max(abs(expected), 1e-300)
}

@Suite("Gauss hypergeometric 2F1")
struct HypergeometricTests {
    @Test("2F1(1,1;2;z) = -ln(1-z)/z, including z near 1 (integer c-a-b) and negative z",
        arguments: [1e-8, 0.3, 0.7, 0.75, 0.76, 0.9, 0.99, 0.999_999, 1 - 1e-12, -0.5, -0.99, -5, -1000])
    func logSeries(z: Double) {
        let expected = -log1p(-z) / z
        let value = Hypergeometric.hyp2F1(1, 1, 2, z)
        #expect(relativeError(value, expected) < 1e-10, "z = \(z): \(value) vs \(expected)")
    }

    @Test("2F1(a,b;b;z) = (1-z)^(-a)",
        arguments: [(1.7, 2.3), (2.0, 0.5), (0.3, 4.1), (3.0, 3.0)],
            [0.2, 0.74, 0.8, 0.95, 0.9999, -0.4, -3, -250])
    func binomial(params: (Double, Double), z: Double) {
        let (a, b) = params
        let expected = pow(1 - z, -a)
        let value = Hypergeometric.hyp2F1(a, b, b, z)
        #expect(relativeError(value, expected) < 1e-9, "a=\(a) b=\(b) z=\(z): \(value) vs \(expected)")
    }

    @Test("2F1(1/2,1/2;3/2;x²) = arcsin(x)/x", arguments: [0.1, 0.8, 0.95, 0.999])
    func arcsine(x: Double) {
        let expected = asin(x) / x
        #expect(relativeError(Hypergeometric.hyp2F1(0.5, 0.5, 1.5, x * x), expected) < 1e-10)
    }

    @Test("log space: results beyond Double range keep their logarithm")
    func logSpace() {
        // (1 - z)^(-400) at z = 0.999 is 1e1200.
        let value = Hypergeometric.log2F1(400, 1.5, 1.5, 0.999)
        #expect(value.sign == 1)
        #expect(relativeError(value.log, -400 * log(0.001)) < 1e-11)
        // A Pareto/NBD-like case with large r+s+x: series and transformation agree across z = 0.75.
        let below = Hypergeometric.log2F1(120.4, 3.2, 121.4, 0.749_999_9)
        let above = Hypergeometric.log2F1(120.4, 3.2, 121.4, 0.750_000_1)
        #expect(abs(below.log - above.log) < 1e-5)
    }

    @Test("special points: z = 0, z = 1 (Gauss), terminating series, invalid arguments")
    func specialPoints() {
        #expect(Hypergeometric.hyp2F1(2.5, 3.5, 1.5, 0) == 1)
        // Gauss: Γ(3)Γ(1)/(Γ(2)Γ(2)) = 2.
        #expect(relativeError(Hypergeometric.hyp2F1(1, 1, 3, 1), 2) < 1e-12)
        #expect(Hypergeometric.log2F1(1, 1, 2, 1).log == .infinity)
        // Terminating: 2F1(-2, b; c; z) = 1 - 2bz/c + b(b+1)z²/(c(c+1)).
        let (b, c, z) = (1.5, 2.5, -3.0)
        let poly = 1 - 2 * b * z / c + b * (b + 1) * z * z / (c * (c + 1))
        #expect(relativeError(Hypergeometric.hyp2F1(-2, b, c, z), poly) < 1e-12)
        #expect(Hypergeometric.hyp2F1(1, 1, 2, 1.5).isNaN)
        #expect(Hypergeometric.hyp2F1(1, 1, -2, 0.5).isNaN)
        #expect(Hypergeometric.hyp2F1(.nan, 1, 2, 0.5).isNaN)
    }

    @Test("near-integer c-a-b is continuous")
    func nearInteger() {
        // 2F1(1, 1; 2 + ε; z) must approach -ln(1-z)/z smoothly as ε -> 0.
        let z = 0.97
        let exact = -log1p(-z) / z
        for eps in [1e-2, 2e-3, 1e-3, 5e-4, 1e-6, 1e-9, -1e-6, -5e-4] {
            // scipy: (F(2+ε) - F(2)) / F(2) ≈ -1.18 ε at z = 0.97.
            let slope = (Hypergeometric.hyp2F1(1, 1, 2 + eps, z) - exact) / exact / -eps
            #expect(slope > 1.15 && slope < 1.2, "ε = \(eps): slope \(slope)")
        }
        // The direct series at z = 0.75 and the interpolated formula just above agree.
        let left = Hypergeometric.hyp2F1(1, 1, 2 + 1e-4, 0.75)
        let right = Hypergeometric.hyp2F1(1, 1, 2 + 1e-4, 0.750_000_01)
        #expect(abs(left - right) < 1e-7)
    }

    @Test("digamma and logGamma reference values")
    func specialFunctions() {
        #expect(abs(SpecialFunctions.digamma(1) + 0.577_215_664_901_532_9) < 1e-13)
        #expect(abs(SpecialFunctions.digamma(0.5) + 1.963_510_026_021_423_5) < 1e-13)
        #expect(abs(SpecialFunctions.digamma(10.3) - 2.282_815_446_439_122_4) < 1e-12)
        #expect(abs(SpecialFunctions.logGamma(0.5) - 0.5 * log(Double.pi)) < 1e-14)
        #expect(abs(SpecialFunctions.logAddExp(-1000, -1000) - (-1000 + log(2))) < 1e-12)
        #expect(abs(SpecialFunctions.log1mExp(-1e-10) - log(1e-10)) < 1e-9)
    }
}
