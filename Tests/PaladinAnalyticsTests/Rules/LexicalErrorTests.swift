import PaladinAnalytics
import Testing

@Suite("Errors in words, operators, characters, strings and numbers")
struct LexicalErrorTests {
    @Test(
        "each error has its column and message",
        arguments: [
            ("purchace >= 2", 1, "unknown metric 'purchace' (did you mean 'purchases'?)"),
            ("purchases >= 2 && profitt < 0", 19, "unknown metric 'profitt' (did you mean 'profit'?)"),
            ("p_alvie < 0.3", 1, "unknown metric 'p_alvie' (did you mean 'p_alive'?)"),
            ("revenue > 0", 1, "unknown metric 'revenue'"),
            ("purchases = 2", 11, "unknown operator '=' (use '==' to compare)"),
            ("purchases >= 2 & profit < 0", 16, "unknown operator '&' (use '&&')"),
            ("purchases >= 2 | profit < 0", 16, "unknown operator '|' (use '||')"),
            ("purchases >= 2 and profit < 0", 16, "unknown operator 'and' (use '&&')"),
            ("purchases >= 2 or profit < 0", 16, "unknown operator 'or' (use '||')"),
            ("not is_vip", 1, "unknown operator 'not' (use '!')"),
            ("purchases <> 2", 11, "unknown operator '<>' (use '!=')"),
            ("purchases => 2", 11, "unknown operator '=>' (use '>=')"),
            ("purchases =< 2", 11, "unknown operator '=<' (use '<=')"),
            ("purchases === 2", 13, "unknown operator '=' (use '==' to compare)"),
            ("purchases + 1 > 2", 11, "unknown operator '+' (arithmetic is not supported)"),
            ("profit - 1 > 2", 8, "unknown operator '-' (arithmetic is not supported)"),
            ("purchases # 2", 11, "unexpected character '#'"),
            ("purchases\u{0} > 1", 10, "unexpected character U+0"),
            ("purchases > 1 ✓", 15, "unexpected character '✓'"),
            ("last_score_segment == 'x'", 23, "unexpected character \"'\" (text is written in double quotes)"),
            ("last_score_segment == \"promoter", 23, "unterminated string"),
            ("last_score_segment == \"a\\\"", 23, "unterminated string"),
            ("last_score_segment == \"a\\n\"", 25, "unknown escape '\\n' in text"),
            ("purchases >= 1.2.3", 14, "malformed number '1.2.3'"),
            ("purchases >= 2x", 14, "malformed number '2x'"),
            ("purchases >= 1.", 14, "malformed number '1.'"),
            ("purchases >= .5", 14, "malformed number '.5'"),
            ("purchases >= 1..2", 14, "malformed number '1..2'"),
            ("Purchases >= 2", 1, "invalid name 'Purchases' (names use lowercase letters, digits and '_')"),
            ("purchases >= 2 && TRUE", 19, "invalid name 'TRUE' (names use lowercase letters, digits and '_')"),
        ])
    func lexical(text: String, column: Int, message: String) {
        let error = parseError(text)
        #expect(error == RuleError(column: column, message: message), "\(text)")
    }

    @Test("the description reads 'column N: message'")
    func description() {
        let error = parseError("purchace >= 2")
        #expect(error?.description == "column 1: unknown metric 'purchace' (did you mean 'purchases'?)")
    }

    @Test("suggestions need an edit distance of at most 2 and prefer the closest name")
    func suggestions() {
        let close = MetricSchema(["score": .number, "scores": .number, "store": .number])
        #expect(parseError("scor > 1", close)?.message == "unknown metric 'scor' (did you mean 'score'?)")
        #expect(parseError("sorce > 1", close)?.message == "unknown metric 'sorce' (did you mean 'score'?)")
        #expect(parseError("scxxxs > 1", close)?.message == "unknown metric 'scxxxs'")
        #expect(parseError("x > 1", MetricSchema([:]))?.message == "unknown metric 'x'")
    }

    @Test("a number too large for a Double is rejected")
    func hugeNumber() {
        let digits = "1" + String(repeating: "0", count: 400)
        let error = parseError("purchases < \(digits)")
        #expect(error?.column == 13)
        #expect(error?.message == "number '\(digits)' is too large")
    }

    @Test("the first problem in reading order is the one reported")
    func firstProblemWins() {
        #expect(parseError("purchace = 1")?.column == 1)
        #expect(parseError("purchases = purchace")?.column == 11)
        #expect(parseError("(purchases >= 2 && \"open")?.message == "unterminated string")
    }

    @Test("columns count characters, not bytes")
    func columnsAreCharacters() {
        #expect(parseError("last_score_segment == \"café\" && é")?.column == 33)
    }
}
