import Foundation
import Hummingbird
import HummingbirdTesting
import PaladinCore
import PaladinStore
import Testing

/// A token of one workspace never sees or changes another's customers: every route answers 404, never the data.
@Suite("Tenant isolation")
struct TenantIsolationTests {
    @Test("acme's owner gets 404 for globex's customers on every customer route, and globex is unchanged")
    func foreignIds() async throws {
        try await Fixture.withApp { client, fixture in
            let acme = fixture.tokens["owner"]
            // given globex's customer 3 (G-3): acme has no customer 3 and no G-3
            for reference in [String(fixture.foreignCustomer.id), "G-3", "G-1"] {
                let show = try await client.call(.get, "/api/v1/customers/\(reference)", token: acme)
                #expect(show.isProblem(.notFound), "\(reference): \(show.text)")
                #expect(!show.text.contains("Globex"))
                let move = try await client.call(
                    .post, "/api/v1/customers/\(reference)/moves", token: acme,
                    json: #"{"model":"pro-customer","to":"decision-to-change","force":true,"reason":"x"}"#)
                #expect(move.isProblem(.notFound), "\(reference): \(move.text)")
                let mark = try await client.call(
                    .post, "/api/v1/customers/\(reference)/markers", token: acme, json: #"{"model":"pro-customer","marker":"problem-named"}"#)
                #expect(mark.isProblem(.notFound), "\(reference): \(mark.text)")
            }
            // the list never shows them, whatever the filter
            for query in ["", "?q=globex", "?tag=vip", "?cursor=0&limit=500"] {
                let list = try await client.call(.get, "/api/v1/customers\(query)", token: acme)
                #expect(!list.text.contains("Globex"), "\(query)")
            }
            // and globex's customers have not moved nor gained markers
            let globex = try await WorkspaceSession.open(fixture.database, workspace: "globex", actor: "test")
            for customer in try await globex.customers(.init()) {
                let detail = try await globex.detail(String(customer.id))
                #expect(detail.moves.allSatisfy { $0.kind == .entry })
                #expect(detail.positions.allSatisfy { $0.metMarkers.isEmpty })
            }
        }
    }

    @Test("the same numeric id means each token's own workspace's customer")
    func sameIdDifferentWorkspace() async throws {
        try await Fixture.withApp { client, fixture in
            let acme = try await client.call(.get, "/api/v1/customers/1", token: fixture.tokens["owner"])
            let globex = try await client.call(.get, "/api/v1/customers/1", token: fixture.tokens["globex"])
            #expect((acme.object["customer"] as? [String: Any])?["name"] as? String == "Ana")
            #expect((globex.object["customer"] as? [String: Any])?["name"] as? String == "Globex 1")
            // a move by globex's token on its customer 1 leaves acme's customer 1 where it was
            let moved = try await client.call(
                .post, "/api/v1/customers/1/moves", token: fixture.tokens["globex"],
                json: #"{"model":"pro-customer","to":"decision-to-change","force":true,"reason":"test"}"#)
            #expect(moved.status == .created)
            let session = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
            #expect(try await session.detail("1").moves.allSatisfy { $0.kind == .entry })
        }
    }

    @Test("models are the token's workspace's: a model only globex has is 404 for acme")
    func models() async throws {
        try await Fixture.withApp { client, fixture in
            let globex = try await WorkspaceSession.open(fixture.database, workspace: "globex", actor: "test")
            let yaml = ModelDocument.yaml(try await globex.model("customer-journey")).replacingOccurrences(
                of: "key: customer-journey", with: "key: globex-journey")
            _ = try await globex.importModel(yaml, source: "test.yaml")
            #expect(try await client.call(.get, "/api/v1/models/globex-journey", token: fixture.tokens["globex"]).status == .ok)
            #expect(try await client.call(.get, "/api/v1/models/globex-journey", token: fixture.tokens["owner"]).isProblem(.notFound))
            let list = try await client.call(.get, "/api/v1/models", token: fixture.tokens["owner"])
            #expect(!list.text.contains("globex-journey"))
        }
    }

    @Test("score runs and imports are the token's workspace's: globex's run is 404 for acme, and an acme file cannot reach globex")
    func runsAndImports() async throws {
        try await Fixture.withApp { client, fixture in
            let acme = fixture.tokens["owner"]
            // globex's score run is not found by acme's token, nor listed
            let started = try await client.call(.post, "/api/v1/score-runs", token: fixture.tokens["globex"])
            let id = try #require(started.object["id"] as? Int)
            let show = try await client.call(.get, "/api/v1/score-runs/\(id)", token: acme)
            #expect(show.isProblem(.notFound), "\(show.text)")
            let list = try await client.call(.get, "/api/v1/score-runs", token: acme)
            #expect((list.object["items"] as? [Any])?.isEmpty == true)
            // an acme import naming globex's customers finds no such customer and writes nothing anywhere
            let csv = "customer,date,amount\nG-3,2026-01-05,12.50\n"
            let imported = try await client.call(.post, "/api/v1/imports/purchases", token: acme, json: csv, contentType: "text/csv")
            #expect(imported.isProblem(.unprocessableContent), "\(imported.text)")
            #expect(imported.problemFields == ["line 2: customer"])
            #expect(try await IdempotencyTests.purchases(fixture) == 0)
            #expect(try await IdempotencyTests.purchases(fixture, workspace: "globex") == 0)
            // a customer file from acme with globex's external ids creates acme customers; globex's stay as they were
            let customers = try await client.call(
                .post, "/api/v1/imports/customers", token: acme, json: "external_id,name\nG-1,Not Globex\n", contentType: "text/csv")
            #expect(customers.status == .created)
            #expect(customers.object["inserted"] as? Int == 1)
            let globex = try await WorkspaceSession.open(fixture.database, workspace: "globex", actor: "test")
            #expect(try await globex.customers(.init()).map(\.name) == ["Globex 1", "Globex 2", "Globex 3"])
        }
    }
}
