import Testing
@testable import PaladinCore

@Suite("Position: replaying moves")
struct PositionReplayTests {
    private typealias F = JourneyFixture

    @Test func noMovesMeansNoPosition() {
        #expect(Position.replay([]) == nil)
    }

    @Test func entryPlacesTheCustomerAndStartsTheCycle() throws {
        // given nothing
        // when the customer enters on day 2
        let position = try #require(Position.applying(F.move(.entry, to: "contact", on: 2), to: nil))
        // then they are at the entry stage since day 2, in a cycle begun on day 2
        #expect(position == F.position("contact", since: 2, cycleStarted: 2))
    }

    @Test func forwardSkipAndBackMoveTheStageButKeepTheCycle() throws {
        // given entry on day 1, then forward on day 4, skip on day 9 and back on day 15
        let moves = [
            F.move(.entry, to: "contact", on: 1),
            F.move(.forward, to: "proposal", from: "contact", on: 4),
            F.move(.skip, to: "delivery", from: "proposal", on: 9),
            F.move(.back, to: "decision", from: "delivery", on: 15),
        ]
        // when the moves are replayed one at a time
        var states: [Position] = []
        var current: Position?
        for move in moves {
            current = Position.applying(move, to: current)
            states.append(try #require(current))
        }
        // then every step changes the stage and `since`, never the cycle start
        #expect(states.map(\.stage) == ["contact", "proposal", "delivery", "decision"])
        #expect(states.map(\.since) == [F.day(1), F.day(4), F.day(9), F.day(15)])
        #expect(states.allSatisfy { $0.cycleStartedAt == F.day(1) && !$0.isOverride })
        #expect(Position.replay(moves) == states.last)
    }

    @Test func aWrapStartsANewCycle() {
        // given a full cycle then a wrap on day 40 and a forward on day 45
        let moves = [
            F.move(.entry, to: "contact", on: 0),
            F.move(.skip, to: "delivery", from: "contact", on: 20),
            F.move(.wrap, to: "contact", from: "delivery", on: 40),
            F.move(.forward, to: "proposal", from: "contact", on: 45),
        ]
        // when replayed
        let position = Position.replay(moves)
        // then the cycle counts from the wrap
        #expect(position == F.position("proposal", since: 45, cycleStarted: 40))
    }

    @Test func reEnteringRestartsTheCycle() {
        let moves = [F.move(.entry, to: "contact", on: 0), F.move(.forward, to: "proposal", on: 3), F.move(.entry, to: "contact", on: 50)]
        #expect(Position.replay(moves) == F.position("contact", since: 50, cycleStarted: 50))
    }

    @Test func computedMovesUpdateADerivedStage() {
        // given a ladder computed as suspect on day 1, prospect on day 5, prospect again on day 8
        let moves = [
            F.move(.computed, to: "suspect", on: 1, model: "ladder"),
            F.move(.computed, to: "prospect", from: "suspect", on: 5, model: "ladder"),
            F.move(.computed, to: "prospect", from: "prospect", on: 8, model: "ladder"),
        ]
        // when replayed
        let position = Position.replay(moves)
        // then the stage follows the rules, and an unchanged result keeps `since`
        #expect(position == F.position("prospect", in: "ladder", since: 5, cycleStarted: 1, computed: "prospect"))
    }

    @Test func anOverridePinsTheStageWhileComputedMovesOnlyUpdateTheComputedStage() throws {
        // given a computed prospect, pinned at client by hand on day 10
        let moves = [
            F.move(.computed, to: "prospect", on: 1, model: "ladder"),
            F.move(.override, to: "client", from: "prospect", on: 10, model: "ladder"),
            F.move(.computed, to: "suspect", from: "client", on: 20, model: "ladder"),
        ]
        // when replayed
        let position = try #require(Position.replay(moves))
        // then the override stands since day 10, and only the computed stage moved on
        #expect(position.stage == "client")
        #expect(position.isOverride)
        #expect(position.since == F.day(10))
        #expect(position.computedStage == "suspect")
    }

    @Test func clearingAnOverrideReturnsToTheComputedStage() {
        // given an override at client while the rules last said suspect
        let moves = [
            F.move(.computed, to: "prospect", on: 1, model: "ladder"),
            F.move(.override, to: "client", from: "prospect", on: 10, model: "ladder"),
            F.move(.computed, to: "suspect", from: "client", on: 20, model: "ladder"),
            F.move(.clear, to: "suspect", from: "client", on: 30, model: "ladder"),
        ]
        // when replayed
        let position = Position.replay(moves)
        // then the customer is back at the computed stage, no longer overridden, since the clear
        #expect(position == F.position("suspect", in: "ladder", since: 30, cycleStarted: 1, computed: "suspect"))
    }

    @Test func clearingAnOverrideOnTheComputedStageKeepsItsSince() {
        // given an override that pinned the stage the rules also compute
        let moves = [
            F.move(.computed, to: "prospect", on: 1, model: "ladder"),
            F.move(.override, to: "prospect", from: "prospect", on: 10, model: "ladder"),
            F.move(.clear, to: "prospect", from: "prospect", on: 30, model: "ladder"),
        ]
        // then clearing changes nothing but the override flag
        #expect(Position.replay(moves) == F.position("prospect", in: "ladder", since: 10, cycleStarted: 1, computed: "prospect"))
    }

    @Test func clearingWithNoComputedStageLeavesNoPosition() {
        // given an override made before the rules ever placed the customer
        let moves = [
            F.move(.override, to: "client", on: 3, model: "ladder"),
            F.move(.clear, to: nil, from: "client", on: 9, model: "ladder"),
        ]
        // then the customer has no stage
        #expect(Position.replay(moves) == nil)
    }

    @Test func aMoveRecordFromAPlanReplaysToThePlannedStage() throws {
        // given a planned forward move
        let plan = try MovementRules.plan(
            model: F.sales(), position: F.position("decision", since: 3), metMarkers: [],
            request: MoveRequest(to: "delivery", decision: "signed")).get()
        // when it is recorded and applied
        let move = plan.move(id: 7, customerId: 1, model: "sales", at: F.day(6), actor: "ana@example.com")
        let position = Position.applying(move, to: F.position("decision", since: 3))
        // then the record carries the plan and the position follows it
        #expect(move.from == "decision" && move.to == "delivery" && move.kind == .forward && move.decision == "signed")
        #expect(!move.isForced)
        #expect(position == F.position("delivery", since: 6, cycleStarted: 0))
    }
}
