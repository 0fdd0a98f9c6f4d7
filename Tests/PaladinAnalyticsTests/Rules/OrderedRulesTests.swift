import PaladinAnalytics
import Testing

@Suite("Ordered rules: the first stage whose rule holds")
struct OrderedRulesTests {
    private enum Stage: String, Sendable, Hashable {
        case champion, atRisk, unhappy, active
    }

    private func stages() throws -> OrderedRules<Stage> {
        OrderedRules([
            .init(label: .champion, rule: try rule("purchases >= 2 && days_since_last_purchase <= 365")),
            .init(label: .atRisk, rule: try rule("p_alive < 0.3")),
            .init(label: .unhappy, rule: try rule("complaints_365d >= 3 || profit < 0")),
            .init(label: .active, rule: try rule("true")),
        ])
    }

    @Test("a customer gets the first entry whose rule holds, explained")
    func firstMatch() throws {
        let champion = try #require(try stages().firstMatch(loyal))
        #expect(champion.label == .champion)
        #expect(champion.index == 0)
        #expect(champion.explanation.text.hasPrefix("purchases >= 2 (purchases = 5)"))
        let atRisk = try #require(try stages().firstMatch(lapsed))
        #expect(atRisk.label == .atRisk)
        #expect(atRisk.explanation.text == "p_alive < 0.3 (p_alive = 0.1235)")
    }

    @Test("the catch-all last entry matches a customer with no metrics")
    func catchAll() throws {
        let match = try #require(try stages().firstMatch([:]))
        #expect(match.label == .active)
        #expect(match.index == 3)
        #expect(match.explanation.text == "true")
    }

    @Test("without a catch-all, no entry may match")
    func noMatch() throws {
        let only = OrderedRules([OrderedRules.Entry(label: "lapsed", rule: try rule("p_alive < 0.3"))])
        #expect(only.firstMatch(loyal) == nil)
        #expect(only.verdicts(loyal).map(\.explanation.holds) == [false])
    }

    @Test("verdicts explain why each earlier entry did not hold")
    func whyNot() throws {
        let verdicts = try stages().verdicts(lapsed)
        #expect(verdicts.map(\.label) == [.champion, .atRisk])
        #expect(verdicts.map(\.explanation.holds) == [false, true])
        #expect(
            verdicts[0].explanation.text
                == "purchases >= 2 (purchases = 1) and "
                + "days_since_last_purchase <= 365 (days_since_last_purchase = 400)")
    }

    @Test("the metrics of all entries")
    func metrics() throws {
        #expect(try stages().metrics == [
            "purchases", "days_since_last_purchase", "p_alive", "complaints_365d", "profit",
        ])
    }
}
