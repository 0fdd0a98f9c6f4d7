import PaladinAnalytics
import Testing

@Suite("Formatting values in explanations")
struct FormattingTests {
    @Test(
        "numbers: integers without .0, others with at most four decimals",
        arguments: [
            (5.0, "5"), (-3.0, "-3"), (0.0, "0"), (-0.0, "0"), (365.0, "365"), (120.5, "120.5"),
            (0.123456, "0.1235"), (0.82, "0.82"), (0.1 + 0.2, "0.3"), (2.00004, "2"), (0.99999, "1"),
            (-0.27346, "-0.2735"), (1234567.891, "1234567.891"), (-0.00001, "-0.00001"),
            (0.000012346, "0.00001235"), (0.00004999, "0.00004999"), (1e20, "1e+20"),
            (1e-30, "1e-30"), (Double.infinity, "inf"), (-Double.infinity, "-inf"),
            (999_999_999_999_999, "999999999999999"),
        ])
    func numbers(value: Double, expected: String) {
        #expect(MetricValue.number(value).description == expected)
    }

    @Test("text is quoted with escapes, booleans are plain")
    func textAndBooleans() {
        #expect(MetricValue.text("promoter").description == "\"promoter\"")
        #expect(MetricValue.text(#"say "hi" \ bye"#).description == #""say \"hi\" \\ bye""#)
        #expect(MetricValue.boolean(true).description == "true")
        #expect(MetricValue.boolean(false).description == "false")
    }

    @Test("values know their types and compare by value")
    func types() {
        #expect(MetricValue.number(1).type == .number)
        #expect(MetricValue.text("").type == .text)
        #expect(MetricValue.boolean(true).type == .boolean)
        #expect(ValueType(rawValue: "number") == .number)
        #expect(ValueType.allCases.count == 3)
        #expect(MetricValue.number(2) != MetricValue.text("2"))
    }

    @Test("rule literals keep their exact value in facts")
    func literalsInFacts() throws {
        let explanation = try rule("p_alive < 0.123456").explain(["p_alive": .number(0.1)])
        #expect(explanation.text == "p_alive < 0.123456 (p_alive = 0.1)")
    }

    @Test("schemas list their names sorted and answer types")
    func schemaLookup() {
        #expect(flags.names == ["a", "b", "c"])
        #expect(schema.type(of: "last_score_segment") == .text)
        #expect(schema.type(of: "nope") == nil)
        #expect(MetricSchema([:]).names.isEmpty)
    }
}
