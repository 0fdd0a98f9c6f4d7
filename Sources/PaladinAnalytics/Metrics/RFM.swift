/// A customer's recency, frequency and monetary quintile scores (1–5) and segment.
public struct RFMScore: Sendable, Hashable {
    public var recency: Int
    public var frequency: Int
    public var monetary: Int
    public var segment: RFMSegment
}

/// Named RFM segments, from the recency and frequency scores (the usual segment map).
public enum RFMSegment: String, Sendable, CaseIterable {
    case champions, loyal, potentialLoyalists = "potential_loyalists", newCustomers = "new_customers", promising
    case needAttention = "need_attention", aboutToSleep = "about_to_sleep", cannotLoseThem = "cannot_lose_them"
    case atRisk = "at_risk", hibernating, lost

    /// The segment of recency `r` and frequency `f` scores, tried in this order:
    /// champions (R 4–5, F 4–5); cannot_lose_them (R 1, F 5); at_risk (R 1–2, F 3–5); loyal (R 3, F 4–5);
    /// potential_loyalists (R 4–5, F 2–3); new_customers (R 5, F 1); promising (R 4, F 1); need_attention (R 3, F 3);
    /// about_to_sleep (R 3, F 1–2); lost (R 1, F 1); hibernating (R 1–2, F 1–2).
    public init(recency r: Int, frequency f: Int) {
        switch (r, f) {
        case (4...5, 4...5): self = .champions
        case (1, 5): self = .cannotLoseThem
        case (1...2, 3...5): self = .atRisk
        case (3, 4...5): self = .loyal
        case (4...5, 2...3): self = .potentialLoyalists
        case (5, 1): self = .newCustomers
        case (4, 1): self = .promising
        case (3, 3): self = .needAttention
        case (3, 1...2): self = .aboutToSleep
        case (1, 1): self = .lost
        default: self = .hibernating
        }
    }
}

/// Scores customers by quintiles of recency, frequency and monetary value.
public enum RFM {
    /// One customer's inputs: days since the last purchase, purchase days, revenue in cents.
    public struct Input: Sendable, Hashable {
        public var customerId: Int64
        public var daysSinceLastPurchase: Int64
        public var purchaseDays: Int
        public var revenueCents: Int64

        /// Inputs of a customer with at least one purchase.
        public init(customerId: Int64, daysSinceLastPurchase: Int64, purchaseDays: Int, revenueCents: Int64) {
            self.customerId = customerId
            self.daysSinceLastPurchase = daysSinceLastPurchase
            self.purchaseDays = purchaseDays
            self.revenueCents = revenueCents
        }
    }

    /// Scores for every customer given (customers without purchases are left out by the caller).
    /// A score is the quintile of the customer's rank: 1 + ⌊5 · rank / n⌋, where equal values share the lowest rank,
    /// so ties always get the same score. Recency ranks fewer days higher.
    public static func score(_ inputs: [Input]) -> [Int64: RFMScore] {
        guard !inputs.isEmpty else { return [:] }
        let recency = quintiles(inputs.map { -$0.daysSinceLastPurchase })
        let frequency = quintiles(inputs.map { Int64($0.purchaseDays) })
        let monetary = quintiles(inputs.map(\.revenueCents))
        var scores: [Int64: RFMScore] = [:]
        scores.reserveCapacity(inputs.count)
        for (index, input) in inputs.enumerated() {
            scores[input.customerId] = RFMScore(
                recency: recency[index], frequency: frequency[index], monetary: monetary[index],
                segment: RFMSegment(recency: recency[index], frequency: frequency[index]))
        }
        return scores
    }

    /// The quintile score (1–5) of each value among all values; ties share the lower score.
    static func quintiles(_ values: [Int64]) -> [Int] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var scores = [Int](repeating: 1, count: values.count)
        var rank = 0
        for (position, index) in order.enumerated() {
            if position == 0 || values[index] != values[order[position - 1]] { rank = position }
            scores[index] = 1 + (5 * rank) / values.count
        }
        return scores
    }
}
