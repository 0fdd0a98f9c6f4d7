import Foundation
import Hummingbird
import HummingbirdTesting
import PaladinCore
@testable import PaladinServer
import PaladinStore
import Testing

@Suite("Web: an interaction that shows markers")
struct WebInteractionMarkerTests {
    @Test("the interaction form offers the unmet markers; the ones ticked are recorded met with the interaction")
    func interactionMeetsMarkers() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = try await Browser.signedIn(client, as: "owner")
            let page = try await browser.get(client, "/customers/1")
            #expect(page.text.contains(#"name="marker" value="pro-customer:problem-named""#))
            #expect(page.text.contains(#"<label class="check" for="i-marker-pro-customer-problem-named">"#))
            // when
            let logged = try await browser.post(client, "/customers/1/interactions", [
                ("channel", "phone"), ("kind", "call"), ("summary", "They named the problem"), ("marker", "pro-customer:problem-named"),
            ])
            // then
            #expect(logged.status == .seeOther && logged.headers[.location] == "/customers/1?done=interaction")
            let records = try await JourneyStore(fixture.database.sql, workspace: 1).markers(customer: 1, model: "pro-customer")
            #expect(records.map(\.marker) == ["problem-named"])
            let after = try await browser.get(client, "/customers/1")
            #expect(!after.text.contains(#"value="pro-customer:problem-named""#), "a met marker is no longer offered")
        }
    }

    @Test("a mistake keeps the ticked markers; a malformed marker is 400, an unknown one 404; nothing is written")
    func interactionMarkerMistakes() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = try await Browser.signedIn(client, as: "owner")
            _ = try await browser.get(client, "/customers/1")
            let kept = try await browser.post(client, "/customers/1/interactions", [
                ("channel", "phone"), ("kind", "call"), ("summary", ""), ("marker", "pro-customer:problem-named"),
            ])
            #expect(kept.status == .unprocessableContent)
            #expect(kept.text.contains(#"value="pro-customer:problem-named" checked"#))
            let malformed = try await browser.post(client, "/customers/1/interactions", [
                ("channel", "phone"), ("kind", "call"), ("summary", "x"), ("marker", "no-colon"),
            ])
            #expect(malformed.status == .badRequest)
            let unknown = try await browser.post(client, "/customers/1/interactions", [
                ("channel", "phone"), ("kind", "call"), ("summary", "x"), ("marker", "pro-customer:no-such-marker"),
            ])
            #expect(unknown.status == .notFound)
            #expect(try await fixture.database.count("interactions") == 0)
        }
    }
}
