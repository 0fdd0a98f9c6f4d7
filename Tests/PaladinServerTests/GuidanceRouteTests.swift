import Foundation
import Hummingbird
import HummingbirdTesting
import PaladinCore
import PaladinStore
import Testing

@Suite("Next best actions over HTTP")
struct GuidanceRouteTests {
    /// Ana (A-1, the agent's) has a follow-up 2 days overdue, Bogdan (A-2, someone else's) one 5 days overdue.
    static func overdueFollowUps(_ fixture: Fixture) async throws {
        let session = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
        let today = session.clock.now().date
        for (customer, days) in [("A-1", 2), ("A-2", 5)] {
            _ = try await session.log(customer, entry: InteractionEntry(
                channel: .phone, kind: .call, summary: "Called", followUp: today.adding(days: -days), followUpNote: "Call \(customer) back"))
        }
    }

    static func externalIds(_ response: TestResponse) -> [String] {
        (response.object["items"] as? [[String: Any]] ?? []).compactMap { ($0["customer"] as? [String: Any])?["external_id"] as? String }
    }

    @Test("GET /customers/{id}/next: the customer and their actions, the most urgent first, every key present")
    func oneCustomer() async throws {
        try await Fixture.withApp(prepare: Self.overdueFollowUps) { client, fixture in
            // when a viewer (any member) asks
            let response = try await client.call(.get, "/api/v1/customers/A-1/next", token: fixture.tokens["viewer"])
            // then
            #expect(response.status == .ok, "\(response.text)")
            #expect((response.object["customer"] as? [String: Any])?["external_id"] as? String == "A-1")
            let actions = response.object["actions"] as? [[String: Any]] ?? []
            let first = try #require(actions.first)
            #expect(first["kind"] as? String == "follow_up_overdue")
            #expect(first["priority"] as? Int == 1)
            #expect(first["title"] as? String == "Follow up: Call A-1 back")
            #expect((first["reason"] as? String)?.contains("2 days ago") == true)
            #expect(first["model"] is NSNull && first["stage"] is NSNull)
            #expect(first["due"] is String)
            for action in actions {
                #expect(Set(action.keys) == ["kind", "model", "stage", "title", "detail", "reason", "priority", "due"])
            }
            #expect(actions.contains { $0["kind"] as? String == "meet_marker" && $0["model"] as? String == "customer-journey" })
            let priorities = actions.compactMap { $0["priority"] as? Int }
            #expect(priorities == priorities.sorted())
            // the agent may read another owner's customer's actions too
            #expect(try await client.call(.get, "/api/v1/customers/A-2/next", token: fixture.tokens["agent"]).status == .ok)
        }
    }

    @Test("GET /customers/{id}/next: 404 for an unknown customer, 401 without a valid token")
    func oneCustomerErrors() async throws {
        try await Fixture.withApp { client, fixture in
            for reference in ["99", "NOPE"] {
                let response = try await client.call(.get, "/api/v1/customers/\(reference)/next", token: fixture.tokens["owner"])
                #expect(response.isProblem(.notFound), "\(reference): \(response.text)")
            }
            for token in [nil, "not-a-token"] {
                let response = try await client.call(.get, "/api/v1/customers/1/next", token: token)
                #expect(response.isProblem(.unauthorized))
            }
        }
    }

    @Test("GET /next: the most overdue first; owner filters; the limit bounds the list")
    func list() async throws {
        try await Fixture.withApp(prepare: Self.overdueFollowUps) { client, fixture in
            let all = try await client.call(.get, "/api/v1/next", token: fixture.tokens["manager"])
            #expect(all.status == .ok, "\(all.text)")
            #expect(Self.externalIds(all) == ["A-2", "A-1"])
            #expect(all.object["owner"] is NSNull)
            #expect(all.object["limit"] as? Int == 20)
            let one = try await client.call(.get, "/api/v1/next?limit=1&owner=", token: fixture.tokens["viewer"])
            #expect(Self.externalIds(one) == ["A-2"])
            #expect(one.object["owner"] is NSNull)
            let owned = try await client.call(.get, "/api/v1/next?owner=agent@acme.test", token: fixture.tokens["owner"])
            #expect(Self.externalIds(owned) == ["A-1"])
            #expect(owned.object["owner"] as? String == "agent@acme.test")
        }
    }

    @Test("GET /next for an agent: only their own customers, whatever owner the query names")
    func agentRestricted() async throws {
        try await Fixture.withApp(prepare: Self.overdueFollowUps) { client, fixture in
            for query in ["", "?owner=someone@acme.test", "?owner="] {
                let response = try await client.call(.get, "/api/v1/next\(query)", token: fixture.tokens["agent"])
                #expect(response.status == .ok)
                #expect(Self.externalIds(response) == ["A-1"], "\(query)")
                #expect(response.object["owner"] as? String == "agent@acme.test")
            }
        }
    }

    @Test("GET /next: 400 naming limit when it is not a whole number from 1 to 500; 401 without a valid token")
    func listErrors() async throws {
        try await Fixture.withApp { client, fixture in
            for limit in ["0", "501", "abc", "2.5", "-1"] {
                let response = try await client.call(.get, "/api/v1/next?limit=\(limit)", token: fixture.tokens["owner"])
                #expect(response.isProblem(.badRequest), "\(limit): \(response.text)")
                #expect(response.problemFields == ["limit"])
            }
            #expect(try await client.call(.get, "/api/v1/next", token: nil).isProblem(.unauthorized))
            #expect(try await client.call(.get, "/api/v1/next", token: "not-a-token").isProblem(.unauthorized))
        }
    }
}
