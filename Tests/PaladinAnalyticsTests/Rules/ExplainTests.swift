import PaladinAnalytics
import Testing

@Suite("Explanations")
struct ExplainTests {
    @Test(
        "the Paladin examples that hold are explained by the values that made them true",
        arguments: [
            (
                "purchases >= 2 && days_since_last_purchase <= 365", loyal,
                "purchases >= 2 (purchases = 5) and days_since_last_purchase <= 365 (days_since_last_purchase = 40)"
            ),
            ("p_alive < 0.3", lapsed, "p_alive < 0.3 (p_alive = 0.1235)"),
            ("complaints_365d >= 3 || profit < 0", lapsed, "complaints_365d >= 3 (complaints_365d = 4)"),
            ("last_score >= 9", loyal, "last_score >= 9 (last_score = 10)"),
            ("!(profit < 0)", loyal, "profit >= 0 (profit = 120.5)"),
            (
                "last_score_segment == \"promoter\"", loyal,
                "last_score_segment == \"promoter\" (last_score_segment = \"promoter\")"
            ),
            ("true", [:], "true"),
        ])
    func examples(text: String, values: [String: MetricValue], expected: String) throws {
        let explanation = try rule(text).explain(values)
        #expect(explanation.holds)
        #expect(explanation.text == expected)
        #expect(explanation.description == "holds: " + expected)
        #expect(explanation.facts.allSatisfy { $0.holds })
    }

    @Test("|| is explained by its first true branch only")
    func firstTrueBranch() throws {
        var values = lapsed
        values["complaints_365d"] = .number(1)
        let explanation = try rule("complaints_365d >= 3 || profit < 0").explain(values)
        #expect(explanation.text == "profit < 0 (profit = -10)")
        #expect(explanation.facts.count == 1)
    }

    @Test("a rule that does not hold lists the conditions that failed")
    func whyNot() throws {
        let both = try rule("purchases >= 2 && days_since_last_purchase <= 365").explain(lapsed)
        #expect(!both.holds)
        #expect(
            both.text
                == "purchases >= 2 (purchases = 1) and "
                + "days_since_last_purchase <= 365 (days_since_last_purchase = 400)")
        #expect(both.description.hasPrefix("does not hold: "))
        #expect(both.facts.allSatisfy { !$0.holds })
        let either = try rule("complaints_365d >= 3 || profit < 0").explain(loyal)
        #expect(either.text == "complaints_365d >= 3 (complaints_365d = 0) and profit < 0 (profit = 120.5)")
        let one = try rule("purchases >= 2 && days_since_last_purchase <= 365 && profit > 0").explain(lapsed)
        #expect(one.facts.map(\.condition) == ["purchases >= 2", "days_since_last_purchase <= 365", "profit > 0"])
    }

    @Test("missing metrics are shown as 'no value', and stored as nil")
    func missing() throws {
        let explanation = try rule("last_score >= 9").explain(lapsed)
        #expect(!explanation.holds)
        #expect(explanation.text == "last_score >= 9 (last_score: no value)")
        #expect(explanation.facts.first?.metrics == ["last_score": nil])
        let negated = try rule("!(last_score >= 9)").explain(lapsed)
        #expect(negated.holds)
        #expect(negated.text == "!(last_score >= 9) (last_score: no value)")
    }

    @Test("facts carry their condition, their metrics' values and whether they hold")
    func structuredFacts() throws {
        let explanation = try rule("purchases < profit && p_alive > 0.5").explain(loyal)
        let first = try #require(explanation.facts.first)
        #expect(first.condition == "purchases < profit")
        #expect(first.metrics == ["purchases": .number(5), "profit": .number(120.5)])
        #expect(first.holds)
        #expect(first.text == "purchases < profit (purchases = 5, profit = 120.5)")
        #expect(first.description == first.text)
    }

    @Test("! restates the deciding conditions the way they were decided")
    func negation() throws {
        let notBoth = try rule("!(purchases >= 2 && profit > 0)").explain(lapsed)
        #expect(notBoth.holds)
        #expect(notBoth.text == "purchases < 2 (purchases = 1)")
        let neither = try rule("!(complaints_365d >= 3 || profit < 0)").explain(loyal)
        #expect(neither.text == "complaints_365d < 3 (complaints_365d = 0) and profit >= 0 (profit = 120.5)")
        let twice = try rule("!!(p_alive < 0.3)").explain(lapsed)
        #expect(twice.text == "p_alive < 0.3 (p_alive = 0.1235)")
        let notText = try rule("!(last_score_segment == \"detractor\")").explain(loyal)
        #expect(notText.text == "last_score_segment != \"detractor\" (last_score_segment = \"promoter\")")
        let flag = try rule("!is_vip").explain(lapsed)
        #expect(flag.text == "!is_vip (is_vip: no value)")
    }

    @Test("nested && inside || is explained in full for the branch that held")
    func nested() throws {
        let parsed = try rule("p_alive < 0.3 || purchases >= 2 && (last_score >= 9 || is_vip)")
        #expect(parsed.explain(loyal).text == "purchases >= 2 (purchases = 5) and last_score >= 9 (last_score = 10)")
        #expect(parsed.explain(lapsed).text == "p_alive < 0.3 (p_alive = 0.1235)")
    }

    @Test("conditions without metrics, compound operands and repeated conditions")
    func oddShapes() throws {
        #expect(try rule("1 < 2").explain([:]).text == "1 < 2")
        #expect(try rule("false").explain([:]).text == "false")
        #expect(try rule("false").explain([:]).holds == false)
        let compound = try rule("(purchases > 1) == is_vip").explain(loyal)
        #expect(compound.text == "(purchases > 1) == is_vip (purchases = 5, is_vip = true)")
        let repeated = try rule("purchases > 1 && purchases > 1").explain(loyal)
        #expect(repeated.facts.count == 1)
    }

    @Test("explain always agrees with evaluate")
    func agreesWithEvaluate() throws {
        let texts = [
            "a || b && c", "!(a && b) || !c", "(a == b) != c", "!(!a || (b && !c))", "a && b && c || !a",
        ]
        for text in texts {
            let parsed = try rule(text, flags)
            for bits in 0..<27 {
                var values: [String: MetricValue] = [:]
                for (offset, name) in ["a", "b", "c"].enumerated() {
                    let digit = bits / [1, 3, 9][offset] % 3
                    if digit < 2 { values[name] = .boolean(digit == 1) }
                }
                let explanation = parsed.explain(values)
                #expect(explanation.holds == parsed.evaluate(values))
                #expect(explanation.facts.allSatisfy { $0.holds == explanation.holds })
                #expect(!explanation.facts.isEmpty)
            }
        }
    }
}
