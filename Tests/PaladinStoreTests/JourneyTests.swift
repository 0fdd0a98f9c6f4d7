import PaladinCore
@testable import PaladinStore
import Testing

@Suite("Moving customers through models")
struct JourneyTests {
    func journeys(_ session: WorkspaceSession) -> JourneyStore {
        JourneyStore(session.database.sql, workspace: session.workspace.id)
    }

    func refusal(_ body: () async throws -> Void) async -> MoveRefusal? {
        do {
            try await body()
            return nil
        } catch PaladinError.refused(let refusal) {
            return refusal
        } catch {
            Issue.record("expected a refusal, got \(error)")
            return nil
        }
    }

    @Test("after a sequence of moves every stored position equals the replay of the moves")
    func positionsEqualReplay() async throws {
        try await withSession { session in
            // given
            let customer = try await session.add("J-1", "Jana")
            // when: forward, forward after logging markers, back, skip with force, and a wrap in a cyclic model
            _ = try await session.mark("J-1", model: "customer-journey", marker: "expectations-stated", note: "said so")
            _ = try await session.move("J-1", model: "customer-journey", request: MoveRequest(to: "admit"))
            _ = try await session.log("J-1", entry: InteractionEntry(channel: .phone, kind: .call, summary: "Bought", markers: [
                MarkerReference(model: "customer-journey", marker: "need-admitted"),
                MarkerReference(model: "customer-journey", marker: "purchase-completed"),
            ]))
            _ = try await session.move("J-1", model: "customer-journey", request: MoveRequest(to: "affirm", decision: "Buys"))
            _ = try await session.move("J-1", model: "customer-journey", request: MoveRequest(to: "assess", reason: "Returned the order"))
            _ = try await session.move("J-1", model: "customer-journey", request: MoveRequest(to: "activate", reason: "Reordered"))
            _ = try await session.move("J-1", model: "pro-customer", request: MoveRequest(to: "result-confirmation", force: true, reason: "Known client"))
            _ = try await session.mark("J-1", model: "pro-customer", marker: "result-reached", note: nil)
            let wrap = try await session.move("J-1", model: "pro-customer", request: MoveRequest(to: "problem-awareness"))
            // then
            #expect(wrap.kind == .wrap)
            #expect(try await session.position(of: "J-1", in: "customer-journey")?.stage == "activate")
            #expect(try await session.position(of: "J-1", in: "pro-customer")?.stage == "problem-awareness")
            #expect(try await journeys(session).inconsistencies(customer: customer.id).isEmpty)
            #expect(try await session.verifyPositions().isEmpty)
            let moves = try await journeys(session).moves(customer: customer.id, model: "customer-journey")
            #expect(moves.map(\.kind) == [.entry, .forward, .forward, .back, .skip])
            #expect(moves.last?.skippedStages == ["admit", "affirm"])
            #expect(Position.replay(moves) == (try await session.position(of: "J-1", in: "customer-journey")))
        }
    }

    @Test("required markers gate a forward move until marked or logged; a refused move writes nothing")
    func markersGateMoves() async throws {
        try await withSession { session in
            // given
            try await session.add("G-1", "Gabi")
            let before = try await Counts(session)
            // when
            let refused = await refusal { _ = try await session.move("G-1", model: "customer-journey", request: MoveRequest(to: "admit")) }
            // then
            guard case .unmetMarkers(let stage, let markers)? = refused else { Issue.record("not refused: \(String(describing: refused))"); return }
            #expect(stage == "assess")
            #expect(markers.map(\.key) == ["expectations-stated"])
            #expect(try await Counts(session) == before)
            #expect(try await session.position(of: "G-1", in: "customer-journey")?.stage == "assess")

            // when: the marker is met through a logged interaction
            let (_, records, _) = try await session.log("G-1", entry: InteractionEntry(channel: .email, kind: .message, summary: "Wants X",
                markers: [MarkerReference(model: "customer-journey", marker: "expectations-stated")]))
            let moved = try await session.move("G-1", model: "customer-journey", request: MoveRequest(to: "admit"))
            // then
            #expect(records.map(\.marker) == ["expectations-stated"])
            #expect(moved.from == "assess" && moved.to == "admit" && moved.kind == .forward && moved.actor == "tester")
        }
    }

    @Test("marking a marker already met records nothing the second time")
    func markTwice() async throws {
        try await withSession { session in
            try await session.add("M-1", "Mia")
            let first = try await session.mark("M-1", model: "customer-journey", marker: "expectations-stated", note: "n")
            let second = try await session.mark("M-1", model: "customer-journey", marker: "expectations-stated", note: "n")
            #expect(first?.marker == "expectations-stated")
            #expect(second == nil)
            #expect(try await Counts(session).markers == 1)
        }
    }

