import PaladinAnalytics
import Testing

@Suite("Evaluation")
struct EvaluateTests {
    @Test(
        "the Paladin examples, for a loyal and a lapsed customer",
        arguments: [
            ("purchases >= 2 && days_since_last_purchase <= 365", true, false),
            ("p_alive < 0.3", false, true),
            ("complaints_365d >= 3 || profit < 0", false, true),
            ("last_score >= 9", true, false),
            ("!(profit < 0)", true, false),
            ("last_score_segment == \"promoter\"", true, false),
            ("true", true, true),
        ])
    func examples(text: String, forLoyal: Bool, forLapsed: Bool) throws {
        let parsed = try rule(text)
        #expect(parsed.evaluate(loyal) == forLoyal)
        #expect(parsed.evaluate(lapsed) == forLapsed)
    }

    @Test("&& binds tighter than ||, ! tighter than both: the full truth table")
    func precedence() throws {
        let orAnd = try rule("a || b && c", flags)
        let notAnd = try rule("!a && b", flags)
        let andOr = try rule("a && b || c", flags)
        for bits in 0..<8 {
            let (a, b, c) = (bits & 1 != 0, bits & 2 != 0, bits & 4 != 0)
            let values: [String: MetricValue] = ["a": .boolean(a), "b": .boolean(b), "c": .boolean(c)]
            #expect(orAnd.evaluate(values) == (a || (b && c)))
            #expect(notAnd.evaluate(values) == ((!a) && b))
            #expect(andOr.evaluate(values) == ((a && b) || c))
        }
    }

    @Test("every comparison operator on numbers, text and booleans")
    func operators() throws {
        let values: [String: MetricValue] = [
            "purchases": .number(2), "last_score_segment": .text("passive"), "is_vip": .boolean(false),
        ]
        let expectations: [(String, Bool)] = [
            ("purchases < 2", false), ("purchases <= 2", true), ("purchases > 1.5", true),
            ("purchases >= 2.5", false), ("purchases == 2.0", true), ("purchases != 2", false),
            ("last_score_segment == \"passive\"", true), ("last_score_segment != \"passive\"", false),
            ("is_vip == false", true), ("is_vip != true", true), ("(purchases > 1) == true", true),
            ("-1 < 0", true), ("\"a\" == \"a\"", true), ("false", false),
        ]
        for (text, expected) in expectations {
            #expect(try rule(text).evaluate(values) == expected, "\(text)")
        }
    }

    @Test("a comparison with a missing metric is false, whatever the operator")
    func missingIsFalse() throws {
        for op in ["<", "<=", ">", ">=", "==", "!="] {
            #expect(try rule("last_score \(op) 9").evaluate(lapsed) == false, "last_score \(op) 9")
            #expect(try rule("last_score \(op) last_score").evaluate(lapsed) == false)
        }
        #expect(try rule("last_score_segment != \"promoter\"").evaluate(lapsed) == false)
        #expect(try rule("is_vip").evaluate([:]) == false)
    }

    @Test("! inverts the false of a missing comparison, so !(missing > 1) is true")
    func negatedMissingIsTrue() throws {
        #expect(try rule("!(last_score > 1)").evaluate(lapsed))
        #expect(try rule("!(last_score <= 1)").evaluate(lapsed))
        #expect(try rule("!is_vip").evaluate([:]))
        #expect(try rule("!!(last_score > 1)").evaluate(lapsed) == false)
    }

    @Test("a missing metric inside && and || only decides its own comparison")
    func missingInCompound() throws {
        #expect(try rule("last_score >= 9 || purchases >= 1").evaluate(lapsed))
        #expect(try rule("last_score >= 9 && purchases >= 1").evaluate(lapsed) == false)
        #expect(try rule("(last_score >= 9) == false").evaluate(lapsed))
    }

    @Test("NaN and values of the wrong type count as missing")
    func unusableValues() throws {
        let nan: [String: MetricValue] = ["profit": .number(.nan)]
        #expect(try rule("profit < 0").evaluate(nan) == false)
        #expect(try rule("profit != 0").evaluate(nan) == false)
        #expect(try rule("!(profit >= 0)").evaluate(nan))
        let wrong: [String: MetricValue] = ["purchases": .text("5"), "is_vip": .number(1)]
        #expect(try rule("purchases >= 2").evaluate(wrong) == false)
        #expect(try rule("is_vip").evaluate(wrong) == false)
    }

    @Test("infinite values compare as numbers")
    func infinity() throws {
        let never: [String: MetricValue] = ["days_since_last_purchase": .number(.infinity)]
        #expect(try rule("days_since_last_purchase > 365").evaluate(never))
        #expect(try rule("days_since_last_purchase <= 365").evaluate(never) == false)
    }

    @Test("extra metrics in the values are ignored")
    func extraValues() throws {
        var values = loyal
        values["unrelated"] = .text("x")
        #expect(try rule("purchases >= 2").evaluate(values))
    }
}
