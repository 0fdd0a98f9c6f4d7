import Foundation
import Testing
import PaladinAnalytics

private let bg = BGNBDModel(params: BGNBDParameters(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426))
private let pareto = ParetoNBDModel(params: ParetoNBDParameters(r: 0.55, alpha: 10.58, s: 0.61, beta: 11.67))
private let spend = GammaGammaModel(params: GammaGammaParameters(p: 6.25, q: 3.74, gamma: 15.44))

@Suite("Predictions")
struct PredictionTests {
    @Test("BG/NBD p_alive is 1 without repeat purchases and matches the closed form")
    func bgAlive() throws {
        for T in [0.0, 1, 38.86, 500] {
            #expect(try bg.conditionalProbabilityAlive(frequency: 0, recency: 0, T: T) == 1)
        }
        let p = bg.params
        let expected = 1 / (1 + p.a / (p.b + 2 - 1) * pow((p.alpha + 38.86) / (p.alpha + 30.43), p.r + 2))
        let value = try bg.conditionalProbabilityAlive(frequency: 2, recency: 30.43, T: 38.86)
        #expect(abs(value - expected) < 1e-14)
    }

    @Test("more recent last purchase -> higher p_alive (both models)")
    func aliveMonotoneInRecency() throws {
        let models: [any PurchasePredicting] = [bg, pareto]
        for model in models {
            var previous = -1.0
            for recency in stride(from: 1.0, through: 40, by: 3) {
                let p = try model.conditionalProbabilityAlive(frequency: 3, recency: recency, T: 40)
                #expect(p > previous && p <= 1, "\(type(of: model)) recency \(recency): \(p)")
                previous = p
            }
        }
        // Pareto/NBD: a customer who never came back looks less alive as time passes.
        let early = try pareto.conditionalProbabilityAlive(frequency: 0, recency: 0, T: 5)
        let late = try pareto.conditionalProbabilityAlive(frequency: 0, recency: 0, T: 50)
        #expect(late < early && early < 1)
        // Buying at the very end means certainly alive for Pareto/NBD.
        #expect(abs(try pareto.conditionalProbabilityAlive(frequency: 4, recency: 30, T: 30) - 1) < 1e-12)
    }

    @Test("expected purchases grow with the horizon t")
    func growWithTime() throws {
        let models: [any PurchasePredicting] = [bg, pareto]
        for model in models {
            var previous = 0.0
            for t in [0.5, 1, 5, 10, 52, 200] {
                let e = try model.conditionalExpectedPurchases(t: t, frequency: 2, recency: 30.43, T: 38.86)
                #expect(e > previous, "\(type(of: model)) t = \(t): \(e)")
                previous = e
            }
            #expect(try model.conditionalExpectedPurchases(t: 0, frequency: 2, recency: 30.43, T: 38.86) == 0)
        }
        #expect(try bg.expectedPurchases(t: 10) < bg.expectedPurchases(t: 20))
        #expect(try pareto.expectedPurchases(t: 10) < pareto.expectedPurchases(t: 20))
    }

    @Test("a brand-new customer's conditional expectation equals the unconditional one")
    func newCustomerConsistency() throws {
        for t in [1.0, 13, 39, 78] {
            let bgConditional = try bg.conditionalExpectedPurchases(t: t, frequency: 0, recency: 0, T: 0)
            #expect(relativeError(bgConditional, try bg.expectedPurchases(t: t)) < 1e-10)
            let paretoConditional = try pareto.conditionalExpectedPurchases(t: t, frequency: 0, recency: 0, T: 0)
            #expect(relativeError(paretoConditional, try pareto.expectedPurchases(t: t)) < 1e-10)
        }
    }

    @Test("BG/NBD expectation is continuous across the removable singularity a = 1")
    func bgAtOne() throws {
        func model(_ a: Double) -> BGNBDModel {
            BGNBDModel(params: BGNBDParameters(r: 0.5, alpha: 5, a: a, b: 3))
        }
        let at = try model(1).conditionalExpectedPurchases(t: 10, frequency: 3, recency: 20, T: 30)
        let near = try model(1 + 3e-4).conditionalExpectedPurchases(t: 10, frequency: 3, recency: 20, T: 30)
        #expect(at.isFinite && at > 0)
        #expect(relativeError(at, near) < 1e-3)
    }

    @Test("Gamma-Gamma expected spend shrinks the customer's mean toward the population mean")
    func gammaGammaProfit() throws {
        let population = try spend.populationMeanSpend()
        #expect(abs(population - 15.44 * 6.25 / 2.74) < 1e-12)
        #expect(try spend.conditionalExpectedAverageProfit(frequency: 0, monetaryValue: 0) == population)
        let few = try spend.conditionalExpectedAverageProfit(frequency: 1, monetaryValue: 100)
        let many = try spend.conditionalExpectedAverageProfit(frequency: 20, monetaryValue: 100)
        #expect(population < few && few < many && many < 100)
        let bad = GammaGammaModel(params: GammaGammaParameters(p: 2, q: 0.9, gamma: 3))
        #expect(throws: RepeatBuyingError.self) { try bad.populationMeanSpend() }
    }

    @Test("CLV: undiscounted value is 12 months of purchases times expected spend")
    func lifetimeValue() throws {
        let customer = CustomerSummary(customer: "x", frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 40)
        let undiscounted = try customerLifetimeValue(
            model: bg, spend: spend, customer: customer, monthlyDiscountRate: 0, unit: .week)
        let purchases = try bg.conditionalExpectedPurchases(t: 12 * 4.345, frequency: 2, recency: 30.43, T: 38.86)
        let profit = try spend.conditionalExpectedAverageProfit(frequency: 2, monetaryValue: 40)
        #expect(relativeError(undiscounted, purchases * profit) < 1e-12)
        let discounted = try customerLifetimeValue(model: bg, spend: spend, customer: customer, unit: .week)
        #expect(discounted < undiscounted && discounted > undiscounted / 1.01 / 1.13)
        let paretoValue = try customerLifetimeValue(model: pareto, spend: spend, customer: customer, unit: .week)
        #expect(paretoValue > 0)
        #expect(try customerLifetimeValue(model: bg, spend: spend, customer: customer, months: 0, unit: .week) == 0)
    }
}
