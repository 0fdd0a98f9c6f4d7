import Foundation
import PaladinCore
@testable import PaladinStore
import SQLKit
import Testing

/// Events go into the outbox in the transaction of the change that causes them: one pending delivery per active
/// subscription of the workspace to that event, none for anyone else.
@Suite("Webhook outbox")
struct WebhookOutboxTests {
    /// The outbox rows of the session's workspace, oldest first.
    func outbox(_ session: WorkspaceSession) async throws -> [WebhookDelivery] {
        try await session.database.sql.select().columns("*").from("webhook_deliveries")
            .where("workspace_id", .equal, session.workspace.id).orderBy("id").all().map(WebhookStore.decodeDelivery)
    }

    func payload(_ delivery: WebhookDelivery) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(delivery.payload.utf8)) as? [String: Any])
    }

    @Test("a move gives one delivery per subscriber to customer.moved; other events, inactive hooks and other workspaces get none")
    func move() async throws {
        try await withDatabase { database in
            // given acme with a subscriber to moves, one to markers only, and a paused one; globex subscribing to moves
            let acme = try await makeSession(database)
            let globex = try await makeSession(database, workspace: "globex")
            _ = try await acme.add("A-1", "Ana")
            _ = try await globex.add("G-1", "Gil")
            let moves = try await acme.createWebhook(url: "https://example.test/moves", events: ["customer.moved", "marker.met"], description: nil)
            _ = try await acme.createWebhook(url: "https://example.test/markers", events: ["marker.met"], description: nil)
            let paused = try await acme.createWebhook(url: "https://example.test/paused", events: ["customer.moved"], description: nil)
            _ = try await acme.updateWebhook(paused.id, changes: WebhookChanges(active: false))
            _ = try await globex.createWebhook(url: "https://example.test/globex", events: ["customer.moved"], description: nil)
            // when
            let move = try await acme.move("A-1", model: "pro-customer", request: MoveRequest(to: "decision-to-change", force: true, reason: "test"))
            // then
            let rows = try await outbox(acme)
            #expect(rows.count == 1)
            let row = try #require(rows.first)
            #expect(row.webhookId == moves.id && row.eventType == "customer.moved" && row.status == .pending && row.attempts == 0)
            #expect(row.nextAttemptAt == testNow)
            let body = try payload(row)
            #expect(body["type"] as? String == "customer.moved" && body["workspace"] as? String == "acme")
            #expect(body["id"] as? String == row.eventId && body["created_at"] as? String == testNow.description)
            let data = try #require(body["data"] as? [String: Any])
            #expect(data["move_id"] as? Int == Int(move.id) && data["model"] as? String == "pro-customer")
            #expect(data["to"] as? String == "decision-to-change" && data["kind"] as? String == move.kind.rawValue)
            #expect((data["customer"] as? [String: Any])?["external_id"] as? String == "A-1")
            #expect(data["decision"] is NSNull)
            #expect(try await outbox(globex).isEmpty)
        }
    }

    @Test("a refused move writes no delivery: the event lives and dies with its transaction")
    func refusedMove() async throws {
        try await withSession { session in
            _ = try await session.add("A-1", "Ana")
            _ = try await session.createWebhook(url: "http://127.0.0.1:9/x", events: ["customer.moved"], description: nil)
            await #expect(throws: PaladinError.self) {
                try await session.move("A-1", model: "pro-customer", request: MoveRequest(to: "result-exploration"))
            }
            #expect(try await outbox(session).isEmpty)
        }
    }

    @Test("a marker met on its own or through an interaction gives marker.met; met again in the cycle gives nothing")
    func markers() async throws {
        try await withSession { session in
            // given
            _ = try await session.add("A-1", "Ana")
            let hook = try await session.createWebhook(url: "https://example.test/m", events: ["marker.met"], description: "markers")
            // when
            _ = try await session.mark("A-1", model: "pro-customer", marker: "problem-named", note: "said so")
            _ = try await session.mark("A-1", model: "pro-customer", marker: "problem-named", note: "again")
            _ = try await session.log("A-1", entry: InteractionEntry(
                channel: .phone, kind: .call, summary: "Call", markers: [MarkerReference(model: "pro-customer", marker: "impact-acknowledged")]))
            _ = try await session.move("A-1", model: "pro-customer", request: MoveRequest(to: "decision-to-change", force: true, reason: "t"))
            // then: two marker events, no move event (not subscribed)
            let rows = try await outbox(session)
            #expect(rows.map(\.eventType) == ["marker.met", "marker.met"])
            #expect(rows.allSatisfy { $0.webhookId == hook.id })
            let first = try #require(try payload(rows[0])["data"] as? [String: Any])
            #expect(first["marker"] as? String == "problem-named" && first["note"] as? String == "said so" && first["interaction_id"] is NSNull)
            let second = try #require(try payload(rows[1])["data"] as? [String: Any])
            #expect(second["marker"] as? String == "impact-acknowledged" && second["interaction_id"] is Int)
        }
    }

    @Test("a score run gives derived.changed for each changed computed stage, and nothing when the next run changes none")
    func derived() async throws {
        try await withSession { session in
            // given
            try await seedScoringWorkspace(session)
            _ = try await session.createWebhook(url: "https://example.test/d", events: ["derived.changed"], description: nil)
            // when
            let report = try await session.score(asOf: testNow)
            // then: one event per computed move (4 customers × 3 derived models on a first run)
            let rows = try await outbox(session)
            #expect(rows.count == report.changes.map(\.changed).reduce(0, +))
            #expect(rows.count == 12)
            let dan = try rows.map(payload).compactMap { $0["data"] as? [String: Any] }.first {
                ($0["customer"] as? [String: Any])?["external_id"] as? String == "D-1" && $0["model"] as? String == "value-category"
            }
            #expect(dan?["to"] as? String == "demanding" && dan?["from"] is NSNull && dan?["overridden"] as? Bool == false)
            #expect(dan?["score_run_id"] as? Int == Int(report.runId) && (dan?["explanation"] as? String)?.isEmpty == false)
            // a second run at the same date changes nothing and emits nothing
            _ = try await session.score(asOf: testNow)
            #expect(try await outbox(session).count == 12)
        }
    }

    @Test("a follow-up is emitted once on its due day, not before, not when done, and only to its workspace's subscribers")
    func followUpDue() async throws {
        try await withDatabase { database in
            // given acme with follow-ups due yesterday, today, tomorrow, and one done; globex with one due but no subscriber
            let acme = try await makeSession(database)
            let globex = try await makeSession(database, workspace: "globex")
            _ = try await acme.add("A-1", "Ana")
            _ = try await globex.add("G-1", "Gil")
            let hook = try await acme.createWebhook(url: "https://example.test/f", events: ["follow_up.due"], description: nil)
            let today = testNow.date
            var ids: [Int64] = []
            for offset in [-1, 0, 1, -2] {
                let (_, _, followUp) = try await acme.log("A-1", entry: InteractionEntry(
                    channel: .email, kind: .message, summary: "Offer \(offset)", followUp: CivilDate(daysSinceEpoch: today.daysSinceEpoch + Int64(offset))))
                ids.append(try #require(followUp).id)
            }
            try await acme.completeFollowUp(ids[3])
            _ = try await globex.log("G-1", entry: InteractionEntry(channel: .email, kind: .message, summary: "x", followUp: today))
            let outboxStore = WebhookOutbox(database: database)
            // when
            let first = try await outboxStore.emitDueFollowUps(today: today, at: testNow)
            let again = try await outboxStore.emitDueFollowUps(today: today, at: testNow)
            // then: yesterday's and today's, once; globex's is noted but has no subscriber
            #expect(first == 3 && again == 0)
            let rows = try await outbox(acme)
            #expect(rows.count == 2 && rows.allSatisfy { $0.eventType == "follow_up.due" && $0.webhookId == hook.id })
            let emitted = try rows.map(payload).compactMap { (($0["data"] as? [String: Any])?["follow_up"] as? [String: Any])?["id"] as? Int }
            #expect(Set(emitted) == [Int(ids[0]), Int(ids[1])])
            #expect(try await outbox(globex).isEmpty)
            // tomorrow the third one comes due, once
            #expect(try await outboxStore.emitDueFollowUps(today: CivilDate(daysSinceEpoch: today.daysSinceEpoch + 1), at: testNow.adding(days: 1)) == 1)
            #expect(try await outbox(acme).count == 3)
        }
    }

    @Test("claiming leases due deliveries; attempts are recorded, retried when due, failed for good when told")
    func claimAndRecord() async throws {
        try await withSession { session in
            _ = try await session.add("A-1", "Ana")
            _ = try await session.createWebhook(url: "https://example.test/c", events: ["customer.moved"], description: nil)
            _ = try await session.move("A-1", model: "pro-customer", request: MoveRequest(to: "decision-to-change", force: true, reason: "t"))
            let outboxStore = WebhookOutbox(database: session.database)
            let claimed = try await outboxStore.claim(now: testNow, lease: 60, limit: 10)
            #expect(claimed.count == 1 && claimed.first?.url == "https://example.test/c" && claimed.first?.workspaceKey == "acme")
            // leased: not due again until the lease ends
            #expect(try await outboxStore.claim(now: testNow, lease: 60, limit: 10).isEmpty)
            let delivery = try #require(claimed.first?.delivery)
            try await outboxStore.failed(delivery, statusCode: 500, error: "HTTP 500", retryAt: testNow.adding(days: 1))
            #expect(try await outboxStore.claim(now: testNow.adding(days: 1), lease: 60, limit: 10).count == 1)
            try await outboxStore.failed(delivery, statusCode: nil, error: "timed out", retryAt: nil)
            let failed = try #require(try await outbox(session).first)
            #expect(failed.status == .failed && failed.attempts == 2 && failed.nextAttemptAt == nil && failed.lastError == "timed out")
            // a manual retry queues it again; a second one is a conflict
            let retried = try await session.retryDelivery(webhook: failed.webhookId, delivery: failed.id)
            #expect(retried.status == .pending && retried.nextAttemptAt == testNow)
            await #expect(throws: PaladinError.self) { try await session.retryDelivery(webhook: failed.webhookId, delivery: failed.id) }
        }
    }

    @Test("bad addresses and unknown events are refused naming the field; nothing is stored")
    func validation() async throws {
        try await withSession { session in
            for (url, events, field) in [
                ("ftp://example.test/x", ["customer.moved"], "url"), ("/relative", ["customer.moved"], "url"),
                ("https://user:pw@example.test/", ["customer.moved"], "url"), ("https://example.test/", [], "events"),
                ("https://example.test/", ["customer.moved", "customer.deleted"], "events[1]"),
            ] {
                do {
                    _ = try await session.createWebhook(url: url, events: events, description: nil)
                    Issue.record("\(url) \(events) was accepted")
                } catch PaladinError.invalid(let named, _) {
                    #expect(named == field)
                }
            }
            #expect(try await session.webhooks().isEmpty)
        }
    }
}
