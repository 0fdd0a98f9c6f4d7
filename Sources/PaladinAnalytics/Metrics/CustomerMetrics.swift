import PaladinCore

/// Computes a customer's metrics (the catalog's names) from their evidence, as of a date.
public enum CustomerMetrics {
    /// The metric values; metrics with no value for this customer are absent.
    public static func compute(
        _ evidence: CustomerEvidence, asOf: Timestamp, statistics: CustomerStatistics? = nil, rfm: RFMScore? = nil
    ) -> [String: MetricValue] {
        var values: [String: MetricValue] = [:]
        func number(_ name: String, _ value: Double?) {
            if let value, value.isFinite { values[name] = .number(value) }
        }
        let today = asOf.date.daysSinceEpoch
        let purchases = evidence.purchases
        let revenue = Double(evidence.revenue.cents) / 100
        let cost = Double(evidence.cost.cents) / 100
        number("purchases", Double(purchases))
        let summary = evidence.purchaseSummary
        number("purchase_days", Double(summary.days))
        number("repeat_purchases", Double(summary.repeatDays))
        number("revenue", revenue)
        number("cost", cost)
        number("profit", Double(evidence.revenue.cents - evidence.cost.cents) / 100)
        if purchases > 0 { number("average_order_value", revenue / Double(purchases)) }
        if summary.days > 0 {
            number("days_since_first_purchase", Double(today - summary.firstDay))
            number("days_since_last_purchase", Double(today - summary.lastDay))
        }
        number("complaints_90d", Double(evidence.complaints90d))
        number("complaints_365d", Double(evidence.complaints365d))
        number("interactions", Double(evidence.interactions))
        if let contact = evidence.lastContact { number("days_since_last_contact", Double(contact.days(until: asOf))) }
        if let score = evidence.lastScore {
            number("last_score", Double(score))
            values["last_score_segment"] = .text(NPSSegment(score: score).rawValue)
        }
        if let statistics {
            number("p_alive", statistics.pAlive)
            number("expected_purchases_90d", statistics.expectedPurchases90d)
            number("expected_spend", statistics.expectedSpend)
            number("clv", statistics.clv)
        }
        if let rfm {
            number("rfm_recency", Double(rfm.recency))
            number("rfm_frequency", Double(rfm.frequency))
            number("rfm_monetary", Double(rfm.monetary))
            values["rfm_segment"] = .text(rfm.segment.rawValue)
        }
        // A stage entered after the as-of date was not the customer's stage then: no value.
        for (model, since) in evidence.stageSince where since <= asOf {
            number(MetricCatalog.daysInStage(model), Double(since.days(until: asOf)))
        }
        return values
    }
}
