/// Labelled rules tried in order, such as the stages of a derived journey model.
///
/// The order is the order of ``entries``, as given at creation: a customer gets the **first**
/// entry whose rule holds. A catch-all last entry (rule `true`) makes every customer match.
public struct OrderedRules<Label: Sendable & Hashable>: Sendable, Hashable {
    /// One labelled rule.
    public struct Entry: Sendable, Hashable {
        /// What the rule assigns, such as a stage.
        public let label: Label
        /// The rule that must hold.
        public let rule: Rule

        /// Creates an entry.
        public init(label: Label, rule: Rule) {
            self.label = label
            self.rule = rule
        }
    }

    /// The outcome of trying one entry for one customer.
    public struct Verdict: Sendable, Hashable {
        /// The position of the entry in ``OrderedRules/entries``.
        public let index: Int
        /// The entry's label.
        public let label: Label
        /// Whether the entry's rule holds, and why.
        public let explanation: Rule.Explanation
    }

    /// The rules, in the order they are tried.
    public let entries: [Entry]

    /// Creates ordered rules; the first entry is tried first.
    public init(_ entries: [Entry]) {
        self.entries = entries
    }

    /// The first entry whose rule holds, explained, or `nil` when none holds.
    ///
    /// Only the rules up to the match are evaluated.
    public func firstMatch(_ values: [String: MetricValue]) -> Verdict? {
        for (index, entry) in entries.enumerated() where entry.rule.evaluate(values) {
            return Verdict(index: index, label: entry.label, explanation: entry.rule.explain(values))
        }
        return nil
    }

    /// Every entry tried in order up to and including the first match (or all of them when
    /// none matches), each explained: the failed ones say why the customer did not get them.
    public func verdicts(_ values: [String: MetricValue]) -> [Verdict] {
        var verdicts: [Verdict] = []
        for (index, entry) in entries.enumerated() {
            let explanation = entry.rule.explain(values)
            verdicts.append(Verdict(index: index, label: entry.label, explanation: explanation))
            if explanation.holds { break }
        }
        return verdicts
    }

    /// The names of all metrics the rules use.
    public var metrics: Set<String> {
        entries.reduce(into: []) { $0.formUnion($1.rule.metrics) }
    }
}
