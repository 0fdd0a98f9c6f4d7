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

    @Test("the new customer routes: another workspace's customer is 404 for delete and metrics, and is not deleted")
    func foreignCustomerRoutes() async throws {
        try await Fixture.withApp { client, fixture in
            let acme = fixture.tokens["owner"]
            for reference in [String(fixture.foreignCustomer.id), "G-3", "G-1"] {
                let delete = try await client.call(.delete, "/api/v1/customers/\(reference)", token: acme)
                #expect(delete.isProblem(.notFound), "\(reference): \(delete.text)")
                let metrics = try await client.call(.get, "/api/v1/customers/\(reference)/metrics", token: acme)
                #expect(metrics.isProblem(.notFound), "\(reference): \(metrics.text)")
                #expect(!metrics.text.contains("Globex"))
            }
            let globex = try await WorkspaceSession.open(fixture.database, workspace: "globex", actor: "test")
            #expect(try await globex.customers(.init()).count == 3)
            // sorted pages never show them either
            for sort in ["name", "-name", "created", "-updated", "-id"] {
                let list = try await client.call(.get, "/api/v1/customers?sort=\(sort)&limit=500", token: acme)
                #expect(list.status == .ok)
                #expect(!list.text.contains("Globex"), "\(sort)")
            }
        }
    }

    @Test("the workspace reports are the token's: exports, NPS, recommendations, check and metrics show nothing of globex")
    func foreignReports() async throws {
        try await Fixture.withApp { client, fixture in
            // given globex with a survey answer and a score run
            let globex = try await WorkspaceSession.open(fixture.database, workspace: "globex", actor: "test")
            _ = try await globex.addSurvey("G-1", score: 10, comment: "Globex secret", at: nil)
            _ = try await globex.addPurchase("G-1", amount: Money(cents: 100), currency: nil, at: nil, reference: "GLOBEX-INV")
            _ = try await globex.score()
            let acme = fixture.tokens["owner"]
            for kind in ExportKind.allCases {
                let export = try await client.call(.get, "/api/v1/exports/\(kind.rawValue)", token: acme)
                #expect(export.status == .ok)
                #expect(!export.text.contains("Globex") && !export.text.contains("G-") && !export.text.contains("GLOBEX"), "\(kind)")
            }
            let nps = try await client.call(.get, "/api/v1/nps", token: acme)
            #expect((nps.object["total"] as? [String: Any])?["respondents"] as? Int == 0)
            let recommendations = try await client.call(.get, "/api/v1/recommendations", token: acme)
            #expect(!recommendations.text.contains("Globex"))
            #expect(try await client.call(.get, "/api/v1/check", token: acme).object["ok"] as? Bool == true)
            // and globex sees its own
            let own = try await client.call(.get, "/api/v1/nps", token: fixture.tokens["globex"])
            #expect((own.object["total"] as? [String: Any])?["respondents"] as? Int == 1)
        }
    }

    @Test("models written by one workspace stay there: PUT of a model only globex has is 404; POST of its key adds acme's own")
    func foreignModelWrites() async throws {
        try await Fixture.withApp { client, fixture in
            let globex = try await WorkspaceSession.open(fixture.database, workspace: "globex", actor: "test")
            let yaml = ModelDocument.yaml(try await globex.model("customer-journey")).replacingOccurrences(
                of: "key: customer-journey\n", with: "key: globex-journey\n")
            _ = try await globex.importModel(yaml, source: "test.yaml")
            let acme = fixture.tokens["owner"]
            let put = try await client.send(.put, "/api/v1/models/globex-journey", token: acme, body: yaml,
                                            headers: ["Content-Type": "application/yaml"])
            #expect(put.isProblem(.notFound), "\(put.text)")
            #expect(try await client.send(.get, "/api/v1/models/globex-journey", token: acme, headers: ["Accept": "application/yaml"])
                .isProblem(.notFound))
            let post = try await client.send(.post, "/api/v1/models", token: acme, body: yaml, headers: ["Content-Type": "application/yaml"])
            #expect(post.status == .created, "\(post.text)")
            #expect(try await ModelDocuments.stored(fixture, "globex-journey", workspace: "globex")?.version == 1)
            // a change by acme leaves globex's model as it was
            var model = try ModelDocument.decode(yaml, source: "test")
            model.names.values["en"] = "Acme's"
            let changed = ModelDocument.yaml(model)
            #expect(try await client.send(.put, "/api/v1/models/globex-journey", token: acme, body: changed,
                                          headers: ["Content-Type": "application/yaml"]).status == .ok)
            #expect(try await ModelDocuments.stored(fixture, "globex-journey", workspace: "globex")?.model.names.text("en")
                == "The eight stages of the customer journey")
        }
    }

    @Test("webhooks are the token's workspace's: globex's webhook is 404 for acme on every route, and acme's moves never reach it")
    func webhooks() async throws {
        try await Fixture.withApp { client, fixture in
            // given a webhook of globex (acme has none)
            let made = try await client.call(.post, "/api/v1/webhooks", token: fixture.tokens["globex"],
                                             json: #"{"url":"https://globex.example.test/hook","events":["customer.moved"]}"#)
            let id = try #require(made.object["id"] as? Int)
            let acme = fixture.tokens["owner"]
            // then acme's owner finds nothing of it
            #expect(try await client.call(.get, "/api/v1/webhooks/\(id)", token: acme).isProblem(.notFound))
            #expect(try await client.call(.patch, "/api/v1/webhooks/\(id)", token: acme, json: #"{"active":false}"#).isProblem(.notFound))
            #expect(try await client.call(.get, "/api/v1/webhooks/\(id)/deliveries", token: acme).isProblem(.notFound))
            #expect(try await client.call(.post, "/api/v1/webhooks/\(id)/deliveries/1/retry", token: acme).isProblem(.notFound))
            #expect(try await client.call(.delete, "/api/v1/webhooks/\(id)", token: acme).isProblem(.notFound))
            #expect(!(try await client.call(.get, "/api/v1/webhooks", token: acme).text.contains("globex")))
            // an acme move gives globex's webhook no delivery; a globex move does
            _ = try await client.call(.post, "/api/v1/customers/1/moves", token: acme,
                                      json: #"{"model":"pro-customer","to":"decision-to-change","force":true,"reason":"x"}"#)
            let globex = fixture.tokens["globex"]
            let none = try await client.call(.get, "/api/v1/webhooks/\(id)/deliveries", token: globex)
            #expect(none.text == #"{"items":[],"next_cursor":null}"#)
            _ = try await client.call(.post, "/api/v1/customers/1/moves", token: globex,
                                      json: #"{"model":"pro-customer","to":"decision-to-change","force":true,"reason":"x"}"#)
            let one = try await client.call(.get, "/api/v1/webhooks/\(id)/deliveries", token: globex)
            #expect((one.object["items"] as? [Any])?.count == 1)
            // and the webhook is unchanged
            #expect(try await client.call(.get, "/api/v1/webhooks/\(id)", token: globex).object["active"] as? Bool == true)
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

    @Test("next best actions are the token's workspace's: another workspace's customer is 404, the list never shows them")
    func foreignGuidance() async throws {
        try await Fixture.withApp { client, fixture in
            // given globex customers with overdue follow-ups, the most urgent work there is
            let globex = try await WorkspaceSession.open(fixture.database, workspace: "globex", actor: "test")
            for reference in ["G-1", "G-3"] {
                _ = try await globex.log(reference, entry: InteractionEntry(
                    channel: .phone, kind: .call, summary: "Globex call", followUp: globex.clock.now().date.adding(days: -9)))
            }
            let acme = fixture.tokens["owner"]
            for reference in [String(fixture.foreignCustomer.id), "G-3", "G-1"] {
                let next = try await client.call(.get, "/api/v1/customers/\(reference)/next", token: acme)
                #expect(next.isProblem(.notFound), "\(reference): \(next.text)")
                #expect(!next.text.contains("Globex"))
            }
            for query in ["", "?limit=500", "?owner="] {
                let list = try await client.call(.get, "/api/v1/next\(query)", token: acme)
                #expect(list.status == .ok)
                #expect(!list.text.contains("Globex") && !list.text.contains("G-"), "\(query)")
            }
            // and globex sees its own
            let own = try await client.call(.get, "/api/v1/next", token: fixture.tokens["globex"])
            #expect(own.text.contains("Globex call"))
        }
    }

    @Test("reports count only the token's workspace: acme's funnel has its 2 customers, globex's its 3; globex's model is 422 for acme")
    func reports() async throws {
        try await Fixture.withApp { client, fixture in
            // given a model only globex has
            let globex = try await WorkspaceSession.open(fixture.database, workspace: "globex", actor: "test")
            let yaml = ModelDocument.yaml(try await globex.model("customer-journey")).replacingOccurrences(
                of: "key: customer-journey", with: "key: globex-journey")
            _ = try await globex.importModel(yaml, source: "test.yaml")
            // when
            let acmeFunnel = try await client.call(.get, "/api/v1/reports/funnel?model=customer-journey", token: fixture.tokens["owner"])
            let globexFunnel = try await client.call(.get, "/api/v1/reports/funnel?model=customer-journey", token: fixture.tokens["globex"])
            let foreignModel = try await client.call(.get, "/api/v1/reports/flow?model=globex-journey", token: fixture.tokens["owner"])
            let stalls = try await client.call(.get, "/api/v1/reports/stalls?model=customer-journey&limit=10000", token: fixture.tokens["owner"])
            // then
            #expect((acmeFunnel.object["stages"] as? [[String: Any]])?.first?["reached"] as? Int == 2)
            #expect((globexFunnel.object["stages"] as? [[String: Any]])?.first?["reached"] as? Int == 3)
            #expect(foreignModel.isProblem(.unprocessableContent))
            #expect(!stalls.text.contains("Globex"))
        }
    }
}
