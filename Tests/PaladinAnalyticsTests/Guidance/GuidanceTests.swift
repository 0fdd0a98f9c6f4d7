import PaladinAnalytics
import PaladinCore
import Testing

/// Hand-built models and customers; the right actions and their order are worked out in each test.
@Suite("Guidance: the next best action")
struct GuidanceTests {
    static let now = Timestamp(CivilDate(year: 2026, month: 3, day: 31)!)

    /// A cyclic PRO-like model with two states: red (Problem, Decision) → amber (Result exploration, Result definition).
    static let pro = JourneyModel(
        key: "pro", cyclic: true, names: LocalizedText(english: "PRO"),
        states: [
            JourneyState(key: "red", names: LocalizedText(english: "Red"), color: "#d64545",
                         decision: LocalizedText(english: "The customer decides to change")),
            JourneyState(key: "amber", names: LocalizedText(english: "Amber"), color: "#e8a33d",
                         decision: LocalizedText(english: "The customer decides what they want")),
        ],
        stages: [
            Stage(key: "problem", names: LocalizedText(english: "Problem"), state: "red", expectedDays: 10,
                  markers: [Marker(key: "problem-named", names: LocalizedText(english: "Problem named"))],
                  playbook: [LocalizedText(english: "Ask about the problem.")]),
            Stage(key: "decision", names: LocalizedText(english: "Decision"), state: "red",
                  markers: [Marker(key: "change-decided", names: LocalizedText(english: "Change decided"))]),
            Stage(key: "result-exploration", names: LocalizedText(["en": "Result exploration", "ro": "Explorarea rezultatului"]),
                  state: "amber", purpose: LocalizedText(english: "Explore the desired result."), expectedDays: 30,
                  markers: [
                      Marker(key: "result-described", names: LocalizedText(["en": "Desired result described", "ro": "Rezultatul dorit descris"])),
                      Marker(key: "options-listed", names: LocalizedText(english: "Options listed"), required: false),
                  ],
                  playbook: [LocalizedText(["en": "Ask what success looks like.", "ro": "Întrebați cum arată succesul."]),
                             LocalizedText(english: "Collect the options."), LocalizedText(english: "Summarise the result.")]),
            Stage(key: "result-definition", names: LocalizedText(english: "Result definition"), state: "amber"),
        ])

    /// A journey with a stall zone (activate) and a last stage `advocate`.
    static let journey = JourneyModel(
        key: "journey", names: LocalizedText(english: "Journey"), stallZone: ["activate"],
        stages: [
            Stage(key: "admit", names: LocalizedText(english: "Admit"), expectedDays: 3,
                  markers: [Marker(key: "purchase-completed", names: LocalizedText(english: "Purchase completed"))]),
            Stage(key: "activate", names: LocalizedText(english: "Activate"), expectedDays: 21,
                  markers: [Marker(key: "first-use", names: LocalizedText(english: "First use"))],
                  playbook: [LocalizedText(english: "Check in on first use.")]),
            Stage(key: "advocate", names: LocalizedText(english: "Advocate")),
        ])

    static func at(_ model: JourneyModel, _ stage: String, daysAgo: Int, met: Set<String> = [], interactions: Int = 0, mirrored: JourneyModel? = nil) -> GuidanceInput.GuidedPosition {
        let since = now.adding(days: -daysAgo)
        return GuidanceInput.GuidedPosition(
            model: model, position: Position(model: model.key, stage: stage, since: since, cycleStartedAt: since), metMarkers: met,
            interactionsAtStage: interactions, mirrored: mirrored)
    }

    static func followUp(_ id: Int64, dueDaysFromNow days: Int, note: String? = nil) -> FollowUp {
        FollowUp(id: id, customerId: 1, due: now.date.adding(days: days), assignee: "ana@example.com", note: note)
    }