    @Test("in a cyclic model, markers met before the wrap do not count in the new cycle")
    func cycleResetsMarkers() async throws {
        try await withSession { session in
            // given: problem-named met, then a full cycle forced through to the wrap
            try await session.add("W-1", "Walt")
            _ = try await session.mark("W-1", model: "pro-customer", marker: "problem-named", note: nil)
            _ = try await session.move("W-1", model: "pro-customer", request: MoveRequest(to: "result-confirmation", force: true, reason: "r"))
            let nextDay = WorkspaceSession(database: session.database, workspace: session.workspace, clock: .fixed(testNow.adding(days: 1)), actor: "tester")
            _ = try await nextDay.move("W-1", model: "pro-customer", request: MoveRequest(to: "problem-awareness", force: true, reason: "r"))
            // when
            let refused = await refusal { _ = try await nextDay.move("W-1", model: "pro-customer", request: MoveRequest(to: "decision-to-change")) }
            // then
            guard case .unmetMarkers(_, let markers)? = refused else { Issue.record("not refused: \(String(describing: refused))"); return }
            #expect(markers.map(\.key) == ["problem-named"])
        }
    }

    @Test("skip, back and force need reasons; unknown stages, markers, models and customers are named")
    func refusalsAndNotFound() async throws {
        try await withSession { session in
            // given
            try await session.add("R-1", "Rita")
            let before = try await Counts(session)
            // when / then
            #expect(await refusal { _ = try await session.move("R-1", model: "customer-journey", request: MoveRequest(to: "affirm")) } == .reasonRequired(.skip))
            #expect(await refusal { _ = try await session.move("R-1", model: "customer-journey", request: MoveRequest(to: "admit", force: true)) } == .forceNeedsReason)
            #expect(await refusal { _ = try await session.move("R-1", model: "customer-journey", request: MoveRequest(to: "assess")) } == .alreadyAtStage("assess"))
            // an unknown stage is "not found" (exit 1), not a refusal by the rules (exit 3)
            do {
                _ = try await session.move("R-1", model: "customer-journey", request: MoveRequest(to: "nowhere"))
                Issue.record("a move to an unknown stage was accepted")
            } catch PaladinError.notFound(let message) {
                #expect(message.contains("no stage 'nowhere'") && message.contains("assess, admit"))
            }
            await #expect(throws: PaladinError.self) { _ = try await session.mark("R-1", model: "customer-journey", marker: "no-such", note: nil) }
            await #expect(throws: PaladinError.self) { _ = try await session.move("R-1", model: "no-model", request: MoveRequest(to: "x")) }
            await #expect(throws: PaladinError.self) { _ = try await session.move("NOBODY", model: "customer-journey", request: MoveRequest(to: "admit")) }
            await #expect(throws: PaladinError.self) {
                _ = try await session.log("R-1", entry: InteractionEntry(channel: .phone, kind: .call, summary: "x",
                    markers: [MarkerReference(model: "customer-journey", marker: "no-such")]))
            }
            #expect(try await Counts(session) == before)
        }
    }

    @Test("a derived model is moved only as an override with a reason, until the override is cleared")
    func derivedOverride() async throws {
        try await withSession { session in
            // given
            try await session.add("O-1", "Olga")
            // when / then: no reason is refused
            #expect(await refusal { _ = try await session.move("O-1", model: "engagement-ladder", request: MoveRequest(to: "client")) } == .reasonRequired(.override))
            // when: an override with a reason
            let override = try await session.move("O-1", model: "engagement-ladder", request: MoveRequest(to: "client", reason: "Signed a contract"))
            let overridden = try #require(try await session.position(of: "O-1", in: "engagement-ladder"))
            // then
            #expect(override.kind == .override)
            #expect(overridden.stage == "client" && overridden.isOverride)
            // when: cleared
            let clear = try await session.clearOverride("O-1", model: "engagement-ladder", reason: "Back to the rules")
            // then: nothing computed yet, so the customer has no stage in the model
            #expect(clear.kind == .clear && clear.from == "client" && clear.to == nil)
            #expect(try await session.position(of: "O-1", in: "engagement-ladder") == nil)
            #expect(await refusal { _ = try await session.clearOverride("O-1", model: "engagement-ladder", reason: nil) } == .noOverride(model: "engagement-ladder"))
            #expect(try await session.verifyPositions().isEmpty)
        }
    }
}
