import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import PaladinServer
import PaladinCore
import PaladinStore
import Testing

/// The campaign pages of the web application.
@Suite struct SurveyWebPageTests {
    @Test func aManagerCreatesACampaignAndSeesItsResults() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = try await Browser.signedIn(client, as: "manager")
            let list = try await browser.get(client, "/surveys")
            #expect(list.status == .ok)
            #expect(list.text.contains("href=\"/surveys\" aria-current=\"page\""))
            #expect(list.text.contains("id=\"survey-create\""))
            // a bad date: the form again with the message and the entered values
            let bad = try await browser.post(client, "/surveys", [("name", "Spring"), ("valid_until", "tomorrow"), ("tag", "vip")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text.contains("id=\"survey-create-error\"") && bad.text.contains("value=\"Spring\""))
            let nobody = try await browser.post(client, "/surveys", [
                ("name", "Spring"), ("valid_until", Clock.system.now().date.adding(days: 5).description), ("tag", "nobody")])
            #expect(nobody.status == .unprocessableContent)
            #expect(try await fixture.database.count("survey_campaigns") == 0)
            // when: a campaign for the vip tag
            let created = try await browser.post(client, "/surveys", [
                ("name", "Spring"), ("valid_until", Clock.system.now().date.adding(days: 5).description), ("tag", "vip"),
                ("questions", "1"), ("q0_kind", "text"), ("q0_label", "What should we improve?")])
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location])
            #expect(location.hasPrefix("/surveys/"))
            let page = try await browser.get(client, String(location))
            #expect(page.status == .ok)
            #expect(page.text.contains("Spring") && page.text.contains("id=\"survey-rate\""))
            // the links download as CSV
            let id = String(location.dropFirst("/surveys/".count).prefix { $0.isNumber })
            let csv = try await browser.post(client, "/surveys/\(id)/links", [])
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentDisposition]?.contains("survey-\(id)-links.csv") == true)
            #expect(csv.text.hasPrefix("customer_id,external_id,name,email,link\n"))
            #expect(csv.text.contains("A-1,Ana,"))
            // an answer shows up with its comment and the follow-up it created
            let lastLine = String(try #require(csv.text.split(separator: "\n").last))
            let link = String(lastLine[try #require(lastLine.range(of: "/s/")).lowerBound...])
            let answered = try await SurveyScenario.answer(client, link, [("score", "2"), ("comment", "Too slow"), ("q_q1", "Speed")])
            #expect(answered.status == .ok)
            let results = try await browser.get(client, String(location))
            #expect(results.text.contains("Too slow"))
            #expect(results.text.contains("id=\"survey-follow-ups\""))
            #expect(results.text.contains("agent@acme.test"))
        }
    }

    @Test func agentsAndViewersReadButDoNotCreate() async throws {
        try await Fixture.withApp { client, fixture in
            let campaign = try await SurveyScenario.create(client, fixture)
            for role in ["agent", "viewer"] {
                var browser = try await Browser.signedIn(client, as: role)
                let list = try await browser.get(client, "/surveys")
                #expect(list.status == .ok)
                #expect(!list.text.contains("id=\"survey-create\""))
                #expect(list.text.contains("Autumn check-in"))
                let refused = try await browser.post(client, "/surveys", [("name", "X"), ("valid_until", "2099-01-01"), ("tag", "vip")])
                #expect(refused.status == .forbidden)
                let links = try await browser.post(client, "/surveys/\(campaign)/links", [])
                #expect(links.status == .forbidden)
                #expect(try await browser.get(client, "/surveys/\(campaign)").status == .ok)
            }
            var foreign = try await Browser.signedIn(client, as: "globex", workspace: "globex")
            #expect(try await foreign.get(client, "/surveys/\(campaign)").status == .notFound)
            #expect(try await foreign.post(client, "/surveys/\(campaign)/links", []).status == .notFound)
            #expect(try await fixture.database.count("survey_campaigns") == 1)
        }
    }
}
