/// A parsed, type-checked rule expression.
///
/// Chains of `&&` and of `||` are flat lists, so only parentheses and `!` add depth; both
/// are bounded by ``Rule/maximumDepth``, which bounds every recursion over a node.
indirect enum RuleNode: Sendable, Hashable {
    /// A literal number, text, `true` or `false`.
    case literal(MetricValue)
    /// A metric of the given type.
    case metric(String, ValueType)
    /// Two operands and a comparison operator; always true or false.
    case comparison(RuleNode, RuleComparator, RuleNode)
    /// `!` applied to a true-or-false expression.
    case not(RuleNode)
    /// Two or more expressions joined by `&&`.
    case all([RuleNode])
    /// Two or more expressions joined by `||`.
    case any([RuleNode])

    /// The type of the node's value.
    var type: ValueType {
        switch self {
        case .literal(let value): value.type
        case .metric(_, let type): type
        case .comparison, .not, .all, .any: .boolean
        }
    }

    /// The metrics used, with their types, in order of first appearance.
    var metricUses: [(name: String, type: ValueType)] {
        var uses: [(name: String, type: ValueType)] = []
        collectMetrics(into: &uses)
        return uses
    }

    private func collectMetrics(into uses: inout [(name: String, type: ValueType)]) {
        switch self {
        case .literal:
            break
        case .metric(let name, let type):
            if !uses.contains(where: { $0.name == name }) { uses.append((name, type)) }
        case .comparison(let lhs, _, let rhs):
            lhs.collectMetrics(into: &uses)
            rhs.collectMetrics(into: &uses)
        case .not(let inner):
            inner.collectMetrics(into: &uses)
        case .all(let nodes), .any(let nodes):
            for node in nodes { node.collectMetrics(into: &uses) }
        }
    }

    /// The node written in canonical form: single spaces around binary operators, numbers
    /// without `.0`, parentheses only where they are needed.
    var rendered: String {
        switch self {
        case .literal(.number(let number)): NumberFormat.literal(number)
        case .literal(let value): value.description
        case .metric(let name, _): name
        case .comparison(let lhs, let op, let rhs):
            "\(lhs.renderedAsOperand) \(op.rawValue) \(rhs.renderedAsOperand)"
        case .not(let inner): "!" + inner.renderedAsOperand
        case .all(let nodes):
            nodes.map { node in
                if case .any = node { return "(\(node.rendered))" }
                return node.rendered
            }.joined(separator: " && ")
        case .any(let nodes): nodes.map(\.rendered).joined(separator: " || ")
        }
    }

    /// The node rendered, in parentheses unless it is a literal, a metric or a `!`.
    var renderedAsOperand: String {
        switch self {
        case .literal, .metric, .not: rendered
        default: "(\(rendered))"
        }
    }

    /// The node rendered with a `!` in front, in parentheses when needed.
    var renderedNegation: String {
        "!" + renderedAsOperand
    }
}
