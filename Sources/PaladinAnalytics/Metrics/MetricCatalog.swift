import PaladinCore

/// One metric: its name (as rules write it), its type and what it means.
public struct MetricDefinition: Sendable, Hashable {
    /// The name rules and views use.
    public var name: String
    /// Number, text or boolean.
    public var type: ValueType
    /// What it means, in one sentence.
    public var definition: String
}

/// The one documented list of customer metrics; rules may use exactly these names.
public enum MetricCatalog {
    /// The metrics every customer has (some may be missing for a customer, e.g. no score yet).
    public static let customer: [MetricDefinition] = [
        MetricDefinition(name: "purchases", type: .number, definition: "number of purchases up to the as-of date"),
        MetricDefinition(name: "purchase_days", type: .number, definition: "number of distinct days with a purchase"),
        MetricDefinition(name: "repeat_purchases", type: .number, definition: "purchase days after the first (the repeat-buying models' frequency)"),
        MetricDefinition(name: "revenue", type: .number, definition: "sum of purchase amounts, in currency units"),
        MetricDefinition(name: "cost", type: .number, definition: "sum of costs to serve, in currency units"),
        MetricDefinition(name: "profit", type: .number, definition: "revenue − cost"),
        MetricDefinition(name: "average_order_value", type: .number, definition: "revenue ÷ purchases; missing without purchases"),
        MetricDefinition(name: "days_since_first_purchase", type: .number, definition: "whole days from the first purchase to the as-of date; missing without purchases"),
        MetricDefinition(name: "days_since_last_purchase", type: .number, definition: "whole days from the last purchase to the as-of date; missing without purchases"),
        MetricDefinition(name: "complaints_90d", type: .number, definition: "interactions of kind complaint in the 90 days before the as-of date"),
        MetricDefinition(name: "complaints_365d", type: .number, definition: "interactions of kind complaint in the 365 days before the as-of date"),
        MetricDefinition(name: "interactions", type: .number, definition: "number of interactions of any kind"),
        MetricDefinition(name: "days_since_last_contact", type: .number, definition: "whole days since the last interaction; missing without one"),
        MetricDefinition(name: "last_score", type: .number, definition: "the last answer to 'would you recommend us?' (0–10); missing without one"),
        MetricDefinition(name: "last_score_segment", type: .text, definition: "promoter (9–10), passive (7–8) or detractor (0–6) of the last score"),
        MetricDefinition(name: "p_alive", type: .number, definition: "probability the customer is still buying (BG/NBD), 0–1; missing until a fit converges"),
        MetricDefinition(name: "expected_purchases_90d", type: .number, definition: "expected purchases in the next 90 days (BG/NBD)"),
        MetricDefinition(name: "expected_spend", type: .number, definition: "expected average purchase value (Gamma-Gamma), in currency units"),
        MetricDefinition(name: "clv", type: .number, definition: "discounted expected profit of the next 12 months (BG/NBD × Gamma-Gamma, 1% a month)"),
        MetricDefinition(name: "rfm_recency", type: .number, definition: "recency quintile score, 5 = bought most recently; missing without purchases"),
        MetricDefinition(name: "rfm_frequency", type: .number, definition: "frequency quintile score by purchase days, 5 = most often"),
        MetricDefinition(name: "rfm_monetary", type: .number, definition: "monetary quintile score by revenue, 5 = most"),
        MetricDefinition(name: "rfm_segment", type: .text, definition: "the RFM segment name (champions, loyal, at_risk, …)"),
    ]

    /// The name of the "days in the current stage" metric of a model, e.g. `days_in_stage_customer_journey`.
    public static func daysInStage(_ model: String) -> String {
        "days_in_stage_" + String(model.map { $0 == "-" ? "_" : $0 })
    }

    /// Every metric rules may use in a workspace with `models`: the customer metrics plus days in stage per model.
    public static func definitions(models: [String]) -> [MetricDefinition] {
        customer + models.map {
            MetricDefinition(name: daysInStage($0), type: .number, definition: "whole days since the customer entered their current stage of '\($0)'")
        }
    }

    /// The schema rules are checked against.
    public static func schema(models: [String]) -> MetricSchema {
        MetricSchema(Dictionary(uniqueKeysWithValues: definitions(models: models).map { ($0.name, $0.type) }))
    }

    /// A rule checker for model validation: nil when `text` parses and type-checks, else the problem.
    public static func ruleChecker(models: [String]) -> @Sendable (String) -> String? {
        let schema = schema(models: models)
        return { text in
            do {
                _ = try Rule.parse(text, schema: schema)
                return nil
            } catch {
                return "\(error) in rule '\(text)'"
            }
        }
    }
}
