/// Splits a rule's text into tokens on demand, so the first problem in reading order is the
/// one reported.
struct RuleLexer {
    /// The rule's characters; columns are indexes into this array plus one.
    let characters: [Character]
    private var index = 0

    init(_ characters: [Character]) {
        self.characters = characters
    }

    /// The source text between two 1-based columns (`end` exclusive).
    func source(from start: Int, to end: Int) -> String {
        String(characters[(start - 1)..<(end - 1)])
    }

    /// Reads the next token, or `.end` after the last one.
    mutating func next() throws(RuleError) -> RuleToken {
        while index < characters.count, characters[index].isWhitespace { index += 1 }
        guard index < characters.count else {
            return RuleToken(kind: .end, column: characters.count + 1, lexeme: "")
        }
        let start = index
        let character = characters[index]
        let following = index + 1 < characters.count ? characters[index + 1] : nil
        if character.isRuleDigit || (character == "-" && following?.isRuleDigit == true)
            || (character == "." && following?.isRuleDigit == true)
        {
            return try number()
        }
        if character.isRuleNameStart { return try word() }
        if character == "\"" { return try text() }
        index += 1
        func token(_ kind: RuleTokenKind, length: Int = 1) -> RuleToken {
            index = start + length
            return RuleToken(kind: kind, column: start + 1, lexeme: String(characters[start..<index]))
        }
        func bad(_ text: String, _ hint: String) -> RuleError {
            RuleError.unknownOperator(text, column: start + 1, hint: hint)
        }
        switch (character, following) {
        case ("(", _): return token(.leftParenthesis)
        case (")", _): return token(.rightParenthesis)
        case ("<", "="): return token(.comparator(.lessOrEqual), length: 2)
        case ("<", ">"): throw bad("<>", "use '!='")
        case ("<", _): return token(.comparator(.less))
        case (">", "="): return token(.comparator(.greaterOrEqual), length: 2)
        case (">", _): return token(.comparator(.greater))
        case ("=", "="): return token(.comparator(.equal), length: 2)
        case ("=", "<"): throw bad("=<", "use '<='")
        case ("=", ">"): throw bad("=>", "use '>='")
        case ("=", _): throw bad("=", "use '==' to compare")
        case ("!", "="): return token(.comparator(.notEqual), length: 2)
        case ("!", _): return token(.not)
        case ("&", "&"): return token(.and, length: 2)
        case ("&", _): throw bad("&", "use '&&'")
        case ("|", "|"): return token(.or, length: 2)
        case ("|", _): throw bad("|", "use '||'")
        case ("+", _), ("-", _), ("*", _), ("/", _), ("%", _), ("^", _):
            throw bad(String(character), "arithmetic is not supported")
        case ("'", _):
            throw RuleError(column: start + 1, message: "unexpected character \"'\" (text is written in double quotes)")
        default:
            throw RuleError.unexpectedCharacter(character, column: start + 1)
        }
    }

    /// `-`? digits (`.` digits)?; anything number-like glued to it makes it malformed.
    private mutating func number() throws(RuleError) -> RuleToken {
        let start = index
        if characters[index] == "-" { index += 1 }
        skip(while: \.isRuleDigit)
        if index + 1 < characters.count, characters[index] == ".", characters[index + 1].isRuleDigit {
            index += 1
            skip(while: \.isRuleDigit)
        }
        let digitsEnd = index
        skip { $0.isRuleNamePart || $0 == "." }
        let lexeme = String(characters[start..<index])
        guard digitsEnd == index, characters[start] != ".", let value = Double(lexeme) else {
            throw RuleError(column: start + 1, message: "malformed number '\(lexeme)'")
        }
        guard value.isFinite else {
            throw RuleError(column: start + 1, message: "number '\(lexeme)' is too large")
        }
        return RuleToken(kind: .number(value), column: start + 1, lexeme: lexeme)
    }

    /// An identifier, `true`, `false`, or a rejected word operator such as `and`.
    private mutating func word() throws(RuleError) -> RuleToken {
        let start = index
        skip(while: \.isRuleNamePart)
        let lexeme = String(characters[start..<index])
        let column = start + 1
        if lexeme.contains(where: { $0.isUppercase }) {
            throw RuleError(
                column: column,
                message: "invalid name '\(lexeme)' (names use lowercase letters, digits and '_')")
        }
        switch lexeme {
        case "true": return RuleToken(kind: .boolean(true), column: column, lexeme: lexeme)
        case "false": return RuleToken(kind: .boolean(false), column: column, lexeme: lexeme)
        case "and": throw RuleError.unknownOperator(lexeme, column: column, hint: "use '&&'")
        case "or": throw RuleError.unknownOperator(lexeme, column: column, hint: "use '||'")
        case "not": throw RuleError.unknownOperator(lexeme, column: column, hint: "use '!'")
        default: return RuleToken(kind: .identifier(lexeme), column: column, lexeme: lexeme)
        }
    }

    /// A double-quoted string; `\"` and `\\` are the only escapes.
    private mutating func text() throws(RuleError) -> RuleToken {
        let start = index
        var value = ""
        index += 1
        while index < characters.count {
            let character = characters[index]
            if character == "\"" {
                index += 1
                let lexeme = String(characters[start..<index])
                return RuleToken(kind: .text(value), column: start + 1, lexeme: lexeme)
            }
            if character == "\\", index + 1 < characters.count {
                let escaped = characters[index + 1]
                guard escaped == "\"" || escaped == "\\" else {
                    throw RuleError(column: index + 1, message: "unknown escape '\\\(escaped)' in text")
                }
                value.append(escaped)
                index += 2
                continue
            }
            value.append(character)
            index += 1
        }
        throw RuleError(column: start + 1, message: "unterminated string")
    }

    private mutating func skip(while predicate: (Character) -> Bool) {
        while index < characters.count, predicate(characters[index]) { index += 1 }
    }
}

/// Character classes of the rule language, which are ASCII only.
extension Character {
    fileprivate var isRuleDigit: Bool { isASCII && isNumber }
    fileprivate var isRuleNameStart: Bool { isASCII && (isLetter || self == "_") }
    fileprivate var isRuleNamePart: Bool { isASCII && (isLetter || isNumber || self == "_") }
}
