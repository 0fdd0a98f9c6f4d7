import Testing
@testable import PaladinCore

/// Plans a move in `model` for a customer at `stage` (nil: not placed yet) with `met` markers.
private func planMove(
    _ model: JourneyModel = JourneyFixture.sales(), from stage: String?, met: Set<String> = [], to target: String,
    decision: String? = nil, force: Bool = false, reason: String? = nil
) -> Result<MovePlan, MoveRefusal> {
    MovementRules.plan(
        model: model, position: stage.map { JourneyFixture.position($0, in: model.key) }, metMarkers: met,
        request: MoveRequest(to: target, decision: decision, force: force, reason: reason)
    )
}

private let contactRequired = [JourneyFixture.marker("named-problem"), JourneyFixture.marker("budget-known")]

@Suite("MovementRules: a guided model")
struct MovementRulesGuidedTests {
    @Test func enteringAtTheFirstStageNeedsNothing() {
        // given a customer not yet placed
        // when they enter at the first stage
        let result = planMove(from: nil, to: "contact", decision: " wants to talk ")
        // then it is an entry with the trimmed decision and nothing skipped
        #expect(result == .success(MovePlan(
            from: nil, to: "contact", kind: .entry, skippedStages: [], overriddenMarkers: [], decision: "wants to talk", reason: nil)))
    }

    @Test func enteringAtALaterStageIsASkipThatNeedsAReason() {
        // given a customer not yet placed
        // when they are placed straight at "decision" without a reason, then with one
        let refused = planMove(from: nil, to: "decision")
        let allowed = planMove(from: nil, to: "decision", reason: "came from a referral")
        // then the first is refused and the second skips the first two stages
        #expect(refused == .failure(.reasonRequired(.skip)))
        #expect(allowed == .success(MovePlan(
            from: nil, to: "decision", kind: .skip, skippedStages: ["contact", "proposal"], overriddenMarkers: [],
            decision: nil, reason: "came from a referral")))
    }

    @Test func aPositionWhoseStageLeftTheModelReentersLikeANewCustomer() throws {
        // given a position at a stage the model no longer has
        // when the customer is placed at the first stage
        let result = planMove(from: "retired-stage", to: "contact")
        // then it is an entry from the old stage
        #expect(try result.get().kind == .entry)
        #expect(try result.get().from == "retired-stage")
    }

    @Test func forwardIsRefusedListingExactlyTheUnmetRequiredMarkers() {
        // given a customer at "contact" with only the optional marker met
        // when they move forward
        let result = planMove(from: "contact", met: ["met-in-person"], to: "proposal")
        // then both required markers are listed, the optional one is not
        #expect(result == .failure(.unmetMarkers(stage: "contact", markers: contactRequired)))
    }

    @Test func forwardListsOnlyTheRequiredMarkersStillUnmet() {
        // given one of the two required markers met
        let result = planMove(from: "contact", met: ["budget-known"], to: "proposal")
        // then only the other one blocks
        #expect(result == .failure(.unmetMarkers(stage: "contact", markers: [JourneyFixture.marker("named-problem")])))
    }

    @Test func forwardIsAllowedOnceTheRequiredMarkersAreMetEvenIfOptionalOnesAreNot() {
        // given both required markers met and the optional one not
        let result = planMove(from: "contact", met: ["named-problem", "budget-known"], to: "proposal", decision: "wants a proposal")
        // then the move goes one stage forward without overrides
        #expect(result == .success(MovePlan(
            from: "contact", to: "proposal", kind: .forward, skippedStages: [], overriddenMarkers: [],
            decision: "wants a proposal", reason: nil)))
    }

    @Test func forwardFromAStageWithoutMarkersIsAlwaysAllowed() throws {
        #expect(try planMove(from: "decision", to: "delivery").get().kind == .forward)
    }

    @Test(arguments: [nil, "", "   "])
    func forcingWithoutAReasonIsRefused(reason: String?) {
        // given unmet required markers
        // when the move is forced with no (or a blank) reason
        let result = planMove(from: "contact", to: "proposal", force: true, reason: reason)
        // then force is refused for want of a reason
        #expect(result == .failure(.forceNeedsReason))
    }

    @Test func forcingWithAReasonRecordsTheOverriddenMarkers() {
        // given one required marker met
        // when the move is forced with a reason
        let result = planMove(from: "contact", met: ["named-problem"], to: "proposal", force: true, reason: " urgent tender ")
        // then the plan carries the unmet marker as overridden and the trimmed reason
        #expect(result == .success(MovePlan(
            from: "contact", to: "proposal", kind: .forward, skippedStages: [], overriddenMarkers: ["budget-known"],
            decision: nil, reason: "urgent tender")))
    }

    @Test func forcingWhenEverythingIsMetOverridesNothing() throws {
        let result = planMove(from: "contact", met: ["named-problem", "budget-known"], to: "proposal", force: true, reason: "habit")
        #expect(try result.get().overriddenMarkers == [])
    }

    @Test func skippingNeedsAReasonAndListsTheSkippedStages() {
        // given a customer at "contact" with its markers met
        let met: Set<String> = ["named-problem", "budget-known"]
        // when they jump to "delivery" without, then with, a reason
        let refused = planMove(from: "contact", met: met, to: "delivery")
        let allowed = planMove(from: "contact", met: met, to: "delivery", reason: "signed at the first meeting")
        // then a reason is required, and the stages in between are listed
        #expect(refused == .failure(.reasonRequired(.skip)))
        #expect(allowed == .success(MovePlan(
            from: "contact", to: "delivery", kind: .skip, skippedStages: ["proposal", "decision"], overriddenMarkers: [],
            decision: nil, reason: "signed at the first meeting")))
    }

    @Test func skippingPastUnmetMarkersNeedsForceToo() {
        // given a customer at "contact" with nothing met
        // when they skip with a reason, then with a reason and force
        let refused = planMove(from: "contact", to: "decision", reason: "referral")
        let forced = planMove(from: "contact", to: "decision", force: true, reason: "referral")
        // then the reason alone is not enough; with force the unmet markers are recorded
        #expect(refused == .failure(.unmetMarkers(stage: "contact", markers: contactRequired)))
        #expect(forced == .success(MovePlan(
            from: "contact", to: "decision", kind: .skip, skippedStages: ["proposal"],
            overriddenMarkers: ["named-problem", "budget-known"], decision: nil, reason: "referral")))
    }

    @Test func goingBackNeedsAReasonButNeverChecksMarkers() {
        // given a customer at "delivery" whose "result-confirmed" marker is unmet
        // when they go back to "proposal" without, then with, a reason
        let refused = planMove(from: "delivery", to: "proposal")
        let allowed = planMove(from: "delivery", to: "proposal", reason: "offer withdrawn")
        // then the reason is required, and no marker stands in the way
        #expect(refused == .failure(.reasonRequired(.back)))
        #expect(allowed == .success(MovePlan(
            from: "delivery", to: "proposal", kind: .back, skippedStages: [], overriddenMarkers: [],
            decision: nil, reason: "offer withdrawn")))
    }

    @Test func movingToTheCurrentStageIsRefused() {
        #expect(planMove(from: "proposal", to: "proposal", reason: "again") == .failure(.alreadyAtStage("proposal")))
    }

    @Test func anUnknownStageIsRefusedListingTheKnownStages() {
        // when the target is not a stage of the model
        let result = planMove(from: "contact", to: "closing")
        // then the refusal names the model and all its stages
        let refusal = MoveRefusal.unknownStage(model: "sales", stage: "closing", known: ["contact", "proposal", "decision", "delivery"])
        #expect(result == .failure(refusal))
        #expect(refusal.description == "model 'sales' has no stage 'closing' (stages: contact, proposal, decision, delivery)")
    }

    @Test func theUnmetMarkersRefusalExplainsWhatToDo() {
        let refusal = MoveRefusal.unmetMarkers(stage: "contact", markers: contactRequired)
        #expect(refusal.description.contains("named-problem (named-problem), budget-known (budget-known)"))
        #expect(refusal.description.contains("force the move with a reason"))
    }
}
