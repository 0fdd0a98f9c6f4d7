import Foundation
import Hummingbird
import HummingbirdTesting
import PaladinCore
import PaladinStore
import SQLKit
import Testing

@Suite("DELETE /customers/{id}")
struct CustomerDeleteTests {
    /// Rows about customer `id` of workspace `workspace` in every table keyed by customer.
    static func rows(_ fixture: Fixture, workspace: String, customer id: Int64) async throws -> [String: Int] {
        let session = try await WorkspaceSession.open(fixture.database, workspace: workspace, actor: "test")
        var counts: [String: Int] = [:]
        for table in ["customer_tags", "moves", "positions", "interactions", "markers_met", "follow_ups", "purchases", "costs",
                      "survey_responses", "customer_metrics", "derivations", "recommendations"] {
            let row = try await fixture.database.sql.raw(
                "SELECT COUNT(*) AS n FROM \(ident: table) WHERE workspace_id = \(bind: session.workspace.id) AND customer_id = \(bind: id)"
            ).first()
            counts[table] = try row?.decode(column: "n", as: Int.self) ?? 0
        }
        let customer = try await fixture.database.sql.raw(
            "SELECT COUNT(*) AS n FROM customers WHERE workspace_id = \(bind: session.workspace.id) AND id = \(bind: id)").first()
        counts["customers"] = try customer?.decode(column: "n", as: Int.self) ?? 0
        return counts
    }

    @Test("an owner or manager deletes a customer and everything recorded about them: 204, then 404")
    func deletes() async throws {
        try await Fixture.withApp { client, fixture in
            // given Ana with evidence of every kind, and a score run
            let token = fixture.tokens["manager"]
            for (path, body) in [
                ("purchases", #"{"amount":"12.50","date":"2026-01-01"}"#), ("purchases", #"{"amount":"5","date":"2026-02-01"}"#),
                ("costs", #"{"amount":"3","category":"support"}"#), ("surveys", #"{"score":9}"#),
                ("interactions", #"{"channel":"phone","kind":"call","summary":"hello","markers":["pro-customer:problem-named"],"follow_up":"2030-01-01"}"#),
                ("markers", #"{"model":"customer-journey","marker":"expectations-stated"}"#),
                ("moves", #"{"model":"pro-customer","to":"decision-to-change","force":true,"reason":"test"}"#),
            ] {
                let response = try await client.call(.post, "/api/v1/customers/1/\(path)", token: token, json: body)
                #expect(response.status == .created || response.status == .noContent, "\(path): \(response.text)")
            }
            let session = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
            _ = try await session.score()
            let before = try await Self.rows(fixture, workspace: "acme", customer: 1)
            #expect(before.values.allSatisfy { $0 > 0 }, "\(before)")
            // when
            let response = try await client.call(.delete, "/api/v1/customers/A-1", token: token)
            // then
            #expect(response.status == .noContent, "\(response.text)")
            #expect(response.body.readableBytes == 0)
            let after = try await Self.rows(fixture, workspace: "acme", customer: 1)
            #expect(after.values.allSatisfy { $0 == 0 }, "\(after)")
            #expect(try await client.call(.get, "/api/v1/customers/1", token: token).isProblem(.notFound))
            #expect(try await client.call(.delete, "/api/v1/customers/1", token: token).isProblem(.notFound))
            // the other customer and the move history stay consistent
            #expect(try await session.verifyPositions().isEmpty)
            #expect(try await client.call(.get, "/api/v1/customers/2", token: token).status == .ok)
            // and a new customer never gets the deleted id
            let added = try await client.call(.post, "/api/v1/customers", token: token, json: #"{"name":"Cora"}"#)
            #expect(added.object["id"] as? Int == 3)
        }
    }

    @Test("agents and viewers may not delete (403), nothing is removed; no token is 401")
    func roles() async throws {
        try await Fixture.withApp { client, fixture in
            for role in ["agent", "viewer"] {
                // even the agent's own customer
                let response = try await client.call(.delete, "/api/v1/customers/1", token: fixture.tokens[role])
                #expect(response.isProblem(.forbidden), "\(role)")
            }
            for token in [nil, "nope"] {
                let response = try await client.call(.delete, "/api/v1/customers/1", token: token)
                #expect(response.isProblem(.unauthorized))
            }
            let rows = try await Self.rows(fixture, workspace: "acme", customer: 1)
            #expect(rows["customers"] == 1)
        }
    }

    @Test("an unknown customer is 404")
    func unknown() async throws {
        try await Fixture.withApp { client, fixture in
            for reference in ["99", "nobody"] {
                let response = try await client.call(.delete, "/api/v1/customers/\(reference)", token: fixture.tokens["owner"])
                #expect(response.isProblem(.notFound))
            }
        }
    }
}
