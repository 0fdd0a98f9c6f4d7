/// A condition being explained, carrying the text of its negation so that `!` can restate it.
struct RuleClause {
    /// The condition as decided, such as `purchases >= 2`.
    let condition: String
    /// The condition that holds exactly when this one does not, such as `purchases < 2`.
    let negation: String
    /// The metrics the condition uses and their values, in order of appearance.
    let uses: [(name: String, value: MetricValue?)]
    /// Whether the condition holds.
    let holds: Bool

    /// The clause seen through a `!`.
    var negated: RuleClause {
        RuleClause(condition: negation, negation: condition, uses: uses, holds: !holds)
    }
}

/// Finds the clauses that decide a node's truth for one customer.
struct RuleExplainer {
    let values: [String: MetricValue]

    /// The node's truth and the clauses that decide it, all of which have that truth.
    ///
    /// With `minimal`, one deciding operand is enough where one suffices (the first true
    /// branch of `||`, the first failed operand of `&&`); without it, all deciding operands
    /// are given. Under `!` the roles swap, so the same flag serves both verdicts.
    func reasons(for node: RuleNode, minimal: Bool) -> (holds: Bool, clauses: [RuleClause]) {
        switch node {
        case .literal, .metric, .comparison:
            let clause = clause(for: node)
            return (clause.holds, [clause])
        case .not(let inner):
            let (holds, clauses) = reasons(for: inner, minimal: minimal)
            return (!holds, clauses.map(\.negated))
        case .all(let nodes):
            return combine(nodes, deciding: false, minimal: minimal)
        case .any(let nodes):
            return combine(nodes, deciding: true, minimal: minimal)
        }
    }

    /// `&&` (decided by a false operand) or `||` (decided by a true one).
    private func combine(
        _ nodes: [RuleNode], deciding: Bool, minimal: Bool
    ) -> (holds: Bool, clauses: [RuleClause]) {
        var decisive: [RuleClause] = []
        var others: [RuleClause] = []
        for node in nodes {
            let (holds, clauses) = reasons(for: node, minimal: minimal)
            if holds == deciding {
                decisive += clauses
                if minimal { break }
            } else if decisive.isEmpty || !minimal {
                others += clauses
            }
        }
        return decisive.isEmpty ? (!deciding, others) : (deciding, decisive)
    }

    /// The clause for a single comparison, boolean metric or literal.
    private func clause(for node: RuleNode) -> RuleClause {
        let uses = node.metricUses.map { use in
            (name: use.name, value: Rule.lookup(use.name, use.type, in: values))
        }
        switch node {
        case .comparison(let lhs, let op, let rhs):
            let left = Rule.operand(lhs, in: values)
            let right = Rule.operand(rhs, in: values)
            let negation =
                left != nil && right != nil
                ? "\(lhs.renderedAsOperand) \(op.inverse.rawValue) \(rhs.renderedAsOperand)"
                : node.renderedNegation
            return RuleClause(
                condition: node.rendered, negation: negation, uses: uses,
                holds: Rule.compare(left, op, right))
        default:
            return RuleClause(
                condition: node.rendered, negation: node.renderedNegation, uses: uses,
                holds: Rule.truth(of: node, in: values))
        }
    }
}
