import Foundation
import Hummingbird
import HummingbirdTesting
import PaladinCore
import PaladinStore
import Testing

@Suite("Models and customers over HTTP")
struct CustomerRouteTests {
    @Test("GET /models lists the workspace's models; GET /models/{key} shows one; an unknown key is 404")
    func models() async throws {
        try await Fixture.withApp { client, fixture in
            let list = try await client.call(.get, "/api/v1/models", token: fixture.tokens["viewer"])
            let keys = (list.object["items"] as? [[String: Any]])?.compactMap { $0["key"] as? String }
            #expect(keys?.contains("customer-journey") == true)
            let one = try await client.call(.get, "/api/v1/models/pro-customer", token: fixture.tokens["viewer"])
            #expect(one.status == .ok)
            #expect(one.object["key"] as? String == "pro-customer")
            #expect(try await client.call(.get, "/api/v1/models/nope", token: fixture.tokens["viewer"]).isProblem(.notFound))
        }
    }

    @Test("GET /customers filters by model and stage, owner, tag and text, and pages by cursor")
    func list() async throws {
        try await Fixture.withApp { client, fixture in
            let token = fixture.tokens["viewer"]
            func ids(_ query: String) async throws -> [Int] {
                let response = try await client.call(.get, "/api/v1/customers\(query)", token: token)
                #expect(response.status == .ok, "\(query): \(response.text)")
                return (response.object["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
            }
            #expect(try await ids("") == [1, 2])
            #expect(try await ids("?model=pro-customer&stage=problem-awareness") == [1, 2])
            #expect(try await ids("?model=pro-customer&stage=decision-to-change") == [])
            #expect(try await ids("?owner=agent@acme.test") == [1])
            #expect(try await ids("?tag=vip") == [1])
            #expect(try await ids("?q=bogd") == [2])
            // pages of one: a cursor leads to the next page, the last page has none
            let first = try await client.call(.get, "/api/v1/customers?limit=1", token: token)
            let cursor = try #require(first.object["next_cursor"] as? String)
            let second = try await client.call(.get, "/api/v1/customers?limit=1&cursor=\(cursor)", token: token)
            #expect((second.object["items"] as? [[String: Any]])?.first?["id"] as? Int == 2)
            #expect(second.object["next_cursor"] is NSNull)
        }
    }

    @Test("bad list parameters answer 400 or 422 naming the field")
    func badList() async throws {
        try await Fixture.withApp { client, fixture in
            let token = fixture.tokens["viewer"]
            for (query, status, field) in [
                ("?limit=501", HTTPResponse.Status.badRequest, "limit"), ("?limit=x", .badRequest, "limit"),
                ("?cursor=-4", .badRequest, "cursor"), ("?stage=activate", .badRequest, "stage"),
                ("?model=nope", .unprocessableContent, "model"), ("?model=pro-customer&stage=nope", .unprocessableContent, "stage"),
            ] {
                let response = try await client.call(.get, "/api/v1/customers\(query)", token: token)
                #expect(response.isProblem(status), "\(query): \(response.text)")
                #expect(response.problemFields == [field], "\(query)")
            }
        }
    }

    @Test("GET /customers/{id} shows the customer whole, by id or external id")
    func show() async throws {
        try await Fixture.withApp { client, fixture in
            for reference in ["1", "A-1"] {
                let response = try await client.call(.get, "/api/v1/customers/\(reference)", token: fixture.tokens["viewer"])
                #expect(response.status == .ok)
                #expect((response.object["customer"] as? [String: Any])?["name"] as? String == "Ana")
                #expect((response.object["positions"] as? [Any])?.isEmpty == false)
                #expect(response.object["revenue"] != nil)
            }
            #expect(try await client.call(.get, "/api/v1/customers/999", token: fixture.tokens["viewer"]).isProblem(.notFound))
        }
    }

    @Test("POST /customers answers 201 with a Location, and the customer is stored")
    func create() async throws {
        try await Fixture.withApp { client, fixture in
            let response = try await client.call(
                .post, "/api/v1/customers", token: fixture.tokens["manager"],
                json: #"{"name":"Carla","external_id":"A-3","email":"carla@example.com","tags":["new"]}"#)
            #expect(response.status == .created)
            #expect(response.headers[.location] == "/api/v1/customers/3")
            #expect(response.object["external_id"] as? String == "A-3")
            let session = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
            #expect(try await session.customer("A-3").name == "Carla")
        }
    }

    @Test("a malformed body is 400, an invalid one 422, both naming the field; 415 without JSON; nothing is written")
    func badCreate() async throws {
        try await Fixture.withApp { client, fixture in
            let token = fixture.tokens["manager"]
            let cases: [(String, HTTPResponse.Status, String)] = [
                (#"{}"#, .badRequest, "name"), (#"{"name":3}"#, .badRequest, "name"), (#"{"name":"X","tags":"a"}"#, .badRequest, "tags"),
                (#"not json"#, .badRequest, "body"), (#"{"name":"  "}"#, .unprocessableContent, "name"),
                (#"{"name":"X","email":"nope"}"#, .unprocessableContent, "email"), (#"{"name":"X","kind":"robot"}"#, .unprocessableContent, "kind"),
            ]
            for (body, status, field) in cases {
                let response = try await client.call(.post, "/api/v1/customers", token: token, json: body)
                #expect(response.isProblem(status), "\(body): \(response.text)")
                #expect(response.problemFields == [field], "\(body): \(response.text)")
            }
            #expect(try await client.call(.post, "/api/v1/customers", token: token, json: "name=X", contentType: "text/plain").isProblem(.unsupportedMediaType))
            let duplicate = try await client.call(.post, "/api/v1/customers", token: token, json: #"{"name":"Y","external_id":"A-1"}"#)
            #expect(duplicate.isProblem(.conflict))
            let session = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
            #expect(try await session.customers(.init()).count == 2)
        }
    }
}
