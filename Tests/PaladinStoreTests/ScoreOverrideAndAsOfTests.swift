import PaladinAnalytics
import PaladinCore
@testable import PaladinStore
import Testing

@Suite("Score runs: manual overrides and the as-of date")
struct ScoreOverrideAndAsOfTests {
    @Test("a manual override stands across score runs while the computed stage updates; clearing returns to it")
    func overrideStands() async throws {
        try await withSession { session in
            // given Dan (demanding by his evidence) set to average by hand before any run
            try await seedScoringWorkspace(session)
            _ = try await session.move("D-1", model: "value-category", request: MoveRequest(to: "average", reason: "Key account"))
            // when
            let report = try await session.score(asOf: testNow)
            // then the override stands and the computed stage is recorded beside it
            let position = try #require(try await session.position(of: "D-1", in: "value-category"))
            #expect(position.stage == "average" && position.isOverride)
            #expect(position.computedStage == "demanding")
            #expect(report.change("value-category")?.before == ["average": 1])
            #expect(report.change("value-category")?.after == ["loyal": 1, "average": 2, "lost": 1])
            // recommendations follow the category as set by hand: no disinvest for an "average" customer
            #expect(try await session.detail("D-1").scoring?.recommendations.isEmpty == true)
            #expect(try await session.flaggedCustomers(kind: .disinvest).isEmpty)

            // when: a second run
            let again = try await session.score(asOf: testNow)
            // then nothing moves
            #expect(again.change("value-category")?.changed == 0)
            #expect(try await session.position(of: "D-1", in: "value-category") == position)

            // when: the override is cleared
            let clear = try await session.clearOverride("D-1", model: "value-category", reason: "Back to the rules")
            // then the computed stage applies again
            #expect(clear.kind == .clear && clear.from == "average" && clear.to == "demanding")
            let cleared = try #require(try await session.position(of: "D-1", in: "value-category"))
            #expect(cleared.stage == "demanding" && !cleared.isOverride && cleared.computedStage == "demanding")
            #expect(try await session.verifyPositions().isEmpty)
        }
    }

    @Test("an override set after a run keeps its stage while the next run records the new computed stage")
    func overrideAfterRun() async throws {
        try await withSession { session in
            // given Nora is average; set to loyal by hand; then she buys 3 times and complains 3 times
            try await seedScoringWorkspace(session)
            _ = try await session.score(asOf: testNow)
            _ = try await session.move("N-1", model: "value-category", request: MoveRequest(to: "loyal", reason: "Friend of the owner"))
            for days in [3, 2, 1] {
                _ = try await session.addPurchase("N-1", amount: Money(cents: 1_000), currency: nil, at: testNow.adding(days: -days), reference: nil)
                _ = try await session.log("N-1", entry: InteractionEntry(channel: .email, kind: .complaint, summary: "Late", at: testNow.adding(days: -days)))
            }
            // when
            let report = try await session.score(asOf: testNow)
            // then
            let position = try #require(try await session.position(of: "N-1", in: "value-category"))
            #expect(position.stage == "loyal" && position.isOverride && position.computedStage == "demanding")
            #expect(report.change("value-category")?.changed == 1)
            #expect(try await session.verifyPositions().isEmpty)
        }
    }

    @Test("evidence dated after the as-of date is ignored; the as-of instant itself counts")
    func evidenceAfterAsOfIgnored() async throws {
        try await withSession { session in
            // given, around an as-of date 30 days before the clock's now
            let asOf = testNow.adding(days: -30)
            func at(_ days: Int, seconds: Int64 = 0) -> Timestamp { Timestamp(seconds: asOf.adding(days: days).seconds + seconds) }
            try await session.add("E-1", "Eva")
            for (cents, when) in [(10_000, at(-10)), (5_000, at(0)), (50_000, at(0, seconds: 1))] {
                _ = try await session.addPurchase("E-1", amount: Money(cents: Int64(cents)), currency: nil, at: when, reference: nil)
            }
            _ = try await session.addCost("E-1", amount: Money(cents: 2_000), category: .logistics, at: at(5), note: nil)
            for when in [at(-90), at(-89), at(1)] {
                _ = try await session.log("E-1", entry: InteractionEntry(channel: .chat, kind: .complaint, summary: "Claim", at: when))
            }
            _ = try await session.addSurvey("E-1", score: 3, comment: nil, at: at(-1))
            _ = try await session.addSurvey("E-1", score: 10, comment: nil, at: at(2))
            // when
            _ = try await session.score(asOf: asOf)
            // then
            let scoring = try #require(try await session.detail("E-1").scoring)
            #expect(scoring.asOf == asOf)
            let metrics = scoring.metrics
            #expect(metrics["purchases"] == .number(2))
            #expect(metrics["revenue"] == .number(150))
            #expect(metrics["cost"] == .number(0))
            #expect(metrics["days_since_last_purchase"] == .number(0))
            #expect(metrics["days_since_first_purchase"] == .number(10))
            // the complaint exactly 90 days before is outside the 90-day window, inside the 365-day one
            #expect(metrics["complaints_90d"] == .number(1))
            #expect(metrics["complaints_365d"] == .number(2))
            #expect(metrics["interactions"] == .number(2))
            #expect(metrics["days_since_last_contact"] == .number(89))
            #expect(metrics["last_score"] == .number(3))
            #expect(metrics["last_score_segment"] == .text("detractor"))
            let moves = try await session.moves(of: "E-1", in: "engagement-ladder")
            #expect(moves.map(\.at) == [asOf])
            #expect(moves.map(\.to) == ["client"])
        }
    }

    @Test("days in stage of a guided model counts from the customer's entry into the stage")
    func daysInStage() async throws {
        try await withSession { session in
            // given a customer who entered the journey at the clock's now
            try await session.add("S-1", "Sam")
            // when scored 45 days later
            _ = try await session.score(asOf: testNow.adding(days: 45))
            // then
            let metrics = try #require(try await session.detail("S-1").scoring?.metrics)
            #expect(metrics["days_in_stage_customer_journey"] == .number(45))
            #expect(metrics["days_in_stage_pro_customer"] == .number(45))
        }
    }
}
