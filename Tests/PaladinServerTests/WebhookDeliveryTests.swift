import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PaladinCore
import PaladinServer
import PaladinStore
import Testing

/// What a receiver got, and what it answers next.
actor Receiver {
    struct Received: Sendable {
        let headers: HTTPFields
        let body: String
    }

    private(set) var requests: [Received] = []
    private var answers: [HTTPResponse.Status]

    /// A receiver answering `answers` in turn, then 200.
    init(answers: [HTTPResponse.Status] = []) { self.answers = answers }

    func receive(_ headers: HTTPFields, body: String) -> HTTPResponse.Status {
        requests.append(Received(headers: headers, body: body))
        return answers.isEmpty ? .ok : answers.removeFirst()
    }

    /// Waits up to `seconds` for `count` requests.
    func waitFor(_ count: Int, seconds: Double = 10) async throws -> [Received] {
        let deadline = Date().addingTimeInterval(seconds)
        while requests.count < count, Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        return requests
    }

    /// Runs `body` with a receiver app listening on 127.0.0.1 at a free port, given its `/hook` URL.
    static func serving(_ receiver: Receiver, _ body: @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.post("/hook") { request, context -> Response in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            return Response(status: await receiver.receive(request.headers, body: String(buffer: buffer)))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            try await body("http://127.0.0.1:\(port)/hook")
        }
    }
}

/// A clock the test moves by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var instant: Timestamp

    init(_ instant: Timestamp) { self.instant = instant }

    var clock: PaladinCore.Clock { PaladinCore.Clock { [self] in lock.withLock { instant } } }

    func advance(seconds: Int64) { lock.withLock { instant = Timestamp(seconds: instant.seconds + seconds) } }
}

extension Dictionary where Key == String, Value == Any {
    var items: [[String: Any]] { self["items"] as? [[String: Any]] ?? [] }
}

