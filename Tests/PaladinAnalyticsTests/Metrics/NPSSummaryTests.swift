import PaladinAnalytics
import PaladinCore
import Testing

@Suite("Net Promoter Score of a set of answers")
struct NPSSummaryTests {
    @Test("the worked example: 0…10 once each is 2 promoters, 2 passives, 7 detractors → −45.45")
    func workedExample() throws {
        // when
        let summary = NPSSummary(scores: 0...10)
        // then: 100 · (2 − 7) / 11 = −45.4545…
        #expect(summary == NPSSummary(promoters: 2, passives: 2, detractors: 7))
        #expect(summary.respondents == 11)
        let score = try #require(summary.score)
        #expect((score * 100).rounded() / 100 == -45.45)
    }

    @Test("no answers is no score, not zero")
    func noAnswers() {
        #expect(NPSSummary().score == nil)
        #expect(NPSSummary(scores: [Int]()).score == nil)
        #expect(NPSSummary().respondents == 0)
    }

    @Test("all promoters is 100, all detractors −100, all passives 0")
    func extremes() {
        #expect(NPSSummary(scores: [9, 10, 10]).score == 100)
        #expect(NPSSummary(scores: [0, 3, 6]).score == -100)
        #expect(NPSSummary(scores: [7, 8]).score == 0)
    }

    @Test("passives count in the denominator")
    func passivesDilute() {
        // given one promoter and three passives
        var summary = NPSSummary()
        for score in [10, 7, 7, 8] { summary.add(score) }
        // then: 100 · (1 − 0) / 4
        #expect(summary == NPSSummary(promoters: 1, passives: 3, detractors: 0))
        #expect(summary.score == 25)
    }

    @Test("segment boundaries: 6 detractor, 7 passive, 8 passive, 9 promoter")
    func boundaries() {
        #expect(NPSSummary(scores: [6]) == NPSSummary(detractors: 1))
        #expect(NPSSummary(scores: [7, 8]) == NPSSummary(passives: 2))
        #expect(NPSSummary(scores: [9]) == NPSSummary(promoters: 1))
    }

    @Test("adding answers one by one equals summarising them at once, in any order")
    func addMatchesInit() {
        // given 3 promoters, 5 passives, 2 detractors
        let scores = [10, 7, 8, 0, 9, 7, 8, 6, 9, 7]
        var added = NPSSummary()
        for score in scores.reversed() { added.add(score) }
        // then: 100 · (3 − 2) / 10
        #expect(added == NPSSummary(scores: scores))
        #expect(added == NPSSummary(promoters: 3, passives: 5, detractors: 2))
        #expect(added.score == 10)
    }
}
