import PaladinAnalytics
import Testing

/// Found by fuzzing (scripts/fuzz.sh rules): numbers that Swift writes with an exponent made a canonical text that the
/// rule language, which has no exponent notation, could not read back.
@Suite("Canonical numbers")
struct CanonicalNumberTests {
    @Test("very large and very small numbers are written out in full, and the canonical text parses back the same",
          arguments: [
              ("purchases < " + "1" + String(repeating: "8", count: 100), nil),
              ("profit > 100000000000000000000", "profit > 100000000000000000000"),
              ("profit > 123456789012345678.5", "profit > 123456789012345680"),
              ("p_alive > 0.00001", "p_alive > 0.00001"),
              ("p_alive > -0.000012345", "p_alive > -0.000012345"),
              ("profit < 1" + String(repeating: "0", count: 300), nil),
          ] as [(String, String?)])
    func roundTrip(_ text: String, _ expected: String?) throws {
        let parsed = try rule(text)
        let canonical = parsed.canonicalText
        #expect(!canonical.contains("e+") && !canonical.contains("e-"), "\(canonical)")
        if let expected { #expect(canonical == expected) }
        let again = try rule(canonical)
        #expect(again.canonicalText == canonical)
        for values in [loyal, lapsed, [:]] {
            #expect(again.evaluate(values) == parsed.evaluate(values))
        }
    }
}

/// Found by fuzzing: the canonical text puts parentheses after a `!` (`!p > 1` → `!(p > 1)`), one more level than the
/// text had; at the nesting limit that level is too many, as `Rule.canonicalText` documents.
@Suite("Canonical nesting")
struct CanonicalNestingTests {
    @Test("a `!` chain at the depth limit before a bare comparison: the canonical text is one level deeper")
    func negationAtTheLimit() throws {
        let bangs = String(repeating: "!", count: Rule.maximumDepth)
        let parsed = try rule("purchases < profit && \(bangs)p_alive > profit")
        #expect(parsed.canonicalText == "purchases < profit && \(bangs)(p_alive > profit)")
        let error = try #require(parseError(parsed.canonicalText))
        #expect(error.message.hasPrefix("rule is nested too deeply"))
        // one level below the limit, it parses back the same
        let shallower = try rule(String(bangs.dropFirst()) + "p_alive > profit")
        #expect(try rule(shallower.canonicalText).canonicalText == shallower.canonicalText)
    }
}
