import Foundation
import Hummingbird
import HummingbirdTesting
import PaladinCore
import PaladinStore
import Testing

@Suite("Customer updates with ETag and If-Match")
struct CustomerPatchTests {
    static func patch(_ client: any TestClientProtocol, _ uri: String, token: String?, ifMatch: String?, json: String) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let ifMatch { headers[.ifMatch] = ifMatch }
        return try await client.execute(uri: uri, method: .patch, headers: headers, body: ByteBuffer(string: json))
    }

    static func stored(_ reference: String, _ fixture: Fixture) async throws -> Customer {
        try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test").customer(reference)
    }

    @Test("two clients read the same ETag: the first PATCH wins, the second gets 412 and overwrites nothing")
    func lostUpdateRefused() async throws {
        try await Fixture.withApp { client, fixture in
            let token = fixture.tokens["manager"]
            // given two clients who read the same version
            let first = try await client.call(.get, "/api/v1/customers/1", token: token)
            let second = try await client.call(.get, "/api/v1/customers/1", token: token)
            let tag = try #require(first.headers[.eTag])
            #expect(tag == "\"v1\"")
            #expect(second.headers[.eTag] == tag)
            // when both change the name
            let winner = try await Self.patch(client, "/api/v1/customers/1", token: token, ifMatch: tag, json: #"{"name":"Ana First"}"#)
            let loser = try await Self.patch(client, "/api/v1/customers/1", token: token, ifMatch: tag, json: #"{"name":"Ana Second"}"#)
            // then the first wins with a new tag, the second is refused
            #expect(winner.status == .ok, "\(winner.text)")
            #expect(winner.headers[.eTag] == "\"v2\"")
            #expect(winner.object["name"] as? String == "Ana First")
            #expect(loser.isProblem(.preconditionFailed), "\(loser.text)")
            let customer = try await Self.stored("1", fixture)
            #expect(customer.name == "Ana First")
            #expect(customer.version == 2)
            let reread = try await client.call(.get, "/api/v1/customers/1", token: token)
            #expect(reread.headers[.eTag] == "\"v2\"")
        }
    }

    @Test("a PATCH without If-Match applies; tags are added and removed; an If-Match that is no tag is 400, a foreign tag 412")
    func patchFields() async throws {
        try await Fixture.withApp { client, fixture in
            let token = fixture.tokens["owner"]
            let changed = try await Self.patch(
                client, "/api/v1/customers/A-1", token: token, ifMatch: nil,
                json: #"{"email":"ana@example.com","company":"Ana Ltd","add_tags":["gold"],"remove_tags":["vip"],"external_id":"A-100"}"#)
            #expect(changed.status == .ok, "\(changed.text)")
            #expect(changed.headers[.eTag] == "\"v2\"")
            let customer = try await Self.stored("1", fixture)
            #expect(customer.email == "ana@example.com")
            #expect(customer.company == "Ana Ltd")
            #expect(customer.tags == ["gold"])
            #expect(customer.externalId == "A-100")
            let malformed = try await Self.patch(client, "/api/v1/customers/1", token: token, ifMatch: "v2", json: #"{"name":"X"}"#)
            #expect(malformed.isProblem(.badRequest))
            #expect(malformed.text.contains("If-Match"))
            let foreign = try await Self.patch(client, "/api/v1/customers/1", token: token, ifMatch: #""abc""#, json: #"{"name":"X"}"#)
            #expect(foreign.isProblem(.preconditionFailed))
            let weak = try await Self.patch(client, "/api/v1/customers/1", token: token, ifMatch: #"W/"v2""#, json: #"{"name":"X"}"#)
            #expect(weak.isProblem(.preconditionFailed), "a weak tag never matches for an update (RFC 9110 strong comparison)")
            let any = try await Self.patch(client, "/api/v1/customers/1", token: token, ifMatch: "*", json: #"{"phone":"+1 555"}"#)
            #expect(any.status == .ok)
            #expect(try await Self.stored("1", fixture).name == "Ana")
        }
    }

    @Test("bad PATCH bodies answer 400 or 422 naming the field; a duplicate external id 409; nothing changes")
    func badBodies() async throws {
        try await Fixture.withApp { client, fixture in
            let token = fixture.tokens["owner"]
            let cases: [(String, HTTPResponse.Status, String?)] = [
                (#"{"name":7}"#, .badRequest, "name"),
                (#"{"add_tags":"vip"}"#, .badRequest, "add_tags"),
                (#"{"name":"  "}"#, .unprocessableContent, "name"),
                (#"{"external_id":"A-2"}"#, .conflict, nil),
            ]
            for (body, status, field) in cases {
                let response = try await Self.patch(client, "/api/v1/customers/1", token: token, ifMatch: "\"v1\"", json: body)
                #expect(response.isProblem(status), "\(body): \(response.text)")
                if let field { #expect(response.problemFields == [field], "\(body)") }
            }
            #expect(try await Self.stored("1", fixture).version == 1)
        }
    }

    @Test("a viewer may not PATCH (403), an agent not another's customer (403); another workspace's customer is 404")
    func rolesAndTenants() async throws {
        try await Fixture.withApp { client, fixture in
            let viewer = try await Self.patch(client, "/api/v1/customers/1", token: fixture.tokens["viewer"], ifMatch: nil, json: #"{"name":"V"}"#)
            #expect(viewer.isProblem(.forbidden))
            let agent = try await Self.patch(client, "/api/v1/customers/A-2", token: fixture.tokens["agent"], ifMatch: nil, json: #"{"name":"V"}"#)
            #expect(agent.isProblem(.forbidden))
            for reference in [String(fixture.foreignCustomer.id), "G-3"] {
                let foreign = try await Self.patch(
                    client, "/api/v1/customers/\(reference)", token: fixture.tokens["owner"], ifMatch: nil, json: #"{"name":"Mine now"}"#)
                #expect(foreign.isProblem(.notFound), "\(reference): \(foreign.text)")
            }
            let globex = try await WorkspaceSession.open(fixture.database, workspace: "globex", actor: "test")
            #expect(try await globex.customer("G-3").name == "Globex 3")
            #expect(try await Self.stored("2", fixture).name == "Bogdan")
        }
    }
}
