/// Recursive-descent parser that type-checks as it goes.
///
/// ```
/// or         := and ('||' and)*
/// and        := unary ('&&' unary)*
/// unary      := '!' unary | comparison
/// comparison := operand (('<'|'<='|'>'|'>='|'=='|'!=') operand)?
/// operand    := number | "string" | true | false | identifier | '(' or ')'
/// ```
struct RuleParser {
    /// A parsed expression and the columns it spans (`end` exclusive).
    private struct Parsed {
        let node: RuleNode
        let start: Int
        let end: Int
    }

    private var lexer: RuleLexer
    private var token: RuleToken
    private let schema: MetricSchema
    /// Parentheses and `!` currently open.
    private var depth = 0

    private init(_ characters: [Character], schema: MetricSchema) throws(RuleError) {
        lexer = RuleLexer(characters)
        token = RuleToken(kind: .end, column: 1, lexeme: "")
        self.schema = schema
        token = try lexer.next()
    }

    /// Parses and type-checks a whole rule, which must be true or false.
    static func parse(_ characters: [Character], schema: MetricSchema) throws(RuleError) -> RuleNode {
        var parser = try RuleParser(characters, schema: schema)
        guard parser.token.kind != .end else { throw RuleError(column: 1, message: "empty rule") }
        let parsed = try parser.parseOr()
        let token = parser.token
        switch token.kind {
        case .end:
            break
        case .rightParenthesis:
            throw RuleError(column: token.column, message: "unbalanced parentheses: ')' has no matching '('")
        default:
            throw RuleError(
                column: token.column,
                message: "unexpected \(token.shown); expected '&&', '||' or the end of the rule")
        }
        guard parsed.node.type == .boolean else {
            throw .notBoolean(parser.describe(parsed), type: parsed.node.type, column: parsed.start)
        }
        return parsed.node
    }

    private mutating func advance() throws(RuleError) {
        token = try lexer.next()
    }

    private mutating func parseOr() throws(RuleError) -> Parsed {
        let first = try parseAnd()
        guard token.kind == .or else { return first }
        var nodes = [try requireBoolean(first, for: "||")]
        var last = first
        while token.kind == .or {
            try advance()
            last = try parseAnd()
            nodes.append(try requireBoolean(last, for: "||"))
        }
        return Parsed(node: .any(nodes), start: first.start, end: last.end)
    }

    private mutating func parseAnd() throws(RuleError) -> Parsed {
        let first = try parseUnary()
        guard token.kind == .and else { return first }
        var nodes = [try requireBoolean(first, for: "&&")]
        var last = first
        while token.kind == .and {
            try advance()
            last = try parseUnary()
            nodes.append(try requireBoolean(last, for: "&&"))
        }
        return Parsed(node: .all(nodes), start: first.start, end: last.end)
    }

    private mutating func parseUnary() throws(RuleError) -> Parsed {
        guard token.kind == .not else { return try parseComparison() }
        let start = token.column
        try enter(at: start)
        try advance()
        let inner = try parseUnary()
        depth -= 1
        return Parsed(node: .not(try requireBoolean(inner, for: "!")), start: start, end: inner.end)
    }

    private mutating func parseComparison() throws(RuleError) -> Parsed {
        let lhs = try parseOperand()
        guard case .comparator(let op) = token.kind else { return lhs }
        let opColumn = token.column
        try advance()
        let rhs = try parseOperand()
        try check(lhs, op, rhs, opColumn: opColumn)
        let result = Parsed(node: .comparison(lhs.node, op, rhs.node), start: lhs.start, end: rhs.end)
        if case .comparator = token.kind {
            throw RuleError(
                column: token.column,
                message: "comparisons cannot be chained; '\(source(result))' is true or false, not a number")
        }
        return result
    }

    private mutating func parseOperand() throws(RuleError) -> Parsed {
        let current = token
        let start = current.column
        let end = start + current.lexeme.count
        switch current.kind {
        case .number(let number):
            try advance()
            return Parsed(node: .literal(.number(number)), start: start, end: end)
        case .text(let text):
            try advance()
            return Parsed(node: .literal(.text(text)), start: start, end: end)
        case .boolean(let flag):
            try advance()
            return Parsed(node: .literal(.boolean(flag)), start: start, end: end)
        case .identifier(let name):
            guard let type = schema.type(of: name) else {
                throw .unknownMetric(name, column: start, schema: schema)
            }
            try advance()
            return Parsed(node: .metric(name, type), start: start, end: end)
        case .leftParenthesis:
            try enter(at: start)
            try advance()
            let inner = try parseOr()
            guard token.kind == .rightParenthesis else {
                if token.kind == .end {
                    throw RuleError(column: start, message: "unbalanced parentheses: '(' is never closed")
                }
                throw RuleError(column: token.column, message: "expected '&&', '||' or ')' but found \(token.shown)")
            }
            let close = token.column
            try advance()
            depth -= 1
            return Parsed(node: inner.node, start: start, end: close + 1)
        default:
            throw RuleError(
                column: start,
                message: "expected a metric, a number, text, true, false or '(' but found \(current.shown)")
        }
    }

    /// Opens one level of parentheses or `!`, refusing to go deeper than the limit.
    private mutating func enter(at column: Int) throws(RuleError) {
        depth += 1
        guard depth <= Rule.maximumDepth else {
            throw RuleError(
                column: column,
                message: "rule is nested too deeply (more than \(Rule.maximumDepth) levels of '(' and '!')")
        }
    }

    /// The operand's node, which must be true or false to be used with a logical operator.
    private func requireBoolean(_ parsed: Parsed, for op: String) throws(RuleError) -> RuleNode {
        guard parsed.node.type == .boolean else {
            throw .logicNeedsBoolean(op, what: describe(parsed), type: parsed.node.type, column: parsed.start)
        }
        return parsed.node
    }

    /// Checks that a comparison's operands have types the operator accepts.
    private func check(_ lhs: Parsed, _ op: RuleComparator, _ rhs: Parsed, opColumn: Int) throws(RuleError) {
        let (left, right) = (lhs.node.type, rhs.node.type)
        for (side, other) in [(lhs, right), (rhs, left)]
        where side.node.type == .boolean && (op.isOrdering || other == .number) {
            throw .booleanAsNumber(describe(side), column: side.start)
        }
        guard left == right else {
            throw RuleError(
                column: opColumn,
                message: "cannot compare \(left.rawValue) \(describe(lhs)) with \(right.rawValue) \(describe(rhs))")
        }
        guard !op.isOrdering || left == .number else {
            throw RuleError(column: opColumn, message: "'\(op.rawValue)' needs numbers; \(describe(lhs)) is text")
        }
    }

    /// How an operand is named in messages: `'metric'`, a literal as written, or `'(…)'`.
    private func describe(_ parsed: Parsed) -> String {
        switch parsed.node {
        case .metric(let name, _): "'\(name)'"
        case .literal: parsed.node.rendered
        default: "'\(source(parsed))'"
        }
    }

    private func source(_ parsed: Parsed) -> String {
        lexer.source(from: parsed.start, to: parsed.end)
    }
}
