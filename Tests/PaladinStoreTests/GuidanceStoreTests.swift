import Foundation
import PaladinAnalytics
import PaladinCore
@testable import PaladinStore
import Testing

/// `next` and `nextActions` over a small history with the built-in models, at the fixed test clock.
@Suite("Guidance in the store")
struct GuidanceStoreTests {
    /// The same workspace, `days` before the test clock.
    func earlier(_ session: WorkspaceSession, days: Int) -> WorkspaceSession {
        WorkspaceSession(database: session.database, workspace: session.workspace, clock: .fixed(testNow.adding(days: -days)), actor: "tester")
    }

    /// A: an overdue follow-up. B: 30 days at Activate (stall zone, expected 21). C: Problem named in PRO Customer, so
    /// ready to move. D: only 40 days at Assess (expected 30). E: new today, only marker and playbook work.
    /// Every customer but E entered 40 days ago; A, C and D are ana's.
    func history(_ session: WorkspaceSession) async throws {
        let past = earlier(session, days: 40)
        for (id, name, owner) in [("A", "Ana's overdue", "ana@example.com"), ("B", "Bo's stall", "bo@example.com"),
                                  ("C", "Ana's ready", "ana@example.com"), ("D", "Ana's slow", "ana@example.com")] {
            _ = try await past.addCustomer(CustomerDraft(externalId: id, name: name, owner: owner))
        }
        _ = try await past.log("A", entry: InteractionEntry(
            channel: .phone, kind: .call, summary: "First call", followUp: testNow.date.adding(days: -3), followUpNote: "Send the brochure"))
        _ = try await earlier(session, days: 30).move(
            "B", model: "customer-journey", request: MoveRequest(to: "activate", force: true, reason: "history for the test"))
        _ = try await earlier(session, days: 2).mark("C", model: "pro-customer", marker: "problem-named", note: nil)
        _ = try await session.addCustomer(CustomerDraft(externalId: "E", name: "Eve new", owner: "ana@example.com"))
    }

    @Test("one customer: the overdue follow-up first, then the stall, the markers and the next playbook step")
    func oneCustomer() async throws {
        try await withSession { session in
            // given
            try await history(session)
            // when
            let guidance = try await session.next("A")
            // then
            #expect(guidance.customer.externalId == "A")
            let first = try #require(guidance.actions.first)
            #expect(first.kind == .followUpOverdue)
            #expect(first.title == "Follow up: Send the brochure")
            #expect(first.reason.contains("3 days ago"))
            #expect(guidance.actions.map(\.priority) == guidance.actions.map(\.priority).sorted())
            let stalled = try #require(guidance.actions.first { $0.kind == .stalled && $0.model == "customer-journey" })
            #expect(stalled.reason == "40 days at Assess (expected 30)")
            #expect(guidance.actions.contains { $0.kind == .meetMarker && $0.title == "Meet marker 'Expectations stated'" })
            // one interaction since entering Assess: the second step of its playbook is next
            let playbook = try #require(guidance.actions.first { $0.kind == .playbook && $0.model == "customer-journey" })
            #expect(playbook.title.hasPrefix("Tell the prospect clearly what to expect"))
            // C has met Problem named: ready to move on in PRO Customer
            let ready = try await session.next("C").actions.first
            #expect(ready?.kind == .readyToMove)
            #expect(ready?.model == "pro-customer")
            #expect(ready?.title == "Move to Decision to change")
            await #expect(throws: PaladinError.self) { try await session.next("NOPE") }
        }
    }

    @Test("across customers: the most urgent first, only customers who need attention, by owner, bounded by the limit")
    func acrossCustomers() async throws {
        try await withSession { session in
            // given
            try await history(session)
            // when
            let all = try await session.nextActions(owner: nil, limit: 20)
            // then: A (overdue follow-up), B (stall zone), C (ready to move), D (stalled at Assess); E has nothing urgent
            #expect(all.map(\.customer.externalId) == ["A", "B", "C", "D"])
            #expect(all.map { $0.actions.first?.kind } == [.followUpOverdue, .stalled, .readyToMove, .stalled])
            #expect(all.map { $0.actions.first?.priority } == [1, 4, 5, 6])
            #expect(try await session.nextActions(owner: "ana@example.com", limit: 20).map(\.customer.externalId) == ["A", "C", "D"])
            // owners compare without case, and a second name for the same owner (an agent's name) adds nothing here
            #expect(try await session.nextActions(owner: "ANA@Example.com", alsoOwnedAs: "Nobody Else", limit: 20)
                .map(\.customer.externalId) == ["A", "C", "D"])
            #expect(try await session.nextActions(owner: "  ", limit: 20).count == 4)
            #expect(try await session.nextActions(owner: nil, limit: 2).map(\.customer.externalId) == ["A", "B"])
            #expect(try await session.nextActions(owner: "nobody@example.com", limit: 20).isEmpty)
            for bad in [0, 501] {
                await #expect(throws: PaladinError.self) { try await session.nextActions(owner: nil, limit: bad) }
            }
            // doing the follow-up takes A off the top
            let followUp = try #require(try await session.followUps().first)
            try await session.completeFollowUp(followUp.id)
            #expect(try await session.nextActions(owner: nil, limit: 20).map(\.customer.externalId) == ["B", "C", "A", "D"])
        }
    }
}
