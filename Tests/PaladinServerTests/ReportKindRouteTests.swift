import Foundation
import HummingbirdTesting
import PaladinAnalytics
import PaladinCore
import PaladinStore
import Testing

@Suite("GET /api/v1/reports/{kind}")
struct ReportKindRouteTests {
    @Test("any member reads a report as JSON or CSV; only the token's workspace's customers count")
    func happyPath() async throws {
        try await Fixture.withApp { client, fixture in
            // given acme's two customers in customer-journey (globex has three)
            // when
            let funnel = try await client.call(.get, "/api/v1/reports/funnel?model=customer-journey", token: fixture.tokens["viewer"])
            let csv = try await client.call(.get, "/api/v1/reports/funnel?model=customer-journey&format=csv", token: fixture.tokens["agent"])
            // then
            #expect(funnel.status == .ok)
            let stages = try #require(funnel.object["stages"] as? [[String: Any]])
            #expect(stages.first?["stage"] as? String == "assess")
            #expect(stages.first?["reached"] as? Int == 2)
            #expect(stages.first?["conversion"] is NSNull)
            #expect(funnel.object["from"] is NSNull)
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.text.hasPrefix("stage,reached,conversion\nassess,2,\n"))
            for kind in ["flow", "time-in-stage", "stalls"] {
                let report = try await client.call(.get, "/api/v1/reports/\(kind)?model=customer-journey&from=2020-01-01&to=2100-01-01", token: fixture.tokens["viewer"])
                #expect(report.status == .ok, "\(kind): \(report.text)")
                #expect(report.object["kind"] as? String == kind)
            }
            let flow = try await client.call(.get, "/api/v1/reports/flow?model=customer-journey", token: fixture.tokens["owner"])
            #expect(flow.object["total"] as? Int == 2)
            let cohorts = try await client.call(.get, "/api/v1/reports/first-100-days", token: fixture.tokens["viewer"])
            #expect(cohorts.status == .ok && cohorts.object["model"] as? String == "customer-journey")
        }
    }

    @Test("bad parameters are 400 naming them, an unknown kind 404, an unknown model or reversed window 422; every kind answers JSON and its chart as SVG")
    func validation() async throws {
        try await Fixture.withApp { client, fixture in
            let token = fixture.tokens["viewer"]
            for (query, field) in [("funnel", "model"), ("funnel?model=", "model"), ("funnel?model=customer-journey&from=soon", "from"),
                                   ("flow?model=customer-journey&format=xml", "format"), ("stalls?model=customer-journey&limit=0", "limit")] {
                let response = try await client.call(.get, "/api/v1/reports/\(query)", token: token)
                #expect(response.isProblem(.badRequest), "\(query): \(response.text)")
                #expect(response.problemFields == [field], "\(query)")
            }
            #expect(try await client.call(.get, "/api/v1/reports/churn?model=customer-journey", token: token).isProblem(.notFound))
            let unknown = try await client.call(.get, "/api/v1/reports/flow?model=nope", token: token)
            #expect(unknown.isProblem(.unprocessableContent) && unknown.problemFields == ["model"], "\(unknown.text)")
            let reversed = try await client.call(.get, "/api/v1/reports/funnel?model=customer-journey&from=2026-03-02&to=2026-03-01", token: token)
            #expect(reversed.isProblem(.unprocessableContent) && reversed.problemFields == ["to"])
            for kind in ReportKind.allCases {
                let query = kind.needsModel ? "?model=customer-journey" : ""
                let json = try await client.call(.get, "/api/v1/reports/\(kind.rawValue)\(query)", token: token)
                #expect(json.status == .ok, "\(kind): \(json.text)")
                #expect(json.object["kind"] as? String == kind.rawValue || json.object["model"] != nil || json.object["total"] != nil, "\(kind)")
                let separator = query.isEmpty ? "?" : "&"
                let svg = try await client.call(.get, "/api/v1/reports/\(kind.rawValue)\(query)\(separator)format=svg", token: token)
                #expect(svg.status == .ok, "\(kind): \(svg.text)")
                #expect(svg.headers[.contentType]?.hasPrefix("image/svg+xml") == true)
                #expect(svg.text.contains("<svg") && svg.text.contains("role=\"img\""), "\(kind)")
            }
            let unknownNPS = try await client.call(.get, "/api/v1/reports/nps?model=nope", token: token)
            #expect(unknownNPS.isProblem(.unprocessableContent) && unknownNPS.problemFields == ["model"])
            #expect(try await client.call(.get, "/api/v1/reports/funnel?model=customer-journey", token: nil).isProblem(.unauthorized))
        }
    }
}
