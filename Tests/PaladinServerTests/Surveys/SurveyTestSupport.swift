import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import PaladinServer
import PaladinCore
import PaladinStore
import Testing

/// Helpers of the survey scenarios: a campaign made over the API, its links, and a customer answering one.
enum SurveyScenario {
    /// Creates a campaign over the API as `role` for the customers listed; returns its id.
    static func create(
        _ client: any TestClientProtocol, _ fixture: Fixture, customers: [String] = ["A-1", "A-2"], validUntil: String? = nil,
        questions: String = "[]", role: String = "manager"
    ) async throws -> Int64 {
        let until = validUntil ?? Clock.system.now().date.adding(days: 14).description
        let list = customers.map { "\"\($0)\"" }.joined(separator: ",")
        let response = try await client.call(.post, "/api/v1/surveys", token: fixture.tokens[role], json: """
            {"name":"Autumn check-in","valid_until":"\(until)","questions":\(questions),"selection":{"customers":[\(list)]}}
            """)
        #expect(response.status == .created, "\(response.text)")
        return try #require((response.object["id"] as? NSNumber)?.int64Value)
    }

    /// Issues the campaign's links over the API; the path of each (`/s/…`) by customer id.
    static func links(_ client: any TestClientProtocol, _ fixture: Fixture, campaign: Int64) async throws -> [Int64: String] {
        let response = try await client.call(.post, "/api/v1/surveys/\(campaign)/links", token: fixture.tokens["manager"])
        #expect(response.status == .ok, "\(response.text)")
        var paths: [Int64: String] = [:]
        for item in response.object["items"] as? [[String: Any]] ?? [] {
            let link = try #require(item["link"] as? String)
            let range = try #require(link.range(of: "/s/"))
            paths[try #require((item["customer_id"] as? NSNumber)?.int64Value)] = String(link[range.lowerBound...])
        }
        return paths
    }

    /// The value of the answer form's hidden `form_token`.
    static func formToken(in html: String) -> String? {
        guard let range = html.range(of: "name=\"form_token\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    /// Opens the link and submits `fields` with the page's form token (or `token` when given).
    static func answer(
        _ client: any TestClientProtocol, _ path: String, _ fields: [(String, String)], token: String? = nil
    ) async throws -> TestResponse {
        let page = try await client.execute(uri: path, method: .get, headers: [:], body: nil)
        let formToken = try #require(token ?? formToken(in: page.text), "no form on \(path): \(page.status) \(page.text)")
        return try await post(client, path, fields + [("form_token", formToken)])
    }

    /// POSTs a form with no cookie at all.
    static func post(_ client: any TestClientProtocol, _ path: String, _ fields: [(String, String)]) async throws -> TestResponse {
        let body = CustomerListPage.queryString(fields)
        return try await client.execute(uri: path, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                        body: ByteBuffer(string: body))
    }
}