    @Test("a stalled stage with an unmet required marker: stalled, then the marker, then the playbook step, each with its reason")
    func stalledWithUnmetMarker() throws {
        // given 76 days at Result exploration (expected 30), the required marker unmet, no interaction since entering
        let input = GuidanceInput(positions: [Self.at(Self.pro, "result-exploration", daysAgo: 76)], now: Self.now)
        // when
        let actions = Guidance.actions(for: input)
        // then: stalled (6, not a stall-zone stage), meet_marker (10), playbook (11)
        #expect(actions.map(\.kind) == [.stalled, .meetMarker, .playbook])
        #expect(actions.map(\.priority) == [6, 10, 11])
        #expect(actions[0].reason == "76 days at Result exploration (expected 30)")
        #expect(actions[1].title == "Meet marker 'Desired result described'")
        #expect(actions[1].reason == "required marker 'Desired result described' not met after 76 days at Result exploration (expected 30)")
        #expect(actions[1].due == Self.now.date.adding(days: -46))
        #expect(actions[2].title == "Ask what success looks like.")
        #expect(actions[2].reason.hasPrefix("no interaction since entering Result exploration on 2026-01-14: start with step 1 of 3"))
        #expect(actions.allSatisfy { $0.model == "pro" && $0.stage == "result-exploration" })
        // the optional marker is never asked for
        #expect(!actions.contains { $0.title.contains("Options listed") })
    }

