/// A parsed, type-checked rule over customer metrics, such as
/// `purchases >= 2 && days_since_last_purchase <= 365`.
///
/// A rule is data: it can only compare metrics with each other and with literals and join
/// the results with `&&`, `||` and `!`. Evaluating it cannot run code, loop or fail.
///
/// ## Missing metrics
/// A customer may lack a metric (for example no satisfaction score yet). A comparison that
/// involves a missing metric is **false**, whatever the operator, `!=` included; a boolean
/// metric used on its own is false when missing. `!` simply inverts, so `!(last_score > 8)`
/// is **true** for a customer without a score. A metric whose value has the wrong type for
/// the schema, and a number that is `NaN`, count as missing.
///
/// Two rules are equal when their source text and their parsed form are both equal.
public struct Rule: Sendable, Hashable, CustomStringConvertible {
    /// The longest rule text accepted, in characters.
    public static let maximumLength = 2_000
    /// The deepest nesting accepted, counting each `(` and each `!` as one level.
    public static let maximumDepth = 64

    /// The rule's source text, exactly as it was given.
    public let text: String
    /// The names of the metrics the rule uses.
    public let metrics: Set<String>
    /// The parsed expression; always true-or-false.
    let root: RuleNode

    private init(text: String, root: RuleNode) {
        self.text = text
        self.root = root
        self.metrics = Set(root.metricUses.map(\.name))
    }

    /// Parses and type-checks a rule against the metrics it may use.
    ///
    /// - Throws: a ``RuleError`` locating the first problem in reading order: unknown
    ///   metrics (with a suggestion), unknown operators or characters, mismatched types,
    ///   unbalanced parentheses, unterminated strings, malformed numbers, trailing input,
    ///   an empty rule, a rule that is not true-or-false, or a rule beyond
    ///   ``maximumLength`` characters or ``maximumDepth`` levels.
    public static func parse(_ text: String, schema: MetricSchema) throws(RuleError) -> Rule {
        var characters: [Character] = []
        for character in text {
            guard characters.count < maximumLength else {
                throw RuleError(
                    column: maximumLength + 1,
                    message: "rule is too long (more than \(maximumLength) characters)")
            }
            characters.append(character)
        }
        return Rule(text: text, root: try RuleParser.parse(characters, schema: schema))
    }

    /// The source text, as written.
    public var description: String {
        text
    }

    /// The rule in canonical form: single spaces around operators, numbers without `.0`
    /// and parentheses only where needed. Parsing it gives an equal expression, provided the
    /// added spaces keep it within ``maximumLength`` and the parentheses it puts after a `!`
    /// (`!p > 1` is written `!(p > 1)`) keep it within ``maximumDepth``.
    public var canonicalText: String {
        root.rendered
    }

    /// Whether the rule holds for one customer's metric values.
    ///
    /// Pure and total: see the type's documentation for how missing metrics are treated.
    public func evaluate(_ values: [String: MetricValue]) -> Bool {
        Self.truth(of: root, in: values)
    }

    /// The truth of a true-or-false node.
    static func truth(of node: RuleNode, in values: [String: MetricValue]) -> Bool {
        switch node {
        case .literal(let value):
            return value == .boolean(true)
        case .metric(let name, let type):
            return lookup(name, type, in: values) == .boolean(true)
        case .comparison(let lhs, let op, let rhs):
            return compare(operand(lhs, in: values), op, operand(rhs, in: values))
        case .not(let inner):
            return !truth(of: inner, in: values)
        case .all(let nodes):
            return nodes.allSatisfy { truth(of: $0, in: values) }
        case .any(let nodes):
            return nodes.contains { truth(of: $0, in: values) }
        }
    }

    /// The value of a comparison operand, or `nil` for a missing metric.
    static func operand(_ node: RuleNode, in values: [String: MetricValue]) -> MetricValue? {
        switch node {
        case .literal(let value): value
        case .metric(let name, let type): lookup(name, type, in: values)
        case .comparison, .not, .all, .any: .boolean(truth(of: node, in: values))
        }
    }

    /// A metric's value when it is present, of the schema's type, and not `NaN`.
    static func lookup(_ name: String, _ type: ValueType, in values: [String: MetricValue]) -> MetricValue? {
        guard let value = values[name], value.type == type else { return nil }
        if case .number(let number) = value, number.isNaN { return nil }
        return value
    }

    /// Applies a comparison; false when either side is missing.
    static func compare(_ lhs: MetricValue?, _ op: RuleComparator, _ rhs: MetricValue?) -> Bool {
        switch (lhs, rhs) {
        case (.number(let a)?, .number(let b)?): op.compare(a, b)
        case (.text(let a)?, .text(let b)?): op == .equal ? a == b : (op == .notEqual ? a != b : false)
        case (.boolean(let a)?, .boolean(let b)?): op == .equal ? a == b : (op == .notEqual ? a != b : false)
        default: false
        }
    }
}
