import Foundation
import Hummingbird
import HummingbirdTesting
import PaladinServer
import Testing

@Suite("Metrics and request ids")
struct ObservabilityTests {
    @Test("/metrics shows requests by route and the moves made, in the Prometheus text format, without a token")
    func metrics() async throws {
        try await Fixture.withApp { client, fixture in
            // given a request to a route and a move through the API
            #expect(try await client.call(.get, "/api/v1/models", token: fixture.tokens["owner"]).status == .ok)
            let move = try await client.call(
                .post, "/api/v1/customers/A-2/moves", token: fixture.tokens["owner"],
                json: #"{"model":"customer-journey","to":"admit","force":true,"reason":"signed at the fair"}"#)
            #expect(move.status == .created)
            // when
            let response = try await client.call(.get, "/metrics", token: nil)
            // then
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
            let text = response.text
            #expect(text.contains("# TYPE paladin_moves_total counter"))
            #expect(text.contains(#"paladin_moves_total{model="customer-journey",kind="forward"}"#)
                || text.contains(#"paladin_moves_total{kind="forward",model="customer-journey"}"#))
            #expect(text.contains("/api/v1/models"), "request metrics name the route")
            #expect(!text.contains("Bogdan"), "no customer data")
        }
    }

    @Test("every response carries the request's id, different for each request")
    func requestIDs() async throws {
        try await Fixture.withApp { client, fixture in
            let first = try await client.call(.get, "/health", token: nil)
            let second = try await client.call(.get, "/api/v1/customers/nobody", token: fixture.tokens["owner"])
            let ids = [first, second].map { response in response.headers.first { $0.name.canonicalName == "x-request-id" }?.value }
            #expect(ids.allSatisfy { ($0 ?? "").isEmpty == false }, "\(ids) \(first.headers) \(second.headers)")
            #expect(ids[0] != ids[1])
            #expect(second.status == .notFound)
        }
    }
}
