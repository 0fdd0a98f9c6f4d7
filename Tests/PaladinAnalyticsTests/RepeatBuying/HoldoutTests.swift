import Foundation
import Testing
import PaladinAnalytics

@Suite("Holdout validation")
struct HoldoutTests {
    @Test("end to end: simulated daily log -> weekly calibration summary -> BG/NBD -> holdout")
    func endToEnd() throws {
        // BG/NBD in weeks (r, α = 4.414 weeks) is α = 4.414 · 7 in days.
        let weekly = BGNBDParameters(r: 0.243, alpha: 4.414, a: 0.793, b: 2.426)
        var daily = weekly
        daily.alpha *= 7
        let spend = GammaGammaParameters(p: 6.25, q: 3.74, gamma: 1544)
        let log = Simulation.bgnbdTransactions(
            daily, customers: 8_000, firstDays: 0...83, lastDay: 546, spend: spend, seed: 99)
        let summary = try summarize(log, observationEnd: 546, calibrationEnd: 272, unit: .week)
        #expect(summary.count == 8_000)
        #expect(summary.allSatisfy { abs($0.durationHoldout! - 274.0 / 7) < 1e-12 })

        let (model, fit) = try BGNBDModel.fit(RFMData(summaries: summary))
        #expect(fit.converged, "\(fit.message)")
        let report = try holdout(summary: summary, model: model)
        #expect(report.rows.count == summary.count)
        #expect(report.totalActual == Double(summary.reduce(0) { $0 + $1.frequencyHoldout! }))
        #expect(relativeError(report.totalPredicted, report.totalActual) < 0.1,
                "predicted \(report.totalPredicted) vs actual \(report.totalActual)")
        #expect(report.meanAbsoluteError > 0)
        #expect(report.rootMeanSquaredError >= report.meanAbsoluteError)
        #expect(report.buckets.map(\.label) == ["0", "1", "2", "3", "4", "5", "6", "7+"])
        #expect(report.buckets.reduce(0) { $0 + $1.customers } == summary.count)
        // Customers who bought more in calibration are expected, and observed, to buy more.
        #expect(report.buckets[0].meanPredicted < report.buckets[3].meanPredicted)
        #expect(report.buckets[0].meanActual < report.buckets[3].meanActual)

        var profit = RFMData(summaries: summary)
        profit.monetaryValue = summary.map(\.monetaryValue)
        let spendFit = try GammaGammaModel.fit(profit)
        #expect(spendFit.result.converged, "\(spendFit.result.message)")
        let clv = try customerLifetimeValue(
            model: model, spend: spendFit.model, customer: summary[0], unit: .week)
        #expect(clv.isFinite && clv >= 0)
    }

    @Test("hand-checked aggregates with a fixed model")
    func aggregates() throws {
        let summary = [
            CustomerSummary(customer: "a", frequency: 0, recency: 0, T: 10, monetaryValue: 0,
                            frequencyHoldout: 1, durationHoldout: 5),
            CustomerSummary(customer: "b", frequency: 9, recency: 9, T: 10, monetaryValue: 5,
                            frequencyHoldout: 4, durationHoldout: 5),
        ]
        let model = BGNBDModel(params: BGNBDParameters(r: 1, alpha: 2, a: 0.5, b: 2))
        let report = try holdout(summary: summary, model: model)
        let pa = try model.conditionalExpectedPurchases(t: 5, frequency: 0, recency: 0, T: 10)
        let pb = try model.conditionalExpectedPurchases(t: 5, frequency: 9, recency: 9, T: 10)
        #expect(report.rows[0] == HoldoutRow(customer: "a", frequency: 0, predicted: pa, actual: 1))
        #expect(abs(report.totalPredicted - (pa + pb)) < 1e-12)
        #expect(report.totalActual == 5)
        #expect(abs(report.meanAbsoluteError - (abs(pa - 1) + abs(pb - 4)) / 2) < 1e-12)
        let rmse = (((pa - 1) * (pa - 1) + (pb - 4) * (pb - 4)) / 2).squareRoot()
        #expect(abs(report.rootMeanSquaredError - rmse) < 1e-12)
        #expect(report.buckets[7] == HoldoutBucket(label: "7+", customers: 1, meanPredicted: pb, meanActual: 4))
        #expect(report.buckets[3] == HoldoutBucket(label: "3", customers: 0, meanPredicted: 0, meanActual: 0))
    }

    @Test("a summary without holdout columns is rejected")
    func missingColumns() {
        let summary = [CustomerSummary(customer: "z", frequency: 1, recency: 1, T: 2, monetaryValue: 3)]
        let model = BGNBDModel(params: BGNBDParameters(r: 1, alpha: 2, a: 0.5, b: 2))
        #expect(throws: RepeatBuyingError.missingHoldout(customer: "z")) {
            try holdout(summary: summary, model: model)
        }
        #expect(throws: RepeatBuyingError.self) { try holdout(summary: [], model: model) }
    }
}
