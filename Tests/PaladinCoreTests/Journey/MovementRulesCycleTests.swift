import Testing
@testable import PaladinCore

@Suite("MovementRules: cycles, derived models and met markers")
struct MovementRulesCycleTests {
    let cyclic = JourneyFixture.sales(cyclic: true)
    let linear = JourneyFixture.sales()
    let ladder = JourneyFixture.ladder()

    private func request(_ to: String, force: Bool = false, reason: String? = nil) -> MoveRequest {
        MoveRequest(to: to, force: force, reason: reason)
    }

    // MARK: - Wrapping a cyclic model

    @Test func fromTheLastStageOfACyclicModelTheFirstStageStartsANewCycle() {
        // given a customer at the last stage of a cyclic model, its marker met
        let position = JourneyFixture.position("delivery", in: cyclic.key)
        // when they move to the first stage, with no reason
        let result = MovementRules.plan(model: cyclic, position: position, metMarkers: ["result-confirmed"], request: request("contact"))
        // then it is a wrap, not a move back
        #expect(result == .success(MovePlan(
            from: "delivery", to: "contact", kind: .wrap, skippedStages: [], overriddenMarkers: [], decision: nil, reason: nil)))
    }

    @Test func wrappingChecksTheLastStagesMarkers() throws {
        // given the last stage's required marker unmet
        let position = JourneyFixture.position("delivery", in: cyclic.key)
        // when the customer wraps, then wraps by force with a reason
        let refused = MovementRules.plan(model: cyclic, position: position, metMarkers: [], request: request("contact"))
        let forced = MovementRules.plan(
            model: cyclic, position: position, metMarkers: [], request: request("contact", force: true, reason: "new need"))
        // then the marker blocks, and force records it
        #expect(refused == .failure(.unmetMarkers(stage: "delivery", markers: [JourneyFixture.marker("result-confirmed")])))
        #expect(try forced.get().kind == .wrap)
        #expect(try forced.get().overriddenMarkers == ["result-confirmed"])
    }

    @Test func inACyclicModelGoingToTheFirstStageFromTheMiddleIsStillBack() {
        let position = JourneyFixture.position("decision", in: cyclic.key)
        let result = MovementRules.plan(model: cyclic, position: position, metMarkers: [], request: request("contact"))
        #expect(result == .failure(.reasonRequired(.back)))
    }

    @Test func fromTheLastStageOfANonCyclicModelTheFirstStageIsBack() throws {
        // given the last stage of a non-cyclic model, marker met
        let position = JourneyFixture.position("delivery")
        // when the customer goes to the first stage, without then with a reason
        let refused = MovementRules.plan(model: linear, position: position, metMarkers: ["result-confirmed"], request: request("contact"))
        let allowed = MovementRules.plan(
            model: linear, position: position, metMarkers: [], request: request("contact", reason: "lost the account"))
        // then it is a move back, which needs a reason and ignores markers
        #expect(refused == .failure(.reasonRequired(.back)))
        #expect(try allowed.get().kind == .back)
        #expect(try allowed.get().overriddenMarkers == [])
    }

    // MARK: - Derived models

    @Test func movingADerivedModelByHandNeedsAReason() {
        // given a customer computed as a prospect
        let position = JourneyFixture.position("prospect", in: "ladder", computed: "prospect")
        // when someone moves them forward, back or skipping, without a reason
        for target in ["client", "suspect"] {
            let result = MovementRules.plan(model: ladder, position: position, metMarkers: [], request: request(target))
            // then each is refused as an override without a reason
            #expect(result == .failure(.reasonRequired(.override)))
        }
    }

    @Test func aHandMoveInADerivedModelIsAnOverride() {
        // given a customer computed as a suspect
        let position = JourneyFixture.position("suspect", in: "ladder", computed: "suspect")
        // when someone pins them at "client" with a reason
        let result = MovementRules.plan(
            model: ladder, position: position, metMarkers: [], request: request("client", reason: "key account by contract"))
        // then the plan is an override, with nothing skipped
        #expect(result == .success(MovePlan(
            from: "suspect", to: "client", kind: .override, skippedStages: [], overriddenMarkers: [], decision: nil,
            reason: "key account by contract")))
    }

    @Test func overridingADerivedModelToTheStageAlreadyPinnedIsRefused() {
        let position = JourneyFixture.position("client", in: "ladder", isOverride: true, computed: "suspect")
        let result = MovementRules.plan(model: ladder, position: position, metMarkers: [], request: request("client", reason: "again"))
        #expect(result == .failure(.alreadyAtStage("client")))
    }

    // MARK: - Clearing an override

    @Test func clearingWhenNothingIsOverriddenIsRefused() {
        // given a computed position, and no position at all
        let computed = JourneyFixture.position("prospect", in: "ladder", computed: "prospect")
        // then there is nothing to clear
        #expect(MovementRules.planClear(model: ladder, position: computed, reason: "x") == .failure(.noOverride(model: "ladder")))
        #expect(MovementRules.planClear(model: ladder, position: nil, reason: "x") == .failure(.noOverride(model: "ladder")))
        #expect(MoveRefusal.noOverride(model: "ladder").description == "there is no manual override in model 'ladder' to clear")
    }

    @Test func clearingAnOverrideGoesBackToTheComputedStage() {
        // given a customer pinned at "client" while the rules say "prospect"
        let pinned = JourneyFixture.position("client", in: "ladder", isOverride: true, computed: "prospect")
        // when the override is cleared
        let result = MovementRules.planClear(model: ladder, position: pinned, reason: "  contract ended ")
        // then the plan returns to the computed stage
        #expect(result == .success(MovePlan(
            from: "client", to: "prospect", kind: .clear, skippedStages: [], overriddenMarkers: [], decision: nil,
            reason: "contract ended")))
    }

    @Test func clearingAnOverrideWithNoComputedStageLeavesNoStage() throws {
        let pinned = JourneyFixture.position("client", in: "ladder", isOverride: true, computed: nil)
        let plan = try MovementRules.planClear(model: ladder, position: pinned, reason: nil).get()
        #expect(plan.to == nil)
        #expect(plan.kind == .clear)
    }

    // MARK: - Which markers count

    @Test func inACyclicModelMarkersFromAnEarlierCycleDoNotCount() {
        // given a cycle that began on day 10
        let position = JourneyFixture.position("contact", in: cyclic.key, since: 10, cycleStarted: 10)
        let records = [
            JourneyFixture.record("named-problem", on: 3),
            JourneyFixture.record("budget-known", on: 10),
            JourneyFixture.record("offer-sent", on: 12),
        ]
        // when the met markers are collected
        let met = MovementRules.metMarkers(records, for: position, in: cyclic)
        // then only those recorded since the cycle began count
        #expect(met == ["budget-known", "offer-sent"])
    }

    @Test func inANonCyclicModelEveryRecordedMarkerCounts() {
        let position = JourneyFixture.position("contact", since: 10, cycleStarted: 10)
        let records = [JourneyFixture.record("named-problem", on: 3), JourneyFixture.record("budget-known", on: 12)]
        #expect(MovementRules.metMarkers(records, for: position, in: linear) == ["named-problem", "budget-known"])
    }

    @Test func anOldMarkerBlocksMovingOnInTheNextCycle() {
        // given a second cycle started on day 30, with "named-problem" met only in the first
        let position = JourneyFixture.position("contact", in: cyclic.key, since: 30, cycleStarted: 30)
        let records = [JourneyFixture.record("named-problem", on: 5), JourneyFixture.record("budget-known", on: 31)]
        // when the customer moves forward
        let met = MovementRules.metMarkers(records, for: position, in: cyclic)
        let result = MovementRules.plan(model: cyclic, position: position, metMarkers: met, request: request("proposal"))
        // then the old marker must be met again
        #expect(result == .failure(.unmetMarkers(stage: "contact", markers: [JourneyFixture.marker("named-problem")])))
    }
}
