import PaladinCore

/// What the texts recommend doing about a customer, with the reason.
public struct Recommendation: Sendable, Hashable {
    /// The kinds of recommendation.
    public enum Kind: String, Sendable, CaseIterable {
        /// Demanding or lost, and costing more than they bring: send them to the competition.
        case disinvest
        /// Lost, but worth a lot in the past: win back where the profit potential justifies it.
        case winBack = "win_back"
        /// A promoter who buys again: turn them into an advocate.
        case championCandidate = "champion_candidate"
    }

    public var kind: Kind
    /// Why, with the values.
    public var reason: String

    /// A recommendation.
    public init(kind: Kind, reason: String) {
        self.kind = kind
        self.reason = reason
    }
}

/// The texts' recommendations (value categories, relationship quality, NPS) applied to one customer.
public enum Recommendations {
    /// Recommendations for a customer with `values`, in value category `category` (when known).
    /// `highValueRevenue` is the revenue from which a past customer counts as high-value (e.g. the top fifth).
    public static func evaluate(values: [String: MetricValue], category: String?, highValueRevenue: Double) -> [Recommendation] {
        func number(_ name: String) -> Double? {
            if case .number(let value)? = values[name] { return value }
            return nil
        }
        var result: [Recommendation] = []
        let profit = number("profit") ?? 0
        if let category, category == "demanding" || category == "lost", profit < 0 {
            result.append(Recommendation(
                kind: .disinvest,
                reason: "\(category) customer with negative profit (profit = \(format(profit))): stop spending here, send them to the competition"))
        }
        if category == "lost", let revenue = number("revenue"), revenue >= highValueRevenue, revenue > 0 {
            result.append(Recommendation(
                kind: .winBack,
                reason: "lost, but brought \(format(revenue)) in the past (top customers bring ≥ \(format(highValueRevenue))): worth a win-back attempt"))
        }
        if let score = number("last_score"), score >= 9, let repeats = number("repeat_purchases"), repeats >= 1 {
            result.append(Recommendation(
                kind: .championCandidate,
                reason: "promoter (last score \(Int(score))) who bought again (\(Int(repeats)) repeat purchase days): invite them to advocate"))
        }
        return result
    }

    private static func format(_ value: Double) -> String {
        AmountParser.format(cents: Int64((value * 100).rounded()))
    }
}
