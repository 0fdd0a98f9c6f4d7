import Foundation
import Hummingbird
import HummingbirdTesting
import PaladinCore
import PaladinStore
import Testing

@Suite("Moves and markers over HTTP")
struct JourneyRouteTests {
    static let forward = #"{"model":"pro-customer","to":"decision-to-change","decision":"Wants to change"}"#

    @Test("a move past unmet markers answers 409 listing them, and nothing moves")
    func refused() async throws {
        try await Fixture.withApp { client, fixture in
            let response = try await client.call(.post, "/api/v1/customers/1/moves", token: fixture.tokens["manager"], json: Self.forward)
            #expect(response.isProblem(.conflict), "\(response.text)")
            #expect(response.object["unmet_markers"] as? [String] == ["problem-named"])
            let session = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
            let position = try await session.detail("1").positions.first { $0.model.key == "pro-customer" }
            #expect(position?.stage.key == "problem-awareness")
        }
    }

    @Test("record the marker (201), then the move is allowed (201) and recorded with its decision and actor")
    func markThenMove() async throws {
        try await Fixture.withApp { client, fixture in
            let token = fixture.tokens["agent"]
            let marked = try await client.call(
                .post, "/api/v1/customers/A-1/markers", token: token,
                json: #"{"model":"pro-customer","marker":"problem-named","note":"Said it on the call"}"#)
            #expect(marked.status == .created)
            #expect(marked.object["marker"] as? String == "problem-named")
            // the same marker again: already met, nothing new
            let again = try await client.call(
                .post, "/api/v1/customers/A-1/markers", token: token, json: #"{"model":"pro-customer","marker":"problem-named"}"#)
            #expect(again.status == .noContent)
            let moved = try await client.call(.post, "/api/v1/customers/A-1/moves", token: token, json: Self.forward)
            #expect(moved.status == .created, "\(moved.text)")
            #expect(moved.object["to"] as? String == "decision-to-change")
            #expect(moved.object["decision"] as? String == "Wants to change")
            #expect(moved.object["actor"] as? String == "agent@acme.test")
        }
    }

    @Test("a forced move needs a reason; with one it passes the unmet markers on record")
    func forced() async throws {
        try await Fixture.withApp { client, fixture in
            let token = fixture.tokens["owner"]
            let noReason = try await client.call(
                .post, "/api/v1/customers/2/moves", token: token, json: #"{"model":"pro-customer","to":"decision-to-change","force":true}"#)
            #expect(noReason.isProblem(.conflict))
            let forced = try await client.call(
                .post, "/api/v1/customers/2/moves", token: token,
                json: #"{"model":"pro-customer","to":"decision-to-change","force":true,"reason":"Agreed with sales"}"#)
            #expect(forced.status == .created)
            #expect(forced.object["overridden_markers"] as? [String] == ["problem-named"])
        }
    }

    @Test("bad move and marker bodies answer 400 or 422 naming the field")
    func badBodies() async throws {
        try await Fixture.withApp { client, fixture in
            let token = fixture.tokens["owner"]
            let cases: [(String, String, HTTPResponse.Status, String)] = [
                ("moves", #"{"to":"decision-to-change"}"#, .badRequest, "model"),
                ("moves", #"{"model":"pro-customer","to":"decision-to-change","force":"yes"}"#, .badRequest, "force"),
                ("moves", #"{"model":"nope","to":"x"}"#, .unprocessableContent, "model"),
                ("moves", #"{"model":"pro-customer","to":"nowhere"}"#, .unprocessableContent, "to"),
                ("markers", #"{"model":"pro-customer"}"#, .badRequest, "marker"),
                ("markers", #"{"model":"pro-customer","marker":"nope"}"#, .unprocessableContent, "marker"),
            ]
            for (route, body, status, field) in cases {
                let response = try await client.call(.post, "/api/v1/customers/1/\(route)", token: token, json: body)
                #expect(response.isProblem(status), "\(route) \(body): \(response.text)")
                #expect(response.problemFields == [field], "\(route) \(body)")
            }
        }
    }
}
