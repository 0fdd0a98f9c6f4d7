import PaladinAnalytics
import Testing

@Suite("Limits on length and nesting")
struct LimitTests {
    private let nestingMessage = "rule is nested too deeply (more than 64 levels of '(' and '!')"

    private func nested(_ levels: Int, _ inner: String = "true") -> String {
        String(repeating: "(", count: levels) + inner + String(repeating: ")", count: levels)
    }

    @Test("the limits are 2,000 characters and 64 levels")
    func constants() {
        #expect(Rule.maximumLength == 2_000)
        #expect(Rule.maximumDepth == 64)
    }

    @Test("64 levels of parentheses are accepted")
    func atDepthLimit() throws {
        let parsed = try rule(nested(64, "purchases >= 2"))
        #expect(parsed.evaluate(loyal))
        #expect(parsed.explain(loyal).text == "purchases >= 2 (purchases = 5)")
    }

    @Test("the 65th '(' is rejected at its column", arguments: [65, 66, 100, 900])
    func beyondDepthLimit(levels: Int) {
        #expect(parseError(nested(levels)) == RuleError(column: 65, message: nestingMessage))
    }

    @Test("unclosed deep nesting is rejected by depth, not by recursion")
    func deepUnclosed() {
        let text = String(repeating: "(", count: 1_999)
        #expect(parseError(text) == RuleError(column: 65, message: nestingMessage))
    }

    @Test("'!' counts towards the depth, alone and mixed with parentheses")
    func negationDepth() throws {
        let sixtyFour = try rule(String(repeating: "!", count: 64) + "true")
        #expect(sixtyFour.evaluate([:]))
        #expect(sixtyFour.explain([:]).text == "true")
        let text = String(repeating: "!", count: 1_500) + "true"
        #expect(parseError(text) == RuleError(column: 65, message: nestingMessage))
        let mixed = String(repeating: "!(", count: 40) + "true" + String(repeating: ")", count: 40)
        #expect(parseError(mixed) == RuleError(column: 65, message: nestingMessage))
    }

    @Test("2,000 characters are accepted, 2,001 are rejected at column 2,001")
    func length() throws {
        let exact = "true" + String(repeating: " ", count: 1_996)
        #expect(try rule(exact).evaluate([:]))
        let tooLong = exact + " "
        let expected = RuleError(column: 2_001, message: "rule is too long (more than 2000 characters)")
        #expect(parseError(tooLong) == expected)
    }

    @Test("a megabyte of hostile input is rejected quickly by length")
    func hugeInput() {
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            #expect(parseError(String(repeating: "(", count: 1_000_000))?.column == 2_001)
            #expect(parseError(String(repeating: "\"", count: 1_000_000))?.column == 2_001)
        }
        #expect(elapsed < .seconds(5))
    }

    @Test("long flat chains of && and || are fine: they add no depth")
    func flatChains() throws {
        var text = "purchases >= 1"
        while text.count < 1_980 { text += " && p_alive > 0 || profit < 0" }
        let parsed = try rule(text)
        #expect(parsed.evaluate(loyal))
        #expect(parsed.explain(loyal).holds)
        #expect(try rule(parsed.canonicalText).canonicalText == parsed.canonicalText)
    }

    @Test("a long unknown name does not make suggestions slow")
    func longName() {
        let name = String(repeating: "p", count: 1_990)
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            #expect(parseError("\(name) > 1")?.message == "unknown metric '\(name)'")
        }
        #expect(elapsed < .seconds(5))
    }
}
