import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import PaladinServer
import PaladinCore
import PaladinStore
import Testing

/// Who may do what with campaigns, what a bad campaign gets, and that another workspace's campaign is never found.
@Suite struct SurveyAccessTests {
    @Test func agentsAndViewersCannotCreateOrIssue() async throws {
        try await Fixture.withApp { client, fixture in
            let body = """
                {"name":"X","valid_until":"\(Clock.system.now().date.adding(days: 3))","selection":{"tag":"vip"}}
                """
            for role in ["agent", "viewer"] {
                let refused = try await client.call(.post, "/api/v1/surveys", token: fixture.tokens[role], json: body)
                #expect(refused.isProblem(.forbidden), "\(role)")
            }
            #expect(try await fixture.database.count("survey_campaigns") == 0)
            let campaign = try await SurveyScenario.create(client, fixture, role: "owner")
            for role in ["agent", "viewer"] {
                #expect(try await client.call(.post, "/api/v1/surveys/\(campaign)/links", token: fixture.tokens[role]).isProblem(.forbidden))
                #expect(try await client.call(.post, "/api/v1/surveys/\(campaign)/close", token: fixture.tokens[role]).isProblem(.forbidden))
                // but they read campaigns
                #expect(try await client.call(.get, "/api/v1/surveys/\(campaign)", token: fixture.tokens[role]).status == .ok)
                #expect(try await client.call(.get, "/api/v1/surveys", token: fixture.tokens[role]).status == .ok)
            }
            #expect(try await client.call(.get, "/api/v1/surveys", token: nil).isProblem(.unauthorized))
        }
    }

    @Test func aForeignCampaignIsNotFound() async throws {
        try await Fixture.withApp { client, fixture in
            let campaign = try await SurveyScenario.create(client, fixture)
            let globex = fixture.tokens["globex"]
            #expect(try await client.call(.get, "/api/v1/surveys/\(campaign)", token: globex).isProblem(.notFound))
            #expect(try await client.call(.post, "/api/v1/surveys/\(campaign)/links", token: globex).isProblem(.notFound))
            #expect(try await client.call(.post, "/api/v1/surveys/\(campaign)/close", token: globex).isProblem(.notFound))
            #expect(try await client.call(.get, "/api/v1/surveys/abc", token: globex).isProblem(.notFound))
            let list = try await client.call(.get, "/api/v1/surveys", token: globex)
            #expect((list.object["items"] as? [Any])?.isEmpty == true)
            // a foreign customer cannot be invited either
            let foreign = try await client.call(.post, "/api/v1/surveys", token: fixture.tokens["owner"], json: """
                {"name":"X","valid_until":"\(Clock.system.now().date.adding(days: 3))","selection":{"customers":["A-1","G-1"]}}
                """)
            #expect(foreign.isProblem(.unprocessableContent))
            #expect(foreign.problemFields == ["selection.customers[1]"])
        }
    }

    @Test func badCampaignsNameTheirField() async throws {
        try await Fixture.withApp { client, fixture in
            let future = Clock.system.now().date.adding(days: 3).description
            let cases: [(String, HTTPResponse.Status, String)] = [
                (#"{"name":"X","valid_until":"soon","selection":{"tag":"vip"}}"#, .unprocessableContent, "valid_until"),
                (#"{"name":"X","valid_until":"2001-01-01","selection":{"tag":"vip"}}"#, .unprocessableContent, "valid_until"),
                (#"{"name":" ","valid_until":"\#(future)","selection":{"tag":"vip"}}"#, .unprocessableContent, "name"),
                (#"{"name":"X","valid_until":"\#(future)","selection":{}}"#, .unprocessableContent, "selection"),
                (#"{"name":"X","valid_until":"\#(future)","selection":{"tag":"nobody-has-it"}}"#, .unprocessableContent, "selection"),
                (#"{"name":"X","valid_until":"\#(future)","selection":{"model":"nope"}}"#, .unprocessableContent, "selection.model"),
                (#"{"name":"X","valid_until":"\#(future)","selection":{"model":"customer-journey","stage":"nope"}}"#, .unprocessableContent, "selection.stage"),
                (#"{"name":"X","valid_until":"\#(future)","selection":{"tag":"vip"},"follow_up_days":99}"#, .unprocessableContent, "follow_up_days"),
                (#"{"name":"X","valid_until":"\#(future)","selection":{"tag":"vip"},"questions":[{"key":"a","kind":"choice","label":"Q","choices":["only"]}]}"#,
                 .unprocessableContent, "questions[0].choices"),
                (#"{"name":"X","valid_until":"\#(future)","selection":{"tag":"vip"},"questions":[{"key":"score","kind":"text","label":"Q"}]}"#,
                 .unprocessableContent, "questions[0].key"),
            ]
            for (body, status, field) in cases {
                let response = try await client.call(.post, "/api/v1/surveys", token: fixture.tokens["owner"], json: body)
                #expect(response.isProblem(status), "\(body) → \(response.status) \(response.text)")
                #expect(response.problemFields == [field], "\(body) → \(response.text)")
            }
            let badKind = try await client.call(.post, "/api/v1/surveys", token: fixture.tokens["owner"], json: """
                {"name":"X","valid_until":"\(future)","selection":{"tag":"vip"},"questions":[{"key":"a","kind":"stars","label":"Q"}]}
                """)
            #expect(badKind.status.code == 400 || badKind.status.code == 422)
            let badFormat = try await client.call(.post, "/api/v1/surveys/1/links?format=xml", token: fixture.tokens["owner"])
            #expect(badFormat.status == .notFound || badFormat.isProblem(.badRequest))
            #expect(try await fixture.database.count("survey_campaigns") == 0)
            #expect(try await fixture.database.count("survey_invitations") == 0)
            // by tag: Ana is the only vip
            let byTag = try await client.call(.post, "/api/v1/surveys", token: fixture.tokens["owner"], json: """
                {"name":"VIPs","valid_until":"\(future)","selection":{"tag":"VIP"}}
                """)
            #expect(byTag.status == .created)
            #expect(byTag.object["invited"] as? Int == 1)
            let byStage = try await client.call(.post, "/api/v1/surveys", token: fixture.tokens["owner"], json: """
                {"name":"Everyone new","valid_until":"\(future)","selection":{"model":"customer-journey","stage":"assess"}}
                """)
            #expect(byStage.status == .created)
            #expect(byStage.object["invited"] as? Int == 2)
            let id = try #require((byTag.object["id"] as? NSNumber)?.int64Value)
            let xml = try await client.call(.post, "/api/v1/surveys/\(id)/links?format=xml", token: fixture.tokens["owner"])
            #expect(xml.isProblem(.badRequest) && xml.problemFields == ["format"])
        }
    }
}
