import Foundation
import Hummingbird
import HummingbirdTesting
import PaladinServer
import PaladinStore
import Testing

@Suite("Webhook subscriptions over HTTP, for owners and managers")
struct WebhookRouteTests {
    static let newHook = #"{"url":"https://hooks.example.test/paladin","events":["customer.moved","marker.met"],"description":"CRM sync"}"#

    @Test("an owner registers a webhook and sees its secret once; lists, shows, changes and deletes it")
    func lifecycle() async throws {
        try await Fixture.withApp { client, fixture in
            let owner = fixture.tokens["owner"]
            // when
            let made = try await client.call(.post, "/api/v1/webhooks", token: owner, json: Self.newHook)
            // then
            #expect(made.status == .created, "\(made.text)")
            let id = try #require(made.object["id"] as? Int)
            #expect(made.headers[.location] == "/api/v1/webhooks/\(id)")
            let secret = try #require(made.object["secret"] as? String)
            #expect(secret.hasPrefix("whsec_") && secret.count == 70)
            #expect(made.object["events"] as? [String] == ["customer.moved", "marker.met"] && made.object["active"] as? Bool == true)
            let list = try await client.call(.get, "/api/v1/webhooks", token: owner)
            #expect(list.status == .ok && list.text.contains("CRM sync") && !list.text.contains(secret))
            let shown = try await client.call(.get, "/api/v1/webhooks/\(id)", token: owner)
            #expect(shown.status == .ok && shown.object["secret"] is NSNull && shown.object["url"] as? String == "https://hooks.example.test/paladin")
            // a manager pauses it and narrows its events
            let patched = try await client.call(.patch, "/api/v1/webhooks/\(id)", token: fixture.tokens["manager"],
                                                json: #"{"active":false,"events":["follow_up.due"],"description":""}"#)
            #expect(patched.status == .ok, "\(patched.text)")
            #expect(patched.object["active"] as? Bool == false && patched.object["events"] as? [String] == ["follow_up.due"])
            #expect(patched.object["description"] is NSNull)
            let deliveries = try await client.call(.get, "/api/v1/webhooks/\(id)/deliveries", token: owner)
            #expect(deliveries.status == .ok && deliveries.text == #"{"items":[],"next_cursor":null}"#)
            #expect(try await client.call(.delete, "/api/v1/webhooks/\(id)", token: owner).status == .noContent)
            #expect(try await client.call(.get, "/api/v1/webhooks/\(id)", token: owner).isProblem(.notFound))
            #expect(try await client.call(.delete, "/api/v1/webhooks/\(id)", token: owner).isProblem(.notFound))
        }
    }

    @Test("bad addresses and unknown events are 422 naming the field; malformed bodies 400; nothing is stored")
    func validation() async throws {
        try await Fixture.withApp { client, fixture in
            let owner = fixture.tokens["owner"]
            for (body, field) in [
                (#"{"url":"ftp://example.test/x","events":["customer.moved"]}"#, "url"),
                (#"{"url":"example.test/x","events":["customer.moved"]}"#, "url"),
                (#"{"url":"https://example.test/x","events":[]}"#, "events"),
                (#"{"url":"https://example.test/x","events":["customer.moved","customer.deleted"]}"#, "events[1]"),
            ] {
                let answer = try await client.call(.post, "/api/v1/webhooks", token: owner, json: body)
                #expect(answer.isProblem(.unprocessableContent) && answer.problemFields == [field], "\(body): \(answer.text)")
            }
            let unknown = try await client.call(.post, "/api/v1/webhooks", token: owner,
                                                json: #"{"url":"https://example.test/x","events":["customer.deleted"]}"#)
            #expect(unknown.text.contains("customer.deleted"))
            #expect(try await client.call(.post, "/api/v1/webhooks", token: owner, json: #"{"url":"https://example.test/x"}"#).isProblem(.badRequest))
            #expect(try await client.call(.post, "/api/v1/webhooks", token: owner, json: "{", contentType: "application/json").isProblem(.badRequest))
            #expect(try await client.call(.post, "/api/v1/webhooks", token: owner, json: Self.newHook, contentType: "text/plain")
                .isProblem(.unsupportedMediaType))
            #expect(try await client.call(.get, "/api/v1/webhooks", token: owner).text == #"{"items":[]}"#)
            // PATCH is checked the same way
            let made = try await client.call(.post, "/api/v1/webhooks", token: owner, json: Self.newHook)
            let id = try #require(made.object["id"] as? Int)
            let badPatch = try await client.call(.patch, "/api/v1/webhooks/\(id)", token: owner, json: #"{"url":"mailto:a@b.c"}"#)
            #expect(badPatch.isProblem(.unprocessableContent) && badPatch.problemFields == ["url"])
            let query = try await client.call(.get, "/api/v1/webhooks/\(id)/deliveries?status=lost&limit=0", token: owner)
            #expect(query.isProblem(.badRequest) && Set(query.problemFields) == ["status", "limit"])
        }
    }

    @Test("no token or a bad one is 401; agents and viewers are 403 on every webhook route")
    func access() async throws {
        try await Fixture.withApp { client, fixture in
            let made = try await client.call(.post, "/api/v1/webhooks", token: fixture.tokens["owner"], json: Self.newHook)
            let id = try #require(made.object["id"] as? Int)
            let routes: [(HTTPRequest.Method, String, String?)] = [
                (.post, "/api/v1/webhooks", Self.newHook), (.get, "/api/v1/webhooks", nil), (.get, "/api/v1/webhooks/\(id)", nil),
                (.patch, "/api/v1/webhooks/\(id)", #"{"active":false}"#), (.delete, "/api/v1/webhooks/\(id)", nil),
                (.get, "/api/v1/webhooks/\(id)/deliveries", nil), (.post, "/api/v1/webhooks/\(id)/deliveries/1/retry", nil),
            ]
            for (method, path, body) in routes {
                #expect(try await client.call(method, path, token: nil, json: body).isProblem(.unauthorized), "\(method) \(path)")
                #expect(try await client.call(method, path, token: "pal_nonsense", json: body).isProblem(.unauthorized), "\(method) \(path)")
                for role in ["agent", "viewer"] {
                    #expect(try await client.call(method, path, token: fixture.tokens[role], json: body).isProblem(.forbidden), "\(role) \(method) \(path)")
                }
            }
            // nothing was changed by the refused calls
            let shown = try await client.call(.get, "/api/v1/webhooks/\(id)", token: fixture.tokens["manager"])
            #expect(shown.object["active"] as? Bool == true)
        }
    }

    @Test("unknown ids are 404; retrying a delivery that has not failed is 409")
    func notFoundAndConflict() async throws {
        try await Fixture.withApp { client, fixture in
            let owner = fixture.tokens["owner"]
            for path in ["/api/v1/webhooks/99", "/api/v1/webhooks/abc", "/api/v1/webhooks/99/deliveries"] {
                #expect(try await client.call(.get, path, token: owner).isProblem(.notFound), "\(path)")
            }
            #expect(try await client.call(.patch, "/api/v1/webhooks/99", token: owner, json: "{}").isProblem(.notFound))
            #expect(try await client.call(.post, "/api/v1/webhooks/99/deliveries/1/retry", token: owner).isProblem(.notFound))
            let made = try await client.call(.post, "/api/v1/webhooks", token: owner, json: Self.newHook)
            let id = try #require(made.object["id"] as? Int)
            #expect(try await client.call(.post, "/api/v1/webhooks/\(id)/deliveries/x/retry", token: owner).isProblem(.notFound))
            // a move queues a pending delivery: it cannot be retried by hand
            let moved = try await client.call(.post, "/api/v1/customers/1/moves", token: owner,
                                              json: #"{"model":"pro-customer","to":"decision-to-change","force":true,"reason":"t"}"#)
            #expect(moved.status == .created)
            let page = try await client.call(.get, "/api/v1/webhooks/\(id)/deliveries?status=pending", token: owner)
            let items = try #require(page.object["items"] as? [[String: Any]])
            #expect(items.count == 1 && items.first?["event_type"] as? String == "customer.moved" && items.first?["attempts"] as? Int == 0)
            let delivery = try #require(items.first?["id"] as? Int)
            #expect(try await client.call(.post, "/api/v1/webhooks/\(id)/deliveries/\(delivery)/retry", token: owner).isProblem(.conflict))
            let none = try await client.call(.get, "/api/v1/webhooks/\(id)/deliveries?status=failed", token: owner)
            #expect(none.text == #"{"items":[],"next_cursor":null}"#)
        }
    }

    @Test("deliveries page by cursor")
    func pagination() async throws {
        try await Fixture.withApp { client, fixture in
            let owner = fixture.tokens["owner"]
            let made = try await client.call(.post, "/api/v1/webhooks", token: owner, json: Self.newHook)
            let id = try #require(made.object["id"] as? Int)
            for stage in ["decision-to-change", "result-exploration", "problem-awareness"] {
                let moved = try await client.call(.post, "/api/v1/customers/2/moves", token: owner,
                                                  json: #"{"model":"pro-customer","to":"\#(stage)","force":true,"reason":"t"}"#)
                #expect(moved.status == .created, "\(moved.text)")
            }
            let first = try await client.call(.get, "/api/v1/webhooks/\(id)/deliveries?limit=2", token: owner)
            #expect((first.object["items"] as? [Any])?.count == 2)
            let cursor = try #require(first.object["next_cursor"] as? String)
            let second = try await client.call(.get, "/api/v1/webhooks/\(id)/deliveries?limit=2&cursor=\(cursor)", token: owner)
            #expect((second.object["items"] as? [Any])?.count == 1 && second.object["next_cursor"] is NSNull)
        }
    }
}
