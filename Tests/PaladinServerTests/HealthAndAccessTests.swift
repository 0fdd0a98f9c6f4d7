import Foundation
import Hummingbird
import HummingbirdTesting
import PaladinServer
import PaladinStore
import Testing

@Suite("Health, tokens and roles")
struct HealthAndAccessTests {
    @Test("/health and /ready answer 200 without a token")
    func health() async throws {
        try await Fixture.withApp { client, _ in
            #expect(try await client.call(.get, "/health", token: nil).status == .ok)
            let ready = try await client.call(.get, "/ready", token: nil)
            #expect(ready.status == .ok)
            #expect(ready.object["status"] as? String == "ready")
        }
    }

    @Test("a missing, malformed, unknown or forged token answers 401 problem+json")
    func badTokens() async throws {
        try await Fixture.withApp { client, fixture in
            // given a real token with its secret changed by one digit
            let real = fixture.tokens["owner"]!
            let forged = String(real.dropLast()) + (real.hasSuffix("0") ? "1" : "0")
            for token in [nil, "nonsense", "pld_1_99_" + String(repeating: "ab", count: 32), forged] {
                // when / then
                let response = try await client.call(.get, "/api/v1/models", token: token)
                #expect(response.isProblem(.unauthorized), "token \(token ?? "none"): \(response.text)")
            }
        }
    }

    @Test("a revoked token answers 401 at once")
    func revoked() async throws {
        try await Fixture.withApp { client, fixture in
            #expect(try await client.call(.get, "/api/v1/models", token: fixture.tokens["manager"]).status == .ok)
            _ = try await Access(database: fixture.database).revokeToken("manager token", workspace: "acme")
            #expect(try await client.call(.get, "/api/v1/models", token: fixture.tokens["manager"]).isProblem(.unauthorized))
        }
    }

    @Test("a viewer reads but may not write: 403 on every POST, and nothing is written")
    func viewer() async throws {
        try await Fixture.withApp { client, fixture in
            let viewer = fixture.tokens["viewer"]
            #expect(try await client.call(.get, "/api/v1/customers", token: viewer).status == .ok)
            #expect(try await client.call(.post, "/api/v1/customers", token: viewer, json: #"{"name":"Eve"}"#).isProblem(.forbidden))
            let id = fixture.agentsCustomer.id
            #expect(try await client.call(.post, "/api/v1/customers/\(id)/moves", token: viewer,
                                          json: #"{"model":"pro-customer","to":"decision-to-change"}"#).isProblem(.forbidden))
            #expect(try await client.call(.post, "/api/v1/customers/\(id)/markers", token: viewer,
                                          json: #"{"model":"pro-customer","marker":"problem-named"}"#).isProblem(.forbidden))
            let session = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
            #expect(try await session.customers(.init()).count == 2)
        }
    }

    @Test("an agent works only the customers they own")
    func agent() async throws {
        try await Fixture.withApp { client, fixture in
            let agent = fixture.tokens["agent"]
            let marker = #"{"model":"pro-customer","marker":"problem-named"}"#
            let own = try await client.call(.post, "/api/v1/customers/\(fixture.agentsCustomer.id)/markers", token: agent, json: marker)
            #expect(own.status == .created)
            let others = try await client.call(.post, "/api/v1/customers/\(fixture.othersCustomer.id)/markers", token: agent, json: marker)
            #expect(others.isProblem(.forbidden))
        }
    }

    @Test("over a live socket on 127.0.0.1: health and an authenticated list")
    func live() async throws {
        try await Fixture.withApp(.live) { client, fixture in
            #expect(client.port != nil)
            #expect(try await client.call(.get, "/health", token: nil).status == .ok)
            let list = try await client.call(.get, "/api/v1/customers", token: fixture.tokens["owner"])
            #expect(list.status == .ok)
            #expect((list.object["items"] as? [Any])?.count == 2)
        }
    }
}
