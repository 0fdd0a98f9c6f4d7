import Foundation
import Hummingbird
import HummingbirdTesting
import PaladinCore
import PaladinStore
import Testing

@Suite("Metrics, NPS, recommendations and check over HTTP")
struct ReportRouteTests {
    /// Ana (1): a promoter with purchases on two days, scored; Bogdan (2): a detractor. Answers in March and April 2026.
    static func evidence(_ fixture: Fixture) async throws {
        let session = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
        func day(_ text: String) -> Timestamp {
            guard case .success(let seconds) = DateParser().parse(text) else { fatalError(text) }
            return Timestamp(seconds: seconds)
        }
        _ = try await session.addPurchase("1", amount: Money(cents: 10_000), currency: nil, at: day("2026-03-01"), reference: nil)
        _ = try await session.addPurchase("1", amount: Money(cents: 5_000), currency: nil, at: day("2026-03-20"), reference: nil)
        _ = try await session.addSurvey("1", score: 10, comment: nil, at: day("2026-03-31T23:00:00Z"))
        _ = try await session.addSurvey("2", score: 3, comment: nil, at: day("2026-04-02"))
        _ = try await session.score(asOf: day("2026-04-10"))
    }

    @Test("GET /customers/{id}/metrics: every metric with the customer's value from the last score run, nulls when absent")
    func customerMetrics() async throws {
        try await Fixture.withApp { client, fixture in
            // before any score run: every metric is there, every value null
            let before = try await client.call(.get, "/api/v1/customers/A-1/metrics", token: fixture.tokens["viewer"])
            #expect(before.status == .ok, "\(before.text)")
            #expect(before.object["scored_as_of"] is NSNull)
            let unscored = before.object["metrics"] as? [[String: Any]] ?? []
            #expect(!unscored.isEmpty && unscored.allSatisfy { $0["value"] is NSNull })
            // after one
            try await Self.evidence(fixture)
            let response = try await client.call(.get, "/api/v1/customers/A-1/metrics", token: fixture.tokens["agent"])
            #expect(response.status == .ok)
            #expect(response.object["customer_id"] as? Int == 1)
            #expect(response.object["external_id"] as? String == "A-1")
            #expect((response.object["scored_as_of"] as? String)?.hasPrefix("2026-04-10") == true)
            let metrics = Dictionary(uniqueKeysWithValues: (response.object["metrics"] as? [[String: Any]] ?? []).map { ($0["name"] as? String ?? "", $0) })
            #expect(metrics["purchases"]?["value"] as? Double == 2)
            #expect(metrics["purchases"]?["type"] as? String == "number")
            #expect(metrics["last_score_segment"]?["value"] as? String == "promoter")
            #expect(metrics["days_in_stage_customer_journey"] != nil)
            #expect(try await client.call(.get, "/api/v1/customers/99/metrics", token: fixture.tokens["viewer"]).isProblem(.notFound))
            #expect(try await client.call(.get, "/api/v1/customers/1/metrics", token: nil).isProblem(.unauthorized))
        }
    }

    @Test("GET /metrics lists the metrics rules may use, as `paladin metrics`")
    func catalogue() async throws {
        try await Fixture.withApp { client, fixture in
            let response = try await client.call(.get, "/api/v1/metrics", token: fixture.tokens["viewer"])
            let items = response.object["items"] as? [[String: Any]] ?? []
            #expect(items.contains { $0["name"] as? String == "clv" && $0["type"] as? String == "number" && $0["definition"] is String })
            #expect(try await client.call(.get, "/api/v1/metrics", token: "bad").isProblem(.unauthorized))
        }
    }

    @Test("GET /nps: the total, grouped by period and stage on request, within from/to (a bare `to` is the whole day)")
    func nps() async throws {
        try await Fixture.withApp { client, fixture in
            let token = fixture.tokens["viewer"]
            let empty = try await client.call(.get, "/api/v1/nps", token: token)
            #expect(empty.status == .ok)
            #expect((empty.object["total"] as? [String: Any])?["nps"] is NSNull)
            #expect((empty.object["total"] as? [String: Any])?["respondents"] as? Int == 0)
            try await Self.evidence(fixture)
            let all = try await client.call(.get, "/api/v1/nps", token: token)
            let total = all.object["total"] as? [String: Any]
            #expect(total?["respondents"] as? Int == 2)
            #expect(total?["nps"] as? Double == 0)
            #expect((all.object["groups"] as? [Any])?.isEmpty == true)
            #expect(all.object["by"] is NSNull)
            let monthly = try await client.call(.get, "/api/v1/nps?period=month", token: token)
            let groups = monthly.object["groups"] as? [[String: Any]] ?? []
            #expect(groups.compactMap { $0["period"] as? String } == ["2026-03", "2026-04"])
            #expect(groups.first?["nps"] as? Double == 100)
            let byStage = try await client.call(.get, "/api/v1/nps?by=pro-customer", token: token)
            #expect((byStage.object["groups"] as? [[String: Any]])?.first?["stage"] as? String == "problem-awareness")
            // `to=2026-03-31` includes the answer at 23:00 that day
            let march = try await client.call(.get, "/api/v1/nps?from=2026-03-01&to=2026-03-31", token: token)
            #expect((march.object["total"] as? [String: Any])?["respondents"] as? Int == 1)
            #expect(march.object["from"] as? String == "2026-03-01T00:00:00Z")
        }
    }

