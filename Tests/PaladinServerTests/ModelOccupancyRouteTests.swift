import Foundation
import Hummingbird
import HummingbirdTesting
import PaladinCore
import PaladinStore
import Testing

@Suite("Models API: a stage where customers stand cannot be removed")
struct ModelOccupancyRouteTests {
    @Test("PUT /api/v1/models/{key} without an occupied stage answers 409 naming it and changes nothing; an empty stage may go")
    func occupiedStageRefused() async throws {
        try await Fixture.withApp { client, fixture in
            // given: both acme customers stand at the journey's first stage
            let before = try #require(try await ModelDocuments.stored(fixture, "customer-journey"))
            var shorter = before.model
            shorter.stages.removeFirst()
            // when
            let refused = try await client.send(
                .put, "/api/v1/models/customer-journey", token: fixture.tokens["owner"], body: ModelDocument.yaml(shorter),
                headers: ["Content-Type": "application/yaml"])
            // then
            #expect(refused.status == .conflict)
            #expect(refused.text.contains("assess") && refused.text.contains("2 customers"))
            #expect(try await ModelDocuments.stored(fixture, "customer-journey") == before)
            // an empty stage (the last one) may be removed
            var withoutLast = before.model
            withoutLast.stages.removeLast()
            let allowed = try await client.send(
                .put, "/api/v1/models/customer-journey", token: fixture.tokens["owner"], body: ModelDocument.yaml(withoutLast),
                headers: ["Content-Type": "application/yaml"])
            #expect(allowed.status == .ok)
            #expect(try await ModelDocuments.stored(fixture, "customer-journey")?.model.stages.count == before.model.stages.count - 1)
        }
    }
}
