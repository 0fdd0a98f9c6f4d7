import PaladinAnalytics
import Testing

@Suite("Errors in structure and types")
struct StructureErrorTests {
    private static let expected = "expected a metric, a number, text, true, false or '(' but found"

    @Test(
        "structural errors have their column and message",
        arguments: [
            ("", 1, "empty rule"),
            ("   \n\t", 1, "empty rule"),
            ("(purchases >= 2", 1, "unbalanced parentheses: '(' is never closed"),
            ("((purchases >= 2)", 1, "unbalanced parentheses: '(' is never closed"),
            ("purchases >= 2)", 15, "unbalanced parentheses: ')' has no matching '('"),
            ("(purchases >= 2 profit)", 17, "expected '&&', '||' or ')' but found 'profit'"),
            ("purchases >= 2 profit", 16, "unexpected 'profit'; expected '&&', '||' or the end of the rule"),
            ("true false", 6, "unexpected 'false'; expected '&&', '||' or the end of the rule"),
            ("is_vip \"x\"", 8, "unexpected \"x\"; expected '&&', '||' or the end of the rule"),
            ("purchases >=", 13, Self.expected + " the end of the rule"),
            ("purchases >= 2 &&", 18, Self.expected + " the end of the rule"),
            (">= 2", 1, Self.expected + " '>='"),
            ("()", 2, Self.expected + " ')'"),
            ("purchases >= 2 && || true", 19, Self.expected + " '||'"),
            ("!", 2, Self.expected + " the end of the rule"),
        ])
    func structure(text: String, column: Int, message: String) {
        #expect(parseError(text) == RuleError(column: column, message: message), "\(text)")
    }

    @Test(
        "type errors have their column and message",
        arguments: [
            ("purchases == \"x\"", 11, "cannot compare number 'purchases' with text \"x\""),
            ("\"x\" != profit", 5, "cannot compare text \"x\" with number 'profit'"),
            ("is_vip == \"yes\"", 8, "cannot compare boolean 'is_vip' with text \"yes\""),
            ("last_score_segment > \"a\"", 20, "'>' needs numbers; 'last_score_segment' is text"),
            ("(purchases > 1) > 0", 1, "'(purchases > 1)' is true or false, not a number"),
            ("purchases > (profit < 0)", 13, "'(profit < 0)' is true or false, not a number"),
            ("(purchases > 1) == 1", 1, "'(purchases > 1)' is true or false, not a number"),
            ("is_vip == 1", 1, "'is_vip' is true or false, not a number"),
            ("true < false", 1, "true is true or false, not a number"),
            ("purchases > 1 > 0", 15, "comparisons cannot be chained; 'purchases > 1' is true or false, not a number"),
            ("purchases && profit", 1, "'&&' needs true or false; 'purchases' is a number"),
            ("is_vip && profit", 11, "'&&' needs true or false; 'profit' is a number"),
            ("p_alive < 0.3 || profit", 18, "'||' needs true or false; 'profit' is a number"),
            ("last_score_segment || is_vip", 1, "'||' needs true or false; 'last_score_segment' is text"),
            ("!purchases", 2, "'!' needs true or false; 'purchases' is a number"),
            ("!(purchases)", 2, "'!' needs true or false; 'purchases' is a number"),
            ("purchases", 1, "a rule must be true or false; 'purchases' is a number"),
            ("(profit)", 1, "a rule must be true or false; 'profit' is a number"),
            ("\"promoter\"", 1, "a rule must be true or false; \"promoter\" is text"),
            ("  42", 3, "a rule must be true or false; 42 is a number"),
        ])
    func types(text: String, column: Int, message: String) {
        #expect(parseError(text) == RuleError(column: column, message: message), "\(text)")
    }

    @Test("errors are plain values: equatable and sendable across tasks")
    func errorsAreValues() async {
        let error = await Task { parseError("purchases") }.value
        #expect(error == RuleError(column: 1, message: "a rule must be true or false; 'purchases' is a number"))
        #expect(error != RuleError(column: 2, message: "a rule must be true or false; 'purchases' is a number"))
    }

    @Test("rules are sendable and can be evaluated concurrently")
    func concurrentEvaluation() async throws {
        let parsed = try rule("purchases >= 2 && days_since_last_purchase <= 365")
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<50 {
                group.addTask { parsed.evaluate(index.isMultiple(of: 2) ? loyal : lapsed) }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 25)
    }
}