    @Test("the priority order across every source: follow-ups, disinvest, stall zone, ready to move, markers, playbook")
    func fullOrder() throws {
        // given two overdue follow-ups (5 and 2 days), one due today, one due in 30 days (not listed); a demanding
        // customer with negative profit; 30 days at Activate (stall zone, expected 21, first use unmet);
        // every required marker of Problem met in PRO
        let input = GuidanceInput(
            positions: [Self.at(Self.pro, "problem", daysAgo: 4, met: ["problem-named"]), Self.at(Self.journey, "activate", daysAgo: 30)],
            openFollowUps: [Self.followUp(7, dueDaysFromNow: -2), Self.followUp(3, dueDaysFromNow: 0, note: "Send the offer"),
                            Self.followUp(9, dueDaysFromNow: -5, note: "Call back"), Self.followUp(4, dueDaysFromNow: 30)],
            lastScore: 10, purchases: 3, profit: Money(cents: -2_500), valueCategory: "demanding", now: Self.now)
        // when
        let actions = Guidance.actions(for: input)
        // then
        #expect(actions.map(\.kind) == [
            .followUpOverdue, .followUpOverdue, .followUpDue, .disinvest, .stalled, .readyToMove, .meetMarker, .playbook,
        ])
        #expect(actions.map(\.priority) == [1, 1, 2, 3, 4, 5, 10, 11])
        // the most overdue first
        #expect(actions[0].title == "Follow up: Call back")
        #expect(actions[0].reason == "follow-up #9 was due 2026-03-26, 5 days ago, and is still open")
        #expect(actions[0].due == CivilDate(year: 2026, month: 3, day: 26))
        #expect(actions[1].reason.hasPrefix("follow-up #7 was due 2026-03-29, 2 days ago"))
        #expect(actions[2].reason == "follow-up #3 is due today (2026-03-31)")
        #expect(actions[3].reason == "demanding customer with negative profit (profit = -25.00)")
        #expect(actions[4].reason.hasPrefix("30 days at Activate (expected 21), in the stall zone of Journey"))
        #expect(actions[4].model == "journey")
        #expect(actions[5].title == "Move to Decision")
        #expect(actions[5].model == "pro")
        // a disinvest customer is not invited to advocate nor given focus, promoter or not
        #expect(!actions.contains { $0.kind == .inviteToAdvocate || $0.kind == .focus })
    }

    @Test("ready to move names the next stage, and the decision that ends the state when the move leaves it")
    func readyToMoveDecision() throws {
        // given Decision (red) with its marker met: the next stage, Result exploration, is amber
        let leaving = Guidance.actions(for: GuidanceInput(positions: [Self.at(Self.pro, "decision", daysAgo: 2, met: ["change-decided"])], now: Self.now))
        let move = try #require(leaving.first)
        #expect(move.kind == .readyToMove)
        #expect(move.title == "Move to Result exploration")
        #expect(move.detail.hasPrefix("Ask for the customer's decision: The customer decides to change. Next: Result exploration — Explore the desired result."))
        #expect(move.reason == "every required marker of Decision is met ('Change decided') after 2 days there")
        // no meet_marker nor playbook for a model that is ready to move
        #expect(leaving.map(\.kind) == [.readyToMove])
        // Problem → Decision stays in red: no decision to ask for
        let staying = Guidance.actions(for: GuidanceInput(positions: [Self.at(Self.pro, "problem", daysAgo: 1, met: ["problem-named"])], now: Self.now))
        #expect(staying.first?.detail == "Next: Decision.")
        // a stage mirroring a state of another model takes that state's decision
        let mirror = JourneyModel(
            key: "guide", cyclic: true, names: LocalizedText(english: "Guide"), mirrorOf: "pro",
            stages: [
                Stage(key: "present", names: LocalizedText(english: "Present"), mirrors: "red",
                      markers: [Marker(key: "agreed", names: LocalizedText(english: "Agreed"))]),
                Stage(key: "desired", names: LocalizedText(english: "Desired"), mirrors: "amber"),
            ])
        let mirrored = Guidance.actions(for: GuidanceInput(
            positions: [Self.at(mirror, "present", daysAgo: 1, met: ["agreed"], mirrored: Self.pro)], now: Self.now))
        #expect(mirrored.first?.detail == "Ask for the customer's decision: The customer decides to change. Next: Desired.")
        // the last stage of a cyclic model leads to the first; of another, nowhere
        let wrap = Guidance.actions(for: GuidanceInput(positions: [Self.at(mirror, "desired", daysAgo: 1)], now: Self.now))
        #expect(wrap.isEmpty, "a stage without required markers is never 'ready'")
        #expect(Guidance.nextStage(after: 1, in: mirror)?.key == "present")
        #expect(Guidance.nextStage(after: 2, in: Self.journey) == nil)
    }

    @Test("the playbook step: the first not yet walked (one interaction a step), else the first again")
    func playbookStep() throws {
        func step(_ interactions: Int) throws -> NextBestAction {
            let actions = Guidance.actions(for: GuidanceInput(
                positions: [Self.at(Self.pro, "result-exploration", daysAgo: 5, interactions: interactions)], now: Self.now))
            return try #require(actions.first { $0.kind == .playbook })
        }
        #expect(try step(0).title == "Ask what success looks like.")
        #expect(try step(1).title == "Collect the options.")
        #expect(try step(1).reason.hasSuffix("step 2 of 3 is next"))
        #expect(try step(2).title == "Summarise the result.")
        #expect(try step(3).title == "Ask what success looks like.")
        #expect(try step(3).reason.hasPrefix("every step walked (3 interactions"))
        #expect(try step(1).detail == "Step 2 of 3 at Result exploration (PRO). Purpose: Explore the desired result.")
        // within the expected days, the marker's reason counts the days
        let marker = Guidance.actions(for: GuidanceInput(positions: [Self.at(Self.pro, "result-exploration", daysAgo: 5)], now: Self.now))
            .first { $0.kind == .meetMarker }
        #expect(marker?.reason == "required marker 'Desired result described' not met yet: day 5 of 30 expected at Result exploration")
    }

    @Test("the texts' recommendations: invite promoters who bought again, focus on loyal and average, win back the worthwhile lost")
    func relationshipWorth() throws {
        // a promoter (9) with two purchases, loyal, profit 120
        let promoter = GuidanceInput(lastScore: 9, purchases: 2, profit: Money(cents: 12_000), valueCategory: "loyal",
                                     relationshipType: "buyer", now: Self.now)
        let actions = Guidance.actions(for: promoter)
        #expect(actions.map(\.kind) == [.inviteToAdvocate, .focus])
        #expect(actions[0].reason == "promoter (last score 9) who bought 2 times")
        #expect(actions[1].reason == "loyal customer with profit 120.00, relationship buyer")
        // not a promoter, one purchase, or already at an advocate stage: no invitation
        #expect(!Guidance.actions(for: GuidanceInput(lastScore: 8, purchases: 5, now: Self.now)).contains { $0.kind == .inviteToAdvocate })
        #expect(!Guidance.actions(for: GuidanceInput(lastScore: 10, purchases: 1, now: Self.now)).contains { $0.kind == .inviteToAdvocate })
        #expect(!Guidance.actions(for: GuidanceInput(
            positions: [Self.at(Self.journey, "advocate", daysAgo: 3)], lastScore: 10, purchases: 4, now: Self.now)).contains { $0.kind == .inviteToAdvocate })
        // without a survey answer, the last run's champion verdict stands
        let verdict = Guidance.actions(for: GuidanceInput(
            recommendations: [Recommendation(kind: .championCandidate, reason: "promoter (last score 10) who bought again")], now: Self.now))
        #expect(verdict.map(\.reason) == ["promoter (last score 10) who bought again"])
        // average customers with positive profit get focus; with none, not
        #expect(Guidance.actions(for: GuidanceInput(profit: Money(cents: 100), valueCategory: "average", now: Self.now)).map(\.kind) == [.focus])
        #expect(Guidance.actions(for: GuidanceInput(profit: Money(cents: 0), valueCategory: "average", now: Self.now)).isEmpty)
        // lost: win back when the run said so and profit is not negative; disinvest when it is
        let winBack = Recommendation(kind: .winBack, reason: "lost, but brought 900.00 in the past")
        #expect(Guidance.actions(for: GuidanceInput(profit: Money(cents: 500), valueCategory: "lost", recommendations: [winBack], now: Self.now))
            .map(\.kind) == [.winBack])
        #expect(Guidance.actions(for: GuidanceInput(profit: Money(cents: -500), valueCategory: "lost", recommendations: [winBack], now: Self.now))
            .map(\.kind) == [.disinvest])
        // the current category decides over an older disinvest verdict
        let stale = Recommendation(kind: .disinvest, reason: "old")
        #expect(Guidance.actions(for: GuidanceInput(profit: Money(cents: 500), valueCategory: "loyal", recommendations: [stale], now: Self.now))
            .map(\.kind) == [.focus])
        #expect(Guidance.actions(for: GuidanceInput(recommendations: [stale], now: Self.now)).map(\.reason) == ["old"])
    }

    @Test("texts from the models are in the workspace language; the order is deterministic")
    func languageAndDeterminism() throws {
        let input = GuidanceInput(positions: [Self.at(Self.pro, "result-exploration", daysAgo: 40)], now: Self.now, language: "ro")
        let actions = Guidance.actions(for: input)
        #expect(actions.first { $0.kind == .meetMarker }?.title == "Meet marker 'Rezultatul dorit descris'")
        #expect(actions.first { $0.kind == .playbook }?.title == "Întrebați cum arată succesul.")
        // a language a text lacks falls back to English
        #expect(actions.first { $0.kind == .stalled }?.reason == "40 days at Explorarea rezultatului (expected 30)")
        #expect(Guidance.actions(for: input) == actions)
        // ties keep the order they were made in (models in workspace order)
        let twoStalls = GuidanceInput(positions: [Self.at(Self.pro, "problem", daysAgo: 20), Self.at(Self.journey, "admit", daysAgo: 13)], now: Self.now)
        #expect(Guidance.actions(for: twoStalls).filter { $0.kind == .stalled }.map(\.model) == ["pro", "journey"])
    }
}
