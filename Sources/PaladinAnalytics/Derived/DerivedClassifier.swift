import PaladinCore

/// A derived model's verdict for one customer: the stage whose rule held first, and why.
public struct DerivedVerdict: Sendable, Hashable {
    /// The model.
    public var model: String
    /// The stage chosen.
    public var stage: String
    /// The rule that matched, as written.
    public var rule: String
    /// The facts that made it true, with the customer's values, e.g. `purchases >= 2 (purchases = 5)`.
    public var explanation: String

    /// A verdict.
    public init(model: String, stage: String, rule: String, explanation: String) {
        self.model = model
        self.stage = stage
        self.rule = rule
        self.explanation = explanation
    }
}

/// Applies a derived model's stage rules to customers' metrics.
/// Stages are tried in the model's `evaluation_order` (default: from the last stage to the first);
/// the first whose rule holds is the customer's stage. A stage without a rule is only ever set by hand.
public struct DerivedClassifier: Sendable {
    /// The model classified.
    public let model: JourneyModel
    private let rules: OrderedRules<String>

    /// Parses and type-checks every stage rule of `model` against `schema`.
    public init(model: JourneyModel, schema: MetricSchema) throws(DerivedRuleError) {
        self.model = model
        let order = model.evaluationOrder.isEmpty ? model.stages.reversed().map(\.key) : model.evaluationOrder
        var entries: [OrderedRules<String>.Entry] = []
        for key in order {
            guard let text = model.stage(key)?.rule else { continue }
            do {
                entries.append(OrderedRules.Entry(label: key, rule: try Rule.parse(text, schema: schema)))
            } catch {
                throw DerivedRuleError(model: model.key, stage: key, error: error)
            }
        }
        self.rules = OrderedRules(entries)
    }

    /// The customer's stage and its explanation; nil when no rule holds.
    public func classify(_ values: [String: MetricValue]) -> DerivedVerdict? {
        guard let verdict = rules.firstMatch(values) else { return nil }
        return DerivedVerdict(
            model: model.key, stage: verdict.label, rule: model.stage(verdict.label)?.rule ?? "",
            explanation: verdict.explanation.text)
    }

    /// The metrics the rules read.
    public var metrics: Set<String> { rules.metrics }
}

/// A derived model's rule that does not parse or type-check.
public struct DerivedRuleError: Error, Sendable, CustomStringConvertible {
    public var model: String
    public var stage: String
    public var error: RuleError

    public var description: String { "model '\(model)', stage '\(stage)': \(error)" }
}
