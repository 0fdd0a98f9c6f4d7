import Foundation
import PaladinCore

/// The outcome of fitting one repeat-buying model.
public struct FitSummary: Sendable, Hashable {
    /// `bgnbd`, `paretonbd` or `gammagamma`.
    public var model: String
    public var params: [String: Double]
    public var logLikelihood: Double
    public var iterations: Int
    public var converged: Bool
    public var customers: Int
    /// Why it stopped (or why it was not attempted).
    public var message: String

    /// A summary of `result` for `model`.
    public init(model: String, result: FitResult) {
        self.model = model
        params = result.params
        logLikelihood = result.logLikelihood
        iterations = result.iterations
        converged = result.converged
        customers = Int(result.customers)
        message = result.message
    }

    /// A fit that was not attempted.
    public init(model: String, notAttempted reason: String, customers: Int) {
        self.model = model
        params = [:]
        logLikelihood = .nan
        iterations = 0
        converged = false
        self.customers = customers
        message = reason
    }
}

/// The repeat-buying figures of a score run: per-customer statistics and the fits they come from.
public struct RepeatBuyingFigures: Sendable {
    public var perCustomer: [Int64: CustomerStatistics]
    public var fits: [FitSummary]
}

/// Fits BG/NBD and Gamma-Gamma on the customers' purchase days (time in weeks, money in currency units) and predicts
/// each customer's probability of being alive, purchases in the next 90 days, average spend and 12-month CLV.
/// A model that does not converge contributes no figures: its metrics stay missing, and the run says why.
public enum RepeatBuyingStep {
    /// The unit the models are fitted in.
    public static let unit = TimeUnit.week

    /// Figures for every customer with purchases.
    public static func figures(_ summaries: [Int64: PurchaseSummary], asOf: Timestamp) -> RepeatBuyingFigures {
        let today = asOf.date.daysSinceEpoch
        let ids = summaries.keys.sorted()
        // Columns built directly (no per-customer row objects): a million customers stay a few tens of megabytes.
        var frequency = [Double](), recency = [Double](), age = [Double](), monetary = [Double]()
        frequency.reserveCapacity(ids.count)
        recency.reserveCapacity(ids.count)
        age.reserveCapacity(ids.count)
        monetary.reserveCapacity(ids.count)
        var repeaters = 0
        for id in ids {
            let summary = summaries[id]!
            frequency.append(Double(summary.repeatDays))
            recency.append(Double(summary.lastDay - summary.firstDay) / 7)
            age.append(Double(today - summary.firstDay) / 7)
            monetary.append(summary.repeatDayMeanCents / 100)
            if summary.repeatDays > 0 { repeaters += 1 }
        }
        guard repeaters >= 3 else {
            let reason = "too few customers who bought more than once (\(repeaters); at least 3 needed)"
            return RepeatBuyingFigures(perCustomer: [:], fits: [
                FitSummary(model: "bgnbd", notAttempted: reason, customers: ids.count),
                FitSummary(model: "gammagamma", notAttempted: reason, customers: ids.count),
            ])
        }
        var fits: [FitSummary] = []
        let data = RFMData(frequency: frequency, recency: recency, T: age, monetaryValue: monetary)
        /// The fitted model when the fit converged; every attempt is recorded in `fits` either way.
        func attempt<Model>(_ name: String, _ fit: () throws -> (Model, FitResult)) -> Model? {
            do {
                let (model, result) = try fit()
                fits.append(FitSummary(model: name, result: result))
                return result.converged ? model : nil
            } catch {
                fits.append(FitSummary(model: name, notAttempted: "\(error)", customers: ids.count))
                return nil
            }
        }
        let purchases = attempt("bgnbd") { try BGNBDModel.fit(data) }
        let spend = attempt("gammagamma") { try GammaGammaModel.fit(data) }
        guard purchases != nil || spend != nil else { return RepeatBuyingFigures(perCustomer: [:], fits: fits) }
        var perCustomer: [Int64: CustomerStatistics] = [:]
        perCustomer.reserveCapacity(ids.count)
        let horizon = 90.0 / 7
        let meanSpend = try? spend?.populationMeanSpend()
        for (index, id) in ids.enumerated() {
            var statistics = CustomerStatistics()
            let (x, tx, t, m) = (frequency[index], recency[index], age[index], monetary[index])
            if let purchases {
                statistics.pAlive = try? purchases.conditionalProbabilityAlive(frequency: x, recency: tx, T: t)
                statistics.expectedPurchases90d = try? purchases.conditionalExpectedPurchases(t: horizon, frequency: x, recency: tx, T: t)
            }
            if let spend {
                statistics.expectedSpend = x > 0 ? try? spend.conditionalExpectedAverageProfit(frequency: x, monetaryValue: m) : meanSpend ?? nil
            }
            if let purchases, let spend {
                let row = CustomerSummary(customer: "", frequency: Int(x), recency: tx, T: t, monetaryValue: m)
                statistics.clv = try? customerLifetimeValue(model: purchases, spend: spend, customer: row, unit: unit)
            }
            perCustomer[id] = statistics
        }
        return RepeatBuyingFigures(perCustomer: perCustomer, fits: fits)
    }
}
