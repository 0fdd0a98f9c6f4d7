import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PaladinCore
import PaladinStore
import Testing

@Suite("Idempotency-Key on POST")
struct IdempotencyTests {
    static func post(
        _ client: any TestClientProtocol, _ uri: String, token: String?, key: String?, json: String
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let key { headers[HTTPField.Name("Idempotency-Key")!] = key }
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: json))
    }

    static func purchases(_ fixture: Fixture, workspace: String = "acme") async throws -> Int {
        let session = try await WorkspaceSession.open(fixture.database, workspace: workspace, actor: "test")
        return try await EvidenceStore(fixture.database.sql, workspace: session.workspace.id).count(.purchases)
    }

    static let replayed = HTTPField.Name("Idempotent-Replayed")!

    @Test("a purchase POSTed twice with one key records one purchase; both answers are identical")
    func retriedPurchase() async throws {
        try await Fixture.withApp { client, fixture in
            let token = fixture.tokens["owner"]
            let body = #"{"amount":"12.50","reference":"INV-9"}"#
            // when the client retries after a timeout with the same key
            let first = try await Self.post(client, "/api/v1/customers/1/purchases", token: token, key: "retry-1", json: body)
            let second = try await Self.post(client, "/api/v1/customers/1/purchases", token: token, key: "retry-1", json: body)
            // then one purchase, the same answer twice, the second marked as a replay
            #expect(first.status == .created, "\(first.text)")
            #expect(second.status == .created)
            #expect(second.text == first.text)
            #expect(second.headers[.contentType] == first.headers[.contentType])
            #expect(first.headers[Self.replayed] == nil)
            #expect(second.headers[Self.replayed] == "true")
            #expect(try await Self.purchases(fixture) == 1)
            // a new key records a new purchase
            let third = try await Self.post(client, "/api/v1/customers/1/purchases", token: token, key: "retry-2", json: body)
            #expect(third.status == .created)
            #expect(third.object["id"] as? Int != first.object["id"] as? Int)
            #expect(try await Self.purchases(fixture) == 2)
            // without a key every POST records
            _ = try await Self.post(client, "/api/v1/customers/1/purchases", token: token, key: nil, json: body)
            #expect(try await Self.purchases(fixture) == 3)
        }
    }

    @Test("an answer is kept a day and an unanswered claim ten minutes: after that the key runs the request again")
    func expiry() async throws {
        try await Fixture.withApp { client, fixture in
            let token = fixture.tokens["owner"]
            let body = #"{"amount":"3.00"}"#
            // given a key whose first request died mid-way (claimed, never answered) eleven minutes ago
            let session = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
            let now = Clock.system.now().seconds
            try await fixture.database.sql.raw("""
                INSERT INTO idempotency_keys (workspace_id, key, member_id, method, path, body_hash, status, created_at)
                VALUES (\(bind: session.workspace.id), 'crashed', 1, 'POST', '/api/v1/customers/1/purchases', 'x', 0, \(bind: now - 660))
                """).run()
            // then a retry runs (it would answer 409 "in progress" while the claim is fresh)
            let retried = try await Self.post(client, "/api/v1/customers/1/purchases", token: token, key: "crashed", json: body)
            #expect(retried.status == .created, "\(retried.text)")
            #expect(try await Self.purchases(fixture) == 1)
            // and an answered key replays within the day, but not after it
            let replay = try await Self.post(client, "/api/v1/customers/1/purchases", token: token, key: "crashed", json: body)
            #expect(replay.headers[Self.replayed] == "true")
            try await fixture.database.sql.raw("UPDATE idempotency_keys SET created_at = \(bind: now - 86_401) WHERE key = 'crashed'").run()
            let later = try await Self.post(client, "/api/v1/customers/1/purchases", token: token, key: "crashed", json: body)
            #expect(later.status == .created)
            #expect(later.headers[Self.replayed] == nil)
            #expect(try await Self.purchases(fixture) == 2)
        }
    }

    @Test("the same key with another body or path answers 422 naming Idempotency-Key, and records nothing more")
    func reusedKey() async throws {
        try await Fixture.withApp { client, fixture in
            let token = fixture.tokens["owner"]
            _ = try await Self.post(client, "/api/v1/customers/1/purchases", token: token, key: "k", json: #"{"amount":"1.00"}"#)
            let otherBody = try await Self.post(client, "/api/v1/customers/1/purchases", token: token, key: "k", json: #"{"amount":"2.00"}"#)
            #expect(otherBody.isProblem(.unprocessableContent), "\(otherBody.text)")
            #expect(otherBody.problemFields == ["Idempotency-Key"])
            let otherPath = try await Self.post(client, "/api/v1/customers/2/purchases", token: token, key: "k", json: #"{"amount":"1.00"}"#)
            #expect(otherPath.isProblem(.unprocessableContent))
            let otherMember = try await Self.post(
                client, "/api/v1/customers/1/purchases", token: fixture.tokens["manager"], key: "k", json: #"{"amount":"1.00"}"#)
            #expect(otherMember.isProblem(.unprocessableContent))
            #expect(try await Self.purchases(fixture) == 1)
            let blank = try await Self.post(client, "/api/v1/customers/1/purchases", token: token, key: "has space", json: #"{"amount":"1.00"}"#)
            #expect(blank.isProblem(.badRequest))
            #expect(blank.problemFields == ["Idempotency-Key"])
        }
    }

    @Test("a failed POST is not stored: the retry runs again; keys are per workspace; a viewer's POST is still 403")
    func failuresAndTenants() async throws {
        try await Fixture.withApp { client, fixture in
            let token = fixture.tokens["owner"]
            let refused = try await Self.post(client, "/api/v1/customers/1/purchases", token: token, key: "f", json: #"{"amount":"-1"}"#)
            #expect(refused.isProblem(.unprocessableContent))
            let retried = try await Self.post(client, "/api/v1/customers/1/purchases", token: token, key: "f", json: #"{"amount":"-1"}"#)
            #expect(retried.isProblem(.unprocessableContent))
            #expect(retried.problemFields == ["amount"])
            let viewer = try await Self.post(client, "/api/v1/customers/1/purchases", token: fixture.tokens["viewer"], key: "v", json: #"{"amount":"1"}"#)
            #expect(viewer.isProblem(.forbidden))
            // acme's key "shared" does not replay into globex, nor globex's customer into acme
            let acme = try await Self.post(client, "/api/v1/customers/1/purchases", token: token, key: "shared", json: #"{"amount":"1"}"#)
            #expect(acme.status == .created)
            let globex = try await Self.post(
                client, "/api/v1/customers/1/purchases", token: fixture.tokens["globex"], key: "shared", json: #"{"amount":"1"}"#)
            #expect(globex.status == .created)
            #expect(globex.headers[Self.replayed] == nil)
            let foreign = try await Self.post(
                client, "/api/v1/customers/G-3/purchases", token: token, key: "foreign", json: #"{"amount":"1"}"#)
            #expect(foreign.isProblem(.notFound))
            #expect(try await Self.purchases(fixture) == 1)
            #expect(try await Self.purchases(fixture, workspace: "globex") == 1)
        }
    }
}