    @Test("GET /nps refuses a malformed period or date (400), an unknown model or to before from (422); needs a token")
    func npsRefused() async throws {
        try await Fixture.withApp { client, fixture in
            let token = fixture.tokens["viewer"]
            for (query, status, field) in [
                ("period=week", HTTPResponse.Status.badRequest, "period"), ("from=yesterday", .badRequest, "from"),
                ("to=2026-13-01", .badRequest, "to"), ("by=nope", .unprocessableContent, "by"),
                ("from=2026-05-01&to=2026-04-01", .unprocessableContent, "to"),
            ] {
                let response = try await client.call(.get, "/api/v1/nps?\(query)", token: token)
                #expect(response.isProblem(status), "\(query): \(response.text)")
                #expect(response.problemFields == [field], "\(query)")
            }
            #expect(try await client.call(.get, "/api/v1/nps", token: nil).isProblem(.unauthorized))
        }
    }

    @Test("GET /recommendations: the customers the last score run flagged, by kind")
    func recommendations() async throws {
        try await Fixture.withApp { client, fixture in
            let token = fixture.tokens["viewer"]
            #expect((try await client.call(.get, "/api/v1/recommendations", token: token).object["items"] as? [Any])?.isEmpty == true)
            try await Self.evidence(fixture)
            let all = try await client.call(.get, "/api/v1/recommendations", token: token)
            let items = all.object["items"] as? [[String: Any]] ?? []
            #expect(items.contains { $0["customer_id"] as? Int == 1 && $0["kind"] as? String == "champion_candidate" && $0["reason"] is String },
                    "\(all.text)")
            let champions = try await client.call(.get, "/api/v1/recommendations?kind=champion_candidate&limit=1", token: token)
            #expect((champions.object["items"] as? [[String: Any]])?.count == 1)
            let disinvest = try await client.call(.get, "/api/v1/recommendations?kind=disinvest", token: token)
            #expect((disinvest.object["items"] as? [[String: Any]])?.contains { $0["customer_id"] as? Int == 1 } == false)
            for (query, field) in [("kind=champion", "kind"), ("limit=0", "limit"), ("limit=x", "limit")] {
                let response = try await client.call(.get, "/api/v1/recommendations?\(query)", token: token)
                #expect(response.isProblem(.badRequest), "\(query)")
                #expect(response.problemFields == [field])
            }
            #expect(try await client.call(.get, "/api/v1/recommendations", token: nil).isProblem(.unauthorized))
        }
    }

    @Test("GET /check: ok while positions equal the replay of moves; names each disagreement otherwise")
    func check() async throws {
        try await Fixture.withApp { client, fixture in
            let token = fixture.tokens["viewer"]
            let ok = try await client.call(.get, "/api/v1/check", token: token)
            #expect(ok.status == .ok)
            #expect(ok.object["ok"] as? Bool == true)
            #expect(ok.object["problem_count"] as? Int == 0)
            // given a position changed behind the history's back
            let session = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
            try await fixture.database.sql.raw(
                "UPDATE positions SET stage_key = 'decision-to-change' WHERE workspace_id = \(bind: session.workspace.id) AND customer_id = 2 AND model_key = 'pro-customer'"
            ).run()
            let bad = try await client.call(.get, "/api/v1/check", token: token)
            #expect(bad.status == .ok)
            #expect(bad.object["ok"] as? Bool == false)
            #expect((bad.object["problems"] as? [String])?.first?.hasPrefix("2/pro-customer") == true, "\(bad.text)")
            // another workspace's check is its own
            #expect(try await client.call(.get, "/api/v1/check", token: fixture.tokens["globex"]).object["ok"] as? Bool == true)
            #expect(try await client.call(.get, "/api/v1/check", token: nil).isProblem(.unauthorized))
        }
    }
}
