import PaladinAnalytics
import Testing

@Suite("Recommendations from value category, profit and score")
struct RecommendationsTests {
    func metrics(profit: Double = 0, revenue: Double = 0, score: Double? = nil, repeats: Double = 0) -> [String: MetricValue] {
        var values: [String: MetricValue] = [
            "profit": .number(profit), "revenue": .number(revenue), "repeat_purchases": .number(repeats),
        ]
        if let score { values["last_score"] = .number(score) }
        return values
    }

    func kinds(_ values: [String: MetricValue], _ category: String?, threshold: Double = 500) -> [Recommendation.Kind] {
        Recommendations.evaluate(values: values, category: category, highValueRevenue: threshold).map(\.kind)
    }

    @Test("disinvest only for demanding or lost customers with negative profit")
    func disinvest() throws {
        // given a demanding customer costing 10 more than they bring
        let found = Recommendations.evaluate(values: metrics(profit: -10, revenue: 40), category: "demanding", highValueRevenue: 500)
        // then
        #expect(found.map(\.kind) == [.disinvest])
        let reason = try #require(found.first?.reason)
        #expect(reason.contains("demanding"))
        #expect(reason.contains("profit = -10.00"))
        #expect(kinds(metrics(profit: -10, revenue: 40), "lost") == [.disinvest])
        // not for profit 0 or above, not for other categories, not without a category
        #expect(kinds(metrics(profit: 0), "demanding") == [])
        #expect(kinds(metrics(profit: 5), "lost") == [])
        #expect(kinds(metrics(profit: -10), "average") == [])
        #expect(kinds(metrics(profit: -10), "loyal") == [])
        #expect(kinds(metrics(profit: -10), nil) == [])
    }

    @Test("win back only lost customers whose revenue reaches the high-value threshold")
    func winBack() throws {
        // given
        let found = Recommendations.evaluate(values: metrics(profit: 700, revenue: 750.5), category: "lost", highValueRevenue: 500)
        // then
        #expect(found.map(\.kind) == [.winBack])
        let reason = try #require(found.first?.reason)
        #expect(reason.contains("750.50"))
        #expect(reason.contains("500.00"))
        // the threshold itself counts (≥)
        #expect(kinds(metrics(profit: 500, revenue: 500), "lost") == [.winBack])
        #expect(kinds(metrics(profit: 499.99, revenue: 499.99), "lost") == [])
        // other categories never
        #expect(kinds(metrics(profit: 2_000, revenue: 2_000), "demanding") == [])
        #expect(kinds(metrics(profit: 2_000, revenue: 2_000), "loyal") == [])
        // no revenue at all is never worth winning back, even with a zero threshold
        #expect(kinds(metrics(profit: 0, revenue: 0), "lost", threshold: 0) == [])
    }

    @Test("a lost customer with high past revenue and negative profit gets both disinvest and win_back")
    func lostAndCostly() {
        #expect(kinds(metrics(profit: -50, revenue: 900), "lost") == [.disinvest, .winBack])
    }

    @Test("champion candidate: last score 9 or more and at least one repeat purchase day")
    func championCandidate() throws {
        // given
        let found = Recommendations.evaluate(values: metrics(profit: 10, score: 9, repeats: 1), category: nil, highValueRevenue: 500)
        // then
        #expect(found.map(\.kind) == [.championCandidate])
        let reason = try #require(found.first?.reason)
        #expect(reason.contains("last score 9"))
        #expect(reason.contains("1 repeat purchase days"))
        #expect(kinds(metrics(score: 10, repeats: 3), "loyal") == [.championCandidate])
        #expect(kinds(metrics(score: 8, repeats: 3), "loyal") == [])
        #expect(kinds(metrics(score: 10, repeats: 0), "loyal") == [])
        #expect(kinds(metrics(repeats: 3), "loyal") == [])
    }

    @Test("an ordinary customer gets no recommendation")
    func ordinary() {
        #expect(kinds(metrics(profit: 120, revenue: 300, score: 7, repeats: 2), "average") == [])
        #expect(kinds([:], nil) == [])
    }

    @Test("kind names are the ones the CLI filters on")
    func kindNames() {
        #expect(Recommendation.Kind.allCases.map(\.rawValue) == ["disinvest", "win_back", "champion_candidate"])
    }
}
