import Foundation

/// One customer's holdout prediction next to what happened.
public struct HoldoutRow: Sendable, Equatable {
    /// Customer identifier.
    public var customer: String
    /// Calibration frequency x.
    public var frequency: Int
    /// Predicted purchases over the holdout duration.
    public var predicted: Double
    /// Actual purchase days in the holdout period.
    public var actual: Int

    /// Creates a row.
    public init(customer: String, frequency: Int, predicted: Double, actual: Int) {
        self.customer = customer
        self.frequency = frequency
        self.predicted = predicted
        self.actual = actual
    }
}

/// Mean predicted and actual holdout purchases of the customers with one calibration frequency.
public struct HoldoutBucket: Sendable, Equatable {
    /// "0" … "6" for one frequency, "7+" for 7 and more.
    public var label: String
    /// Customers in the bucket.
    public var customers: Int
    /// Mean predicted holdout purchases (0 for an empty bucket).
    public var meanPredicted: Double
    /// Mean actual holdout purchases (0 for an empty bucket).
    public var meanActual: Double

    /// Creates a bucket.
    public init(label: String, customers: Int, meanPredicted: Double, meanActual: Double) {
        self.label = label
        self.customers = customers
        self.meanPredicted = meanPredicted
        self.meanActual = meanActual
    }
}

/// Per-customer and aggregate comparison of predicted and actual holdout purchases.
public struct HoldoutReport: Sendable, Equatable {
    /// One row per customer, in the summary's order.
    public var rows: [HoldoutRow]
    /// Sum of predictions.
    public var totalPredicted: Double
    /// Sum of actual holdout purchases.
    public var totalActual: Double
    /// Mean absolute error per customer.
    public var meanAbsoluteError: Double
    /// Root mean squared error per customer.
    public var rootMeanSquaredError: Double
    /// Buckets by calibration frequency 0, 1, …, 6 and 7+ (always eight, possibly empty).
    public var buckets: [HoldoutBucket]
}

/// Predicts each customer's purchases over `durationHoldout` from the calibration columns
/// and compares them with `frequencyHoldout`.
///
/// - Parameters:
///   - summary: the output of ``summarize(_:observationEnd:calibrationEnd:unit:)`` with a
///     calibration end (every row must carry the holdout columns).
///   - model: a fitted BG/NBD or Pareto/NBD model in the summary's time unit.
/// - Throws: ``RepeatBuyingError/emptyInput(_:)`` for an empty summary,
///   ``RepeatBuyingError/missingHoldout(customer:)`` for a row without holdout columns, and
///   any prediction error.
public func holdout(summary: [CustomerSummary], model: any PurchasePredicting) throws -> HoldoutReport {
    guard !summary.isEmpty else { throw RepeatBuyingError.emptyInput("no customers in the summary") }
    var rows: [HoldoutRow] = []
    rows.reserveCapacity(summary.count)
    var totalPredicted = 0.0, totalActual = 0.0, absolute = 0.0, squared = 0.0
    var bucketCount = [Int](repeating: 0, count: 8)
    var bucketPredicted = [Double](repeating: 0, count: 8)
    var bucketActual = [Double](repeating: 0, count: 8)
    for row in summary {
        guard let actual = row.frequencyHoldout, let duration = row.durationHoldout else {
            throw RepeatBuyingError.missingHoldout(customer: row.customer)
        }
        let predicted = try model.conditionalExpectedPurchases(
            t: duration, frequency: Double(row.frequency), recency: row.recency, T: row.T)
        rows.append(HoldoutRow(customer: row.customer, frequency: row.frequency, predicted: predicted, actual: actual))
        let error = predicted - Double(actual)
        totalPredicted += predicted
        totalActual += Double(actual)
        absolute += abs(error)
        squared += error * error
        let bucket = min(row.frequency, 7)
        bucketCount[bucket] += 1
        bucketPredicted[bucket] += predicted
        bucketActual[bucket] += Double(actual)
    }
    let n = Double(summary.count)
    let buckets = (0..<8).map { k in
        let count = bucketCount[k]
        return HoldoutBucket(
            label: k == 7 ? "7+" : String(k), customers: count,
            meanPredicted: count > 0 ? bucketPredicted[k] / Double(count) : 0,
            meanActual: count > 0 ? bucketActual[k] / Double(count) : 0)
    }
    return HoldoutReport(
        rows: rows, totalPredicted: totalPredicted, totalActual: totalActual,
        meanAbsoluteError: absolute / n, rootMeanSquaredError: (squared / n).squareRoot(), buckets: buckets)
}
