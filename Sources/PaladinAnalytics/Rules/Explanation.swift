/// Explaining a rule's verdict for one customer.
extension Rule {
    /// One condition of a rule, decided for one customer, with the values it was decided on.
    public struct Fact: Sendable, Hashable, CustomStringConvertible {
        /// The condition in canonical form, such as `purchases >= 2`.
        ///
        /// Under a `!`, the condition is stated the way it was decided: `!(profit < 0)` with
        /// a profit of 50 gives the fact `profit >= 0`. When a metric is missing the operator
        /// cannot be inverted, and the fact reads `!(profit < 0)`.
        public let condition: String
        /// Every metric the condition uses, with its value, or `nil` when the customer has no
        /// (usable) value for it.
        public let metrics: [String: MetricValue?]
        /// Whether the condition holds for the customer.
        public let holds: Bool
        /// The condition followed by its values, such as `purchases >= 2 (purchases = 5)` or
        /// `last_score >= 9 (last_score: no value)`; just the condition when it uses no metric.
        public let text: String

        /// Creates a fact; `uses` lists the metrics in the order they are shown in `text`.
        init(condition: String, uses: [(name: String, value: MetricValue?)], holds: Bool) {
            self.condition = condition
            self.holds = holds
            var metrics: [String: MetricValue?] = [:]
            for use in uses { metrics[use.name] = .some(use.value) }
            self.metrics = metrics
            let shown = uses.map { use in
                use.value.map { "\(use.name) = \($0)" } ?? "\(use.name): no value"
            }
            text = shown.isEmpty ? condition : "\(condition) (\(shown.joined(separator: ", ")))"
        }

        /// The same as ``text``.
        public var description: String {
            text
        }
    }

    /// Whether a rule holds for one customer, and the conditions that decided it.
    ///
    /// When the rule holds, ``facts`` are a minimal set of true conditions that make it
    /// true: every operand of an `&&`, the first true branch of an `||`. When it does not,
    /// ``facts`` are the conditions that failed, for a "why not": every failed operand of an
    /// `&&` and every branch of an `||`. Either way, each fact's ``Fact/holds`` equals
    /// ``holds``. Identical facts are listed once.
    public struct Explanation: Sendable, Hashable, CustomStringConvertible {
        /// Whether the rule holds.
        public let holds: Bool
        /// The conditions that decided the verdict, in the order they appear in the rule.
        public let facts: [Fact]

        /// The facts' texts joined with " and ", such as
        /// `purchases >= 2 (purchases = 5) and days_since_last_purchase <= 365 (days_since_last_purchase = 40)`.
        public var text: String {
            facts.map(\.text).joined(separator: " and ")
        }

        /// `holds: …` or `does not hold: …` followed by ``text``.
        public var description: String {
            (holds ? "holds: " : "does not hold: ") + text
        }
    }

    /// Whether the rule holds for one customer's metric values, and why.
    ///
    /// See ``Explanation`` for which facts are given; missing metrics are treated as in
    /// ``evaluate(_:)`` and shown as `(name: no value)`.
    public func explain(_ values: [String: MetricValue]) -> Explanation {
        let holds = evaluate(values)
        let clauses = RuleExplainer(values: values).reasons(for: root, minimal: holds).clauses
        var seen: Set<String> = []
        var facts: [Fact] = []
        for clause in clauses where seen.insert(clause.condition).inserted {
            facts.append(Fact(condition: clause.condition, uses: clause.uses, holds: clause.holds))
        }
        return Explanation(holds: holds, facts: facts)
    }
}
