/// The six comparison operators.
enum RuleComparator: String, Sendable, Hashable, CaseIterable {
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case equal = "=="
    case notEqual = "!="

    /// Whether the operator orders its operands, and so needs numbers.
    var isOrdering: Bool {
        switch self {
        case .less, .lessOrEqual, .greater, .greaterOrEqual: true
        case .equal, .notEqual: false
        }
    }

    /// The operator that holds exactly when this one does not, for values that are present
    /// (numbers are never `NaN` by then): `<` and `>=`, `>` and `<=`, `==` and `!=`.
    var inverse: RuleComparator {
        switch self {
        case .less: .greaterOrEqual
        case .lessOrEqual: .greater
        case .greater: .lessOrEqual
        case .greaterOrEqual: .less
        case .equal: .notEqual
        case .notEqual: .equal
        }
    }

    /// Applies the operator to two numbers.
    func compare(_ a: Double, _ b: Double) -> Bool {
        switch self {
        case .less: a < b
        case .lessOrEqual: a <= b
        case .greater: a > b
        case .greaterOrEqual: a >= b
        case .equal: a == b
        case .notEqual: a != b
        }
    }
}

/// What a token is.
enum RuleTokenKind: Sendable, Equatable {
    case number(Double)
    case text(String)
    case identifier(String)
    case boolean(Bool)
    case comparator(RuleComparator)
    case not
    case and
    case or
    case leftParenthesis
    case rightParenthesis
    case end
}

/// One token of a rule, with the 1-based column of its first character and its source text.
struct RuleToken: Sendable, Equatable {
    let kind: RuleTokenKind
    let column: Int
    /// The characters the token was read from (empty for the end of the rule).
    let lexeme: String

    /// How the token is named in error messages.
    var shown: String {
        switch kind {
        case .end: "the end of the rule"
        case .text: lexeme
        default: "'\(lexeme)'"
        }
    }
}
