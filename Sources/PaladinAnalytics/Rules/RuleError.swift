/// Why a rule's text was rejected, and where.
///
/// `column` is the 1-based position, counted in characters, of the first character the
/// problem is about; for a rule that ends too early it is one past the last character.
/// The description reads `column N: message`.
public struct RuleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based character position in the rule's text that the problem is about.
    public let column: Int
    /// What is wrong, in words meant for the person who wrote the rule.
    public let message: String

    /// Creates an error at a column with a message.
    public init(column: Int, message: String) {
        self.column = column
        self.message = message
    }

    /// `column N: message`.
    public var description: String {
        "column \(column): \(message)"
    }
}

/// The messages of the errors found in more than one place.
extension RuleError {
    /// A metric that the schema does not have, with a suggestion when one is close.
    static func unknownMetric(_ name: String, column: Int, schema: MetricSchema) -> RuleError {
        var message = "unknown metric '\(name)'"
        if let suggestion = schema.suggestion(for: name) {
            message += " (did you mean '\(suggestion)'?)"
        }
        return RuleError(column: column, message: message)
    }

    /// An operator this language does not have, with the one that was probably meant.
    static func unknownOperator(_ text: String, column: Int, hint: String) -> RuleError {
        RuleError(column: column, message: "unknown operator '\(text)' (\(hint))")
    }

    /// A character that cannot start any part of a rule.
    static func unexpectedCharacter(_ character: Character, column: Int) -> RuleError {
        let scalars = character.unicodeScalars
        let shown: String
        if scalars.count == 1, let scalar = scalars.first,
            scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format
        {
            shown = "U+" + String(scalar.value, radix: 16, uppercase: true)
        } else {
            shown = "'\(character)'"
        }
        return RuleError(column: column, message: "unexpected character \(shown)")
    }

    /// A rule whose value is not `true` or `false`.
    static func notBoolean(_ what: String, type: ValueType, column: Int) -> RuleError {
        RuleError(column: column, message: "a rule must be true or false; \(what) is \(type.phrase)")
    }

    /// An operand of `&&`, `||` or `!` that is not `true` or `false`.
    static func logicNeedsBoolean(_ op: String, what: String, type: ValueType, column: Int) -> RuleError {
        RuleError(column: column, message: "'\(op)' needs true or false; \(what) is \(type.phrase)")
    }

    /// A true-or-false value where a number is needed.
    static func booleanAsNumber(_ what: String, column: Int) -> RuleError {
        RuleError(column: column, message: "\(what) is true or false, not a number")
    }
}
