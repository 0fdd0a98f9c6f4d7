import PaladinAnalytics
import Testing

@Suite("Parsing")
struct ParseTests {
    @Test(
        "the Paladin examples parse, with the metrics they use",
        arguments: [
            ("purchases >= 2 && days_since_last_purchase <= 365", ["purchases", "days_since_last_purchase"]),
            ("p_alive < 0.3", ["p_alive"]),
            ("complaints_365d >= 3 || profit < 0", ["complaints_365d", "profit"]),
            ("last_score >= 9", ["last_score"]),
            ("!(profit < 0)", ["profit"]),
            ("last_score_segment == \"promoter\"", ["last_score_segment"]),
            ("true", []),
        ])
    func examples(text: String, metrics: [String]) throws {
        let parsed = try rule(text)
        #expect(parsed.metrics == Set(metrics))
        #expect(parsed.text == text)
        #expect(parsed.description == text)
    }

    @Test("canonical text normalises spacing, numbers and redundant parentheses")
    func canonical() throws {
        #expect(try rule("purchases>=2&&days_since_last_purchase<=365.0").canonicalText
            == "purchases >= 2 && days_since_last_purchase <= 365")
        #expect(try rule("((p_alive < 0.30))").canonicalText == "p_alive < 0.3")
        #expect(try rule("!(profit<0)").canonicalText == "!(profit < 0)")
        #expect(try rule("! ! is_vip").canonicalText == "!!is_vip")
        #expect(try rule("(a || b) && c", flags).canonicalText == "(a || b) && c")
        #expect(try rule("a || (b && c)", flags).canonicalText == "a || b && c")
    }

    @Test(
        "canonical text parses back to an equal expression",
        arguments: [
            "purchases >= 2 && days_since_last_purchase <= 365",
            "!(a || b) && !c || (a == (b != c))",
            "last_score_segment != \"say \\\"hi\\\" \\\\ bye\"",
            "(purchases > -1.25) == is_vip",
            "false || 1 < 2",
        ])
    func roundTrip(text: String) throws {
        let rules = MetricSchema(schema.types.merging(flags.types) { first, _ in first })
        let first = try rule(text, rules)
        let second = try rule(first.canonicalText, rules)
        #expect(second.canonicalText == first.canonicalText)
        #expect(second.metrics == first.metrics)
    }

    @Test("whitespace is allowed anywhere between tokens, including tabs and newlines")
    func whitespace() throws {
        let spaced = try rule("  (\tpurchases\n>=\r\n2 )  &&  ! ( profit <0 ) ")
        #expect(spaced.canonicalText == "purchases >= 2 && !(profit < 0)")
        #expect(spaced.evaluate(loyal))
    }

    @Test("numbers: integers, decimals, negatives and leading zeros")
    func numbers() throws {
        #expect(try rule("profit > -3").canonicalText == "profit > -3")
        #expect(try rule("profit > -0.5").canonicalText == "profit > -0.5")
        #expect(try rule("profit >-2").canonicalText == "profit > -2")
        #expect(try rule("p_alive < 007.50").canonicalText == "p_alive < 7.5")
        #expect(try rule("1 < 2").metrics.isEmpty)
    }

    @Test("text literals keep escaped quotes and backslashes")
    func textEscapes() throws {
        let parsed = try rule(#"last_score_segment == "a \"b\" \\ c""#)
        #expect(parsed.evaluate(["last_score_segment": .text(#"a "b" \ c"#)]))
        #expect(parsed.canonicalText == #"last_score_segment == "a \"b\" \\ c""#)
    }

    @Test("equality works on numbers, text and booleans of the same type")
    func equalityTypes() throws {
        _ = try rule("purchases == 2")
        _ = try rule("last_score_segment != \"detractor\"")
        _ = try rule("is_vip == true")
        _ = try rule("(purchases > 1) == (profit > 0)")
        _ = try rule("purchases < profit")
    }

    @Test("a boolean metric can be a condition on its own")
    func booleanMetric() throws {
        let parsed = try rule("is_vip && !false")
        #expect(parsed.metrics == ["is_vip"])
        #expect(parsed.evaluate(loyal))
    }

    @Test("rules are equal when their text and expression are equal")
    func equality() throws {
        #expect(try rule("p_alive < 0.3") == rule("p_alive < 0.3"))
        #expect(try rule("p_alive < 0.3") != rule("p_alive<0.3"))
        #expect(Set([try rule("true"), try rule("true")]).count == 1)
    }
}
