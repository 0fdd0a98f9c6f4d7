import PaladinAnalytics
import Testing

@Suite("Fuzzing")
struct FuzzTests {
    /// Single characters of the grammar's alphabet, plus a few it rejects.
    private static let characters = Array("abcdeilnoprstuvz_0123456789.-\"\\()!<>=&| \t\n#'é")

    /// Whole tokens and near-tokens, so that many inputs get deep into the parser.
    private static let fragments = [
        "purchases", "profit", "p_alive", "last_score", "last_score_segment", "is_vip", "purchace",
        "true", "false", "and", "0", "2", "-3", "0.3", "1.2.3", "\"promoter\"", "\"", "(", ")", "!",
        "<", "<=", ">", ">=", "==", "!=", "=", "&&", "||", "&", "|", " ", " ", "  ",
    ]

    /// The three sources of input, by turns: random characters, random fragments, and
    /// grammatical rules with a few characters changed.
    private func input(_ index: Int, _ random: inout SeededGenerator) -> String {
        switch index % 3 {
        case 0:
            let count = Int.random(in: 0...40, using: &random)
            return String((0..<count).map { _ in Self.characters.randomElement(using: &random)! })
        case 1:
            let count = Int.random(in: 0...24, using: &random)
            return (0..<count).map { _ in Self.fragments.randomElement(using: &random)! }.joined()
        default:
            var text = Array(grammatical(depth: 0, &random))
            for _ in 0..<Int.random(in: 0...2, using: &random) where !text.isEmpty {
                let at = Int.random(in: 0..<text.count, using: &random)
                if Bool.random(using: &random) {
                    text.remove(at: at)
                } else {
                    text.insert(Self.characters.randomElement(using: &random)!, at: at)
                }
            }
            return String(text)
        }
    }

    /// A random rule from the grammar (sometimes with type errors).
    private func grammatical(depth: Int, _ random: inout SeededGenerator) -> String {
        let leaf = depth > 4 || Int.random(in: 0..<3, using: &random) == 0
        if leaf {
            let operands = ["purchases", "profit", "last_score", "p_alive", "1", "-2.5", "0.3"]
            let ops = ["<", "<=", ">", ">=", "==", "!="]
            switch Int.random(in: 0..<12, using: &random) {
            case 0: return "is_vip"
            case 1: return "is_vip != true"
            case 2: return "last_score_segment == \"promoter\""
            case 3: return "profit > last_score_segment"
            default: break
            }
            return [
                operands.randomElement(using: &random)!, ops.randomElement(using: &random)!,
                operands.randomElement(using: &random)!,
            ].joined(separator: " ")
        }
        let left = grammatical(depth: depth + 1, &random)
        switch Int.random(in: 0..<4, using: &random) {
        case 0: return "!(\(left))"
        case 1: return "(\(left))"
        case 2: return "\(left) && \(grammatical(depth: depth + 1, &random))"
        default: return "\(left) || \(grammatical(depth: depth + 1, &random))"
        }
    }

    @Test("10,000 random inputs: parse returns a rule or a located error, never crashes")
    func randomInputs() throws {
        var random = SeededGenerator(seed: 0x5EED_2024)
        let customers: [[String: MetricValue]] = [loyal, lapsed, [:], ["purchases": .number(.nan)]]
        var parsed = 0
        var rejected = 0
        for index in 0..<10_000 {
            let text = input(index, &random)
            do {
                let result = try Rule.parse(text, schema: schema)
                parsed += 1
                let again = try Rule.parse(result.canonicalText, schema: schema)
                for values in customers {
                    let verdict = result.evaluate(values)
                    let explanation = result.explain(values)
                    #expect(explanation.holds == verdict, "\(text)")
                    #expect(again.evaluate(values) == verdict, "\(text)")
                    #expect(!explanation.facts.isEmpty, "\(text)")
                    #expect(explanation.facts.allSatisfy { $0.holds == verdict }, "\(text)")
                }
                #expect(result.metrics.isSubset(of: Set(schema.names)))
            } catch {
                rejected += 1
                #expect((1...(text.count + 1)).contains(error.column), "\(text) -> \(error)")
                #expect(!error.message.isEmpty)
            }
        }
        #expect(parsed + rejected == 10_000)
        #expect(parsed > 1_000, "too few valid rules to exercise evaluation: \(parsed)")
        #expect(rejected > 1_000, "too few invalid rules to exercise errors: \(rejected)")
    }

    @Test("the same seed gives the same inputs")
    func reproducible() {
        var first = SeededGenerator(seed: 42)
        var second = SeededGenerator(seed: 42)
        let a = (0..<30).map { input($0, &first) }
        let b = (0..<30).map { input($0, &second) }
        #expect(a == b)
    }
}
