import PaladinAnalytics
import PaladinCore
@testable import PaladinStore
import Testing

@Suite("Score runs: metrics, derived positions, explanations and recommendations")
struct ScoreTests {
    @Test("a first run places every customer in every derived model with computed moves, consistently")
    func firstRun() async throws {
        try await withSession { session in
            // given
            try await seedScoringWorkspace(session)
            let before = try await Counts(session)
            // when
            let report = try await session.score(asOf: testNow)
            // then: four customers, three derived models, each with a rule that always holds last
            #expect(report.customers == 4)
            #expect(report.asOf == testNow)
            #expect(Set(report.changes.map(\.model)) == ["engagement-ladder", "value-category", "relationship-type"])
            let value = try #require(report.change("value-category"))
            #expect(value.before == [:])
            #expect(value.after == ["loyal": 1, "demanding": 1, "lost": 1, "average": 1])
            #expect(value.changed == 4)
            #expect(report.change("engagement-ladder")?.after == ["advocate": 1, "occasional-buyer": 1, "client": 1, "suspect": 1])
            #expect(report.change("relationship-type")?.after == ["champion": 1, "tester": 1, "buyer": 1, "prospect": 1])
            #expect(try await Counts(session).moves == before.moves + 12)
            #expect(try await session.verifyPositions().isEmpty)
            #expect(try await session.rowCount("customer_metrics") == 4)
            #expect(try await session.rowCount("derivations") == 12)
            #expect(try await session.rowCount("recommendations") == 3)
            #expect(try await session.stage(of: "D-1", in: "value-category") == "demanding")
            #expect(try await session.stage(of: "G-1", in: "value-category") == "lost")
            #expect(try await session.stage(of: "N-1", in: "value-category") == "average")
        }
    }

    @Test("the computed move and the customer's scoring carry the explanation with the values")
    func explanations() async throws {
        try await withSession { session in
            // given
            try await seedScoringWorkspace(session)
            // when
            _ = try await session.score(asOf: testNow)
            // then: 3 × 200.00 − 50.00 = 550 profit, last purchase 10 days ago
            let loyal = "purchases >= 3 (purchases = 3) and days_since_last_purchase <= 180 (days_since_last_purchase = 10) and profit > 0 (profit = 550)"
            let moves = try await session.moves(of: "L-1", in: "value-category")
            #expect(moves.count == 1)
            #expect(moves.first?.kind == .computed && moves.first?.from == nil && moves.first?.to == "loyal")
            #expect(moves.first?.actor == "score" && moves.first?.at == testNow)
            #expect(moves.first?.reason == loyal)
            let scoring = try #require(try await session.detail("L-1").scoring)
            #expect(scoring.asOf == testNow)
            #expect(scoring.derivations.map(\.model) == ["engagement-ladder", "relationship-type", "value-category"])
            #expect(scoring.derivations.last?.explanation == loyal)
            #expect(scoring.derivations.last?.rule == "purchases >= 3 && days_since_last_purchase <= 180 && profit > 0")
            #expect(scoring.metrics["revenue"] == .number(600))
            #expect(scoring.metrics["last_score_segment"] == .text("promoter"))
            #expect(scoring.recommendations.map(\.kind) == [.championCandidate])
            let dan = try #require(try await session.detail("D-1").scoring)
            #expect(dan.derivations.last?.explanation == "complaints_365d >= 3 (complaints_365d = 3)")
            #expect(dan.metrics["complaints_90d"] == .number(1))
            #expect(dan.metrics["profit"] == .number(-200))
            #expect(dan.recommendations.map(\.kind) == [.disinvest])
            #expect(dan.recommendations.first?.reason.contains("profit = -200.00") == true)
        }
    }

    @Test("recommendations: disinvest, win back the top-revenue lost customer, champion candidate")
    func recommendations() async throws {
        try await withSession { session in
            // given
            try await seedScoringWorkspace(session)
            // when
            let report = try await session.score(asOf: testNow)
            // then: revenues 100, 600, 2000 → the top fifth starts at 2000, which Gus reaches
            #expect(report.recommendations == ["disinvest": 1, "win_back": 1, "champion_candidate": 1])
            let flagged = try await session.flaggedCustomers()
            #expect(flagged.map { "\($0.externalId ?? "")/\($0.kind.rawValue)" } == ["L-1/champion_candidate", "D-1/disinvest", "G-1/win_back"])
            #expect(try await session.flaggedCustomers(kind: .winBack).first?.reason.contains("2000.00") == true)
        }
    }

    @Test("a second run with no new evidence changes nothing")
    func secondRunIsStable() async throws {
        try await withSession { session in
            // given
            try await seedScoringWorkspace(session)
            let first = try await session.score(asOf: testNow)
            let counts = try await Counts(session)
            // when
            let second = try await session.score(asOf: testNow)
            // then
            #expect(second.runId > first.runId)
            #expect(second.changes.allSatisfy { $0.changed == 0 })
            #expect(second.changes.allSatisfy { $0.before == $0.after })
            #expect(try await Counts(session) == counts)
            #expect(try await session.rowCount("customer_metrics") == 4)
            #expect(try await session.rowCount("derivations") == 12)
            #expect(try await session.rowCount("recommendations") == 3)
            #expect(try await session.verifyPositions().isEmpty)
        }
    }
}