@Suite("Webhook deliveries to a real receiver")
struct WebhookDeliveryTests {
    /// The signature a receiver computes: HMAC-SHA256 over "TIMESTAMP.BODY" with the secret, in hex.
    static func expectedSignature(secret: String, timestamp: String, body: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp).\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + code.map { String(format: "%02x", $0) }.joined()
    }

    @Test("a move made over the API reaches the receiver, signed, and the delivery shows as delivered")
    func delivered() async throws {
        try await Fixture.withApp { client, fixture in
            let receiver = Receiver()
            try await Receiver.serving(receiver) { url in
                // given a webhook pointing at the receiver
                let owner = fixture.tokens["owner"]
                let made = try await client.call(.post, "/api/v1/webhooks", token: owner, json: #"{"url":"\#(url)","events":["customer.moved"]}"#)
                let id = try #require(made.object["id"] as? Int)
                let secret = try #require(made.object["secret"] as? String)
                // when a move is recorded and the dispatcher runs as the server runs it
                let moved = try await client.call(.post, "/api/v1/customers/A-2/moves", token: owner,
                                                  json: #"{"model":"pro-customer","to":"decision-to-change","force":true,"reason":"signed"}"#)
                #expect(moved.status == .created)
                let dispatcher = WebhookDispatcher(database: fixture.database, configuration: .init(pollInterval: .milliseconds(50), addressPolicy: .any))
                let running = Task { try await dispatcher.run() }
                let requests = try await receiver.waitFor(1)
                // then the request carries the event, signed over timestamp and body
                let request = try #require(requests.first)
                #expect(request.headers[.contentType] == "application/json")
                #expect(request.headers[HTTPField.Name("Paladin-Event")!] == "customer.moved")
                let timestamp = try #require(request.headers[HTTPField.Name("Paladin-Timestamp")!])
                #expect(abs((Int64(timestamp) ?? 0) - Int64(Date().timeIntervalSince1970)) < 60)
                #expect(request.headers[HTTPField.Name("Paladin-Signature")!] == Self.expectedSignature(secret: secret, timestamp: timestamp, body: request.body))
                #expect(request.headers[HTTPField.Name("Paladin-Signature")!] != Self.expectedSignature(secret: secret + "x", timestamp: timestamp, body: request.body))
                let event = try #require(try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any])
                #expect(event["type"] as? String == "customer.moved" && event["workspace"] as? String == "acme")
                let data = try #require(event["data"] as? [String: Any])
                #expect(data["to"] as? String == "decision-to-change" && data["reason"] as? String == "signed")
                #expect((data["customer"] as? [String: Any])?["name"] as? String == "Bogdan")
                // and the delivery is listed as delivered (recorded right after the answer: poll briefly)
                var delivery: [String: Any] = [:]
                let deadline = Date().addingTimeInterval(10)
                repeat {
                    delivery = try await client.call(.get, "/api/v1/webhooks/\(id)/deliveries", token: owner).object.items.first ?? [:]
                    if delivery["status"] as? String == "delivered" { break }
                    try await Task.sleep(for: .milliseconds(20))
                } while Date() < deadline
                running.cancel()
                _ = try? await running.value
                #expect(delivery["status"] as? String == "delivered" && delivery["attempts"] as? Int == 1)
                #expect(delivery["last_status_code"] as? Int == 200 && delivery["delivered_at"] is String && delivery["next_attempt_at"] is NSNull)
                #expect(request.headers[HTTPField.Name("Paladin-Delivery")!] == (delivery["id"] as? Int).map(String.init))
                #expect(delivery["event_id"] as? String == event["id"] as? String)
            }
        }
    }

    @Test("the server runs the dispatcher itself: a move is delivered without anyone calling it")
    func serverDelivers() async throws {
        try await Fixture.withApp(configuration: ServerConfiguration(port: 0, logLevel: .critical, webhooks: .init(pollInterval: .seconds(30), addressPolicy: .any))) { client, fixture in
            let receiver = Receiver()
            try await Receiver.serving(receiver) { url in
                let owner = fixture.tokens["owner"]
                _ = try await client.call(.post, "/api/v1/webhooks", token: owner, json: #"{"url":"\#(url)","events":["customer.moved"]}"#)
                // when: the poll interval is long, so only the doorbell rung by this write can send it in time
                _ = try await client.call(.post, "/api/v1/customers/1/moves", token: owner,
                                          json: #"{"model":"pro-customer","to":"decision-to-change","force":true,"reason":"t"}"#)
                // then
                let requests = try await receiver.waitFor(1)
                #expect(requests.count == 1 && requests.first?.body.contains(#""type":"customer.moved""#) == true)
            }
        }
    }

    @Test("a receiver answering 500 twice gets the same event again after 10 s, then 30 s, and it ends delivered")
    func retriesWithBackoff() async throws {
        try await Fixture.withApp { client, fixture in
            let receiver = Receiver(answers: [.internalServerError, .internalServerError])
            try await Receiver.serving(receiver) { url in
                // given
                let owner = fixture.tokens["owner"]
                let made = try await client.call(.post, "/api/v1/webhooks", token: owner, json: #"{"url":"\#(url)","events":["marker.met"]}"#)
                let id = try #require(made.object["id"] as? Int)
                let marked = try await client.call(.post, "/api/v1/customers/1/markers", token: owner, json: #"{"model":"pro-customer","marker":"problem-named"}"#)
                #expect(marked.status == .created)
                let time = ManualClock(Timestamp(seconds: Int64(Date().timeIntervalSince1970)))
                let start = time.clock.now()
                let dispatcher = WebhookDispatcher(database: fixture.database, configuration: .init(retryBase: 10, maxAttempts: 5, addressPolicy: .any), clock: time.clock)
                func delivery() async throws -> [String: Any] {
                    try #require(try await client.call(.get, "/api/v1/webhooks/\(id)/deliveries", token: owner).object.items.first)
                }
                // when the first attempt gets 500
                #expect(try await dispatcher.runOnce() == 1)
                var seen = try await delivery()
                #expect(seen["status"] as? String == "pending" && seen["attempts"] as? Int == 1 && seen["last_status_code"] as? Int == 500)
                #expect(seen["last_error"] as? String == "HTTP 500")
                #expect(seen["next_attempt_at"] as? String == Timestamp(seconds: start.seconds + 10).description)
                // nothing is due before the backoff has passed
                time.advance(seconds: 9)
                #expect(try await dispatcher.runOnce() == 0)
                time.advance(seconds: 1)
                #expect(try await dispatcher.runOnce() == 1)
                seen = try await delivery()
                #expect(seen["attempts"] as? Int == 2 && seen["next_attempt_at"] as? String == Timestamp(seconds: start.seconds + 40).description)
                time.advance(seconds: 30)
                #expect(try await dispatcher.runOnce() == 1)
                // then
                seen = try await delivery()
                #expect(seen["status"] as? String == "delivered" && seen["attempts"] as? Int == 3 && seen["last_status_code"] as? Int == 200)
                #expect(seen["last_error"] is NSNull)
                let requests = await receiver.requests
                #expect(requests.count == 3 && Set(requests.map(\.body)).count == 1, "the same event body each time")
            }
        }
    }

    @Test("after the last attempt fails the delivery is failed; a manual retry sends it once more")
    func failedThenRetried() async throws {
        try await Fixture.withApp { client, fixture in
            let receiver = Receiver(answers: [.badGateway, .serviceUnavailable])
            try await Receiver.serving(receiver) { url in
                let owner = fixture.tokens["owner"]
                let made = try await client.call(.post, "/api/v1/webhooks", token: owner, json: #"{"url":"\#(url)","events":["customer.moved"]}"#)
                let id = try #require(made.object["id"] as? Int)
                _ = try await client.call(.post, "/api/v1/customers/1/moves", token: owner,
                                          json: #"{"model":"pro-customer","to":"decision-to-change","force":true,"reason":"t"}"#)
                let time = ManualClock(Timestamp(seconds: Int64(Date().timeIntervalSince1970)))
                let dispatcher = WebhookDispatcher(database: fixture.database, configuration: .init(retryBase: 1, maxAttempts: 1, addressPolicy: .any), clock: time.clock)
                // when the only attempt allowed fails
                #expect(try await dispatcher.runOnce() == 1)
                let failed = try #require(try await client.call(.get, "/api/v1/webhooks/\(id)/deliveries?status=failed", token: owner).object.items.first)
                #expect(failed["attempts"] as? Int == 1 && failed["last_status_code"] as? Int == 502 && failed["next_attempt_at"] is NSNull)
                time.advance(seconds: 3_600)
                #expect(try await dispatcher.runOnce() == 0)
                // then a manual retry queues it; the next failure fails it again, the one after succeeds
                let delivery = try #require(failed["id"] as? Int)
                let retried = try await client.call(.post, "/api/v1/webhooks/\(id)/deliveries/\(delivery)/retry", token: fixture.tokens["manager"])
                #expect(retried.status == .accepted && retried.object["status"] as? String == "pending")
                #expect(try await dispatcher.runOnce() == 1)
                #expect(try await client.call(.post, "/api/v1/webhooks/\(id)/deliveries/\(delivery)/retry", token: owner).status == .accepted)
                #expect(try await dispatcher.runOnce() == 1)
                let done = try #require(try await client.call(.get, "/api/v1/webhooks/\(id)/deliveries", token: owner).object.items.first)
                #expect(done["status"] as? String == "delivered" && done["attempts"] as? Int == 3)
            }
        }
    }

    @Test("a receiver that does not answer in time, or is not there, counts as a failed attempt with a reason")
    func unreachable() async throws {
        try await Fixture.withApp { client, fixture in
            let owner = fixture.tokens["owner"]
            // port 9 (discard) on loopback: nothing listens there
            let made = try await client.call(.post, "/api/v1/webhooks", token: owner, json: #"{"url":"http://127.0.0.1:9/hook","events":["customer.moved"]}"#)
            let id = try #require(made.object["id"] as? Int)
            _ = try await client.call(.post, "/api/v1/customers/1/moves", token: owner,
                                      json: #"{"model":"pro-customer","to":"decision-to-change","force":true,"reason":"t"}"#)
            let dispatcher = WebhookDispatcher(database: fixture.database, configuration: .init(requestTimeout: .seconds(3), addressPolicy: .any))
            #expect(try await dispatcher.runOnce() == 1)
            let seen = try #require(try await client.call(.get, "/api/v1/webhooks/\(id)/deliveries", token: owner).object.items.first)
            #expect(seen["status"] as? String == "pending" && seen["attempts"] as? Int == 1 && seen["last_status_code"] is NSNull)
            #expect((seen["last_error"] as? String)?.isEmpty == false)
        }
    }

    @Test("by default a delivery never reaches the server's own network: a loopback receiver is refused, never contacted")
    func privateAddressRefused() async throws {
        try await Fixture.withApp { client, fixture in
            let receiver = Receiver()
            try await Receiver.serving(receiver) { url in
                // given a webhook pointing at a receiver on loopback
                let owner = fixture.tokens["owner"]
                let made = try await client.call(.post, "/api/v1/webhooks", token: owner, json: #"{"url":"\#(url)","events":["customer.moved"]}"#)
                let id = try #require(made.object["id"] as? Int)
                _ = try await client.call(.post, "/api/v1/customers/1/moves", token: owner,
                                          json: #"{"model":"pro-customer","to":"decision-to-change","force":true,"reason":"t"}"#)
                // when the dispatcher runs with the default policy
                let dispatcher = WebhookDispatcher(database: fixture.database, configuration: .init())
                #expect(try await dispatcher.runOnce() == 1)
                // then the attempt failed with the reason, and the receiver saw nothing
                let seen = try #require(try await client.call(.get, "/api/v1/webhooks/\(id)/deliveries", token: owner).object.items.first)
                #expect(seen["status"] as? String == "pending" && seen["attempts"] as? Int == 1 && seen["last_status_code"] is NSNull)
                #expect((seen["last_error"] as? String)?.contains("127.0.0.1, which is not a public address") == true)
                #expect(await receiver.requests.isEmpty)
            }
        }
    }
}
