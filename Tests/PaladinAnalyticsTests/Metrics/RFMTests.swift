@testable import PaladinAnalytics
import Testing

@Suite("RFM quintile scores and segments")
struct RFMTests {
    @Test("five distinct values get 1 to 5 whatever their input order")
    func fiveValuesGetOneToFive() {
        #expect(RFM.quintiles([10, 20, 30, 40, 50]) == [1, 2, 3, 4, 5])
        #expect(RFM.quintiles([50, 10, 40, 20, 30]) == [5, 1, 4, 2, 3])
    }

    @Test("one value gets 1; no values give no scores")
    func oneValue() {
        #expect(RFM.quintiles([7]) == [1])
        #expect(RFM.quintiles([]) == [])
        #expect(RFM.score([]).isEmpty)
    }

    @Test("ties share the score of their lowest rank")
    func tiesShareAScore() {
        // all equal: everyone has rank 0
        #expect(RFM.quintiles([5, 5, 5, 5, 5]) == [1, 1, 1, 1, 1])
        // n = 4, ranks 0, 1, 1, 3: 1 + 5·0/4 = 1, 1 + 5·1/4 = 2, 2, 1 + 5·3/4 = 4
        #expect(RFM.quintiles([2, 1, 3, 2]) == [2, 1, 4, 2])
        // n = 10: ranks 0–1 → 1, 2–3 → 2, 4–5 → 3, 6–7 → 4, 8–9 → 5
        #expect(RFM.quintiles(Array(1...10)) == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
    }

    @Test("five customers: recency ranks fewer days higher; frequency and monetary rank more higher")
    func fiveCustomers() {
        // given
        let inputs = [
            RFM.Input(customerId: 1, daysSinceLastPurchase: 1, purchaseDays: 5, revenueCents: 50_000),
            RFM.Input(customerId: 2, daysSinceLastPurchase: 10, purchaseDays: 1, revenueCents: 100),
            RFM.Input(customerId: 3, daysSinceLastPurchase: 100, purchaseDays: 3, revenueCents: 300),
            RFM.Input(customerId: 4, daysSinceLastPurchase: 200, purchaseDays: 4, revenueCents: 400),
            RFM.Input(customerId: 5, daysSinceLastPurchase: 400, purchaseDays: 2, revenueCents: 200),
        ]
        // when
        let scores = RFM.score(inputs)
        // then
        #expect(scores[1] == RFMScore(recency: 5, frequency: 5, monetary: 5, segment: .champions))
        #expect(scores[2] == RFMScore(recency: 4, frequency: 1, monetary: 1, segment: .promising))
        #expect(scores[3] == RFMScore(recency: 3, frequency: 3, monetary: 3, segment: .needAttention))
        #expect(scores[4] == RFMScore(recency: 2, frequency: 4, monetary: 4, segment: .atRisk))
        #expect(scores[5] == RFMScore(recency: 1, frequency: 2, monetary: 2, segment: .hibernating))
    }

    @Test("a single customer scores 1, 1, 1 and is lost")
    func singleCustomer() {
        let scores = RFM.score([RFM.Input(customerId: 9, daysSinceLastPurchase: 0, purchaseDays: 12, revenueCents: 1_000_000)])
        #expect(scores == [9: RFMScore(recency: 1, frequency: 1, monetary: 1, segment: .lost)])
    }

    @Test("customers who bought on the same day share the recency score")
    func recencyTies() {
        // given two of four bought 3 days ago
        let inputs = [
            RFM.Input(customerId: 1, daysSinceLastPurchase: 3, purchaseDays: 1, revenueCents: 100),
            RFM.Input(customerId: 2, daysSinceLastPurchase: 3, purchaseDays: 2, revenueCents: 200),
            RFM.Input(customerId: 3, daysSinceLastPurchase: 1, purchaseDays: 3, revenueCents: 300),
            RFM.Input(customerId: 4, daysSinceLastPurchase: 90, purchaseDays: 4, revenueCents: 400),
        ]
        // when
        let scores = RFM.score(inputs)
        // then: negated days -90, -3, -3, -1 have ranks 0, 1, 1, 3 → 1, 2, 2, 4
        #expect(scores.mapValues(\.recency) == [1: 2, 2: 2, 3: 4, 4: 1])
    }

    @Test("the full grid of (R, F) against the documented segment map")
    func segmentGrid() {
        // rows R = 5 … 1, columns F = 1 … 5, worked out from the map's order by hand
        let grid: [[RFMSegment]] = [
            [.newCustomers, .potentialLoyalists, .potentialLoyalists, .champions, .champions],
            [.promising, .potentialLoyalists, .potentialLoyalists, .champions, .champions],
            [.aboutToSleep, .aboutToSleep, .needAttention, .loyal, .loyal],
            [.hibernating, .hibernating, .atRisk, .atRisk, .atRisk],
            [.lost, .hibernating, .atRisk, .atRisk, .cannotLoseThem],
        ]
        for (row, expected) in grid.enumerated() {
            for f in 1...5 {
                let r = 5 - row
                #expect(RFMSegment(recency: r, frequency: f) == expected[f - 1], "R \(r), F \(f)")
            }
        }
        #expect(Set(grid.joined()) == Set(RFMSegment.allCases))
    }

    @Test("every segment is reachable with its documented (R, F)", arguments: [
        (5, 5, RFMSegment.champions), (1, 5, .cannotLoseThem), (2, 3, .atRisk), (3, 4, .loyal),
        (4, 2, .potentialLoyalists), (5, 1, .newCustomers), (4, 1, .promising), (3, 3, .needAttention),
        (3, 2, .aboutToSleep), (1, 1, .lost), (2, 2, .hibernating),
    ])
    func segmentReachable(r: Int, f: Int, segment: RFMSegment) {
        #expect(RFMSegment(recency: r, frequency: f) == segment)
    }

    @Test("segment names are the snake_case names rules compare with")
    func segmentNames() {
        #expect(RFMSegment.allCases.map(\.rawValue) == [
            "champions", "loyal", "potential_loyalists", "new_customers", "promising", "need_attention",
            "about_to_sleep", "cannot_lose_them", "at_risk", "hibernating", "lost",
        ])
    }
}
