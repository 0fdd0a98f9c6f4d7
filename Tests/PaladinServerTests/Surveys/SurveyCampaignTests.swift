import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import PaladinServer
import PaladinCore
import PaladinStore
import Testing

/// A campaign end to end over HTTP: created through the API, links issued, answered on the public page once, and
/// the loop closed — evidence, a follow-up for a detractor's owner, a champion candidate for a promoter.
@Suite struct SurveyCampaignTests {
    @Test func aCampaignRunsEndToEnd() async throws {
        try await Fixture.withApp { client, fixture in
            // given: Bogdan (A-2) bought on two different days, so a promoter answer makes him a champion candidate
            let acme = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
            let now = Clock.system.now()
            _ = try await acme.addPurchase("A-2", amount: Money(cents: 10_000), currency: nil, at: now.adding(days: -40), reference: nil)
            _ = try await acme.addPurchase("A-2", amount: Money(cents: 5_000), currency: nil, at: now.adding(days: -3), reference: nil)
            let campaign = try await SurveyScenario.create(client, fixture)
            let links = try await SurveyScenario.links(client, fixture, campaign: campaign)
            let ana = try #require(links[fixture.agentsCustomer.id])
            let bogdan = try #require(links[fixture.othersCustomer.id])
            #expect(links.count == 2)

            // when: the page opens without any sign-in
            let page = try await client.execute(uri: ana, method: .get, headers: [:], body: nil)
            // then: the form, and nothing internal (no owner, no campaign name, no other customer)
            #expect(page.status == .ok)
            #expect(page.text.contains("id=\"survey-form\""))
            #expect(page.text.contains("How likely are you to recommend Acme"))
            #expect(!page.text.contains("agent@acme.test"))
            #expect(!page.text.contains("Autumn check-in"))
            #expect(!page.text.contains("Bogdan"))
            #expect(page.headers[.contentSecurityPolicy] != nil)

            // when: Ana answers 3 with a comment
            let answered = try await SurveyScenario.answer(client, ana, [("score", "3"), ("comment", "Deliveries were late twice"), ("lang", "en")])
            // then: a thank-you
            #expect(answered.status == .ok)
            #expect(answered.text.contains("id=\"survey-thanks\""))
            #expect(answered.text.contains("Deliveries were late twice"))

            // when: she submits again, with another score
            let token = try #require(SurveyScenario.formToken(in: page.text))
            let again = try await SurveyScenario.answer(client, ana, [("score", "10"), ("lang", "en")], token: token)
            // then: the recorded answer, never a second one
            #expect(again.status == .conflict)
            #expect(again.text.contains("id=\"survey-recorded\""))
            #expect(again.text.contains("3 / 10"))
            let reopened = try await client.execute(uri: ana, method: .get, headers: [:], body: nil)
            #expect(reopened.status == .ok && reopened.text.contains("3 / 10") && !reopened.text.contains("survey-form"))
            let evidence = EvidenceStore(fixture.database.sql, workspace: acme.workspace.id)
            let responses = try await evidence.surveys(customer: fixture.agentsCustomer.id)
            #expect(responses.map(\.score) == [3])
            #expect(responses.first?.comment == "Deliveries were late twice")

            // then: a follow-up for Ana's owner, due the next working day
            let followUps = try await evidence.followUps(customer: fixture.agentsCustomer.id)
            #expect(followUps.count == 1)
            #expect(followUps.first?.assignee == "agent@acme.test")
            #expect(followUps.first?.due == WorkingDays.adding(1, to: now.date))
            #expect(followUps.first?.note?.contains("3/10") == true)

            // when: Bogdan answers 10
            let promoter = try await SurveyScenario.answer(client, bogdan, [("score", "10"), ("comment", "Great service")])
            #expect(promoter.status == .ok)
            // then: a champion candidate with the answer as evidence, and no follow-up
            let flagged = try await acme.flaggedCustomers(kind: .championCandidate)
            #expect(flagged.map(\.customerId) == [fixture.othersCustomer.id])
            #expect(flagged.first?.reason.contains("answered 10/10") == true)
            #expect(try await evidence.followUps(customer: fixture.othersCustomer.id).isEmpty)

            // then: the results show the rate, the NPS, the comments and the follow-up, open
            let results = try await client.call(.get, "/api/v1/surveys/\(campaign)", token: fixture.tokens["viewer"])
            #expect(results.status == .ok)
            let body = results.object
            #expect(body["response_rate"] as? Double == 1)
            #expect(body["nps"] as? Double == 0)
            #expect(body["detractors"] as? Int == 1 && body["promoters"] as? Int == 1)
            #expect(body["champion_candidates"] as? Int == 1)
            let comments = (body["answers"] as? [[String: Any]] ?? []).compactMap { $0["comment"] as? String }
            #expect(Set(comments) == ["Deliveries were late twice", "Great service"])
            let created = try #require((body["follow_ups"] as? [[String: Any]])?.first)
            #expect(created["assignee"] as? String == "agent@acme.test" && created["done"] as? Bool == false)

            // when: the follow-up is done, the campaign shows it
            let followUpId = try #require(followUps.first?.id)
            let done = try await client.call(.post, "/api/v1/follow-ups/\(followUpId)/done", token: fixture.tokens["owner"])
            #expect(done.status == .ok)
            let after = try await client.call(.get, "/api/v1/surveys/\(campaign)", token: fixture.tokens["owner"])
            #expect((after.object["follow_ups"] as? [[String: Any]])?.first?["done"] as? Bool == true)
        }
    }

    @Test func linksAreShownOnceAndReissuedOnlyOnRequest() async throws {
        try await Fixture.withApp { client, fixture in
            let campaign = try await SurveyScenario.create(client, fixture)
            let first = try await SurveyScenario.links(client, fixture, campaign: campaign)
            // a second call issues nothing new: the first links stand (only their hashes are kept)
            let second = try await client.call(.post, "/api/v1/surveys/\(campaign)/links?format=json", token: fixture.tokens["owner"])
            #expect((second.object["items"] as? [Any])?.isEmpty == true)
            #expect(second.object["kept"] as? Int == 2)
            let stored = try await fixture.database.sql.raw("SELECT token_hash FROM survey_invitations").all()
                .compactMap { try? $0.decode(column: "token_hash", as: String.self) }
            #expect(stored.count == 2 && stored.allSatisfy { $0.count == 64 })
            for path in first.values { #expect(!stored.contains { path.contains($0) }) }
            // reissue: new links, the old ones are unknown now
            let csv = try await client.call(.post, "/api/v1/surveys/\(campaign)/links?format=csv&reissue=true", token: fixture.tokens["owner"])
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = csv.text.split(separator: "\n")
            #expect(lines.first == "customer_id,external_id,name,email,link")
            #expect(lines.count == 3)
            let old = try #require(first.values.first)
            let gone = try await client.execute(uri: old, method: .get, headers: [:], body: nil)
            #expect(gone.status == .notFound)
            #expect(gone.text.contains("no longer valid"))
        }
    }

    @Test func linksAreNeverKeptForAnIdempotentReplay() async throws {
        try await Fixture.withApp { client, fixture in
            let campaign = try await SurveyScenario.create(client, fixture)
            var headers: HTTPFields = [.authorization: "Bearer \(fixture.tokens["owner"]!)"]
            headers[HTTPField.Name("Idempotency-Key")!] = "links-1"
            let first = try await client.execute(uri: "/api/v1/surveys/\(campaign)/links", method: .post, headers: headers, body: nil)
            #expect(first.status == .ok)
            #expect(first.headers[.cacheControl] == "no-store")
            #expect((first.object["items"] as? [Any])?.count == 2)
            let stored = try await fixture.database.sql.raw("SELECT COUNT(*) AS n FROM idempotency_keys WHERE response_body LIKE '%/s/%'").first()?
                .decode(column: "n", as: Int.self)
            #expect(stored == 0)
            // a retry runs again: the links stand, none is shown twice
            let retry = try await client.execute(uri: "/api/v1/surveys/\(campaign)/links", method: .post, headers: headers, body: nil)
            #expect(retry.status == .ok)
            #expect((retry.object["items"] as? [Any])?.isEmpty == true && retry.object["kept"] as? Int == 2)
        }
    }

    @Test func tamperedExpiredAndForgedLinksAreExplained() async throws {
        try await Fixture.withApp { client, fixture in
            let campaign = try await SurveyScenario.create(client, fixture, customers: ["A-1"])
            let path = try #require(try await SurveyScenario.links(client, fixture, campaign: campaign).values.first)
            // tampered: one character of the secret changed
            var characters = Array(path)
            characters[5] = characters[5] == "A" ? "B" : "A"
            let tampered = try await client.execute(uri: String(characters), method: .get, headers: [.acceptLanguage: "ro"], body: nil)
            #expect(tampered.status == .badRequest)
            #expect(tampered.text.contains("Acest link nu este complet"))
            let garbage = try await client.execute(uri: "/s/not-a-link", method: .get, headers: [:], body: nil)
            #expect(garbage.status == .badRequest)
            // a forged form: the token of another link, or none
            let forged = try await SurveyScenario.answer(client, path, [("score", "9")], token: "x")
            #expect(forged.status == .forbidden)
            let none = try await SurveyScenario.post(client, path, [("score", "9")])
            #expect(none.status == .forbidden)
            // a score out of range: the form again with the message, nothing written
            let invalid = try await SurveyScenario.answer(client, path, [("score", "11"), ("comment", "kept")])
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.text.contains("id=\"survey-error\"") && invalid.text.contains("kept"))
            let missing = try await SurveyScenario.answer(client, path, [("comment", "no score")])
            #expect(missing.status == .unprocessableContent)
            #expect(try await fixture.database.count("survey_answers") == 0)
            #expect(try await fixture.database.count("survey_responses") == 0)

            // expired: a campaign whose last day has passed
            let acme = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
            let past = Clock.system.now().adding(days: -10)
            let earlier = WorkspaceSession(database: fixture.database, workspace: acme.workspace, clock: .fixed(past), actor: "manager@acme.test")
            let old = try await earlier.createSurveyCampaign(SurveyCampaignDraft(
                name: "Last month", validUntil: past.date.adding(days: 2), selection: SurveySelection(customers: ["A-2"])))
            let oldPath = try #require(try await earlier.issueSurveyLinks(old.campaign.id).links.first?.path)
            let expired = try await client.execute(uri: oldPath, method: .get, headers: [:], body: nil)
            #expect(expired.status == .gone)
            #expect(expired.text.contains("This survey has ended"))
            // closed: the same explanation
            let closed = try await client.call(.post, "/api/v1/surveys/\(campaign)/close", token: fixture.tokens["owner"])
            #expect(closed.status == .ok)
            #expect(try await client.execute(uri: path, method: .get, headers: [:], body: nil).status == .gone)
            // and no new links for a closed campaign
            let refused = try await client.call(.post, "/api/v1/surveys/\(campaign)/links", token: fixture.tokens["owner"])
            #expect(refused.isProblem(.conflict))
        }
    }

    @Test func thePageSpeaksTheCustomersLanguage() async throws {
        try await Fixture.withApp { client, fixture in
            let acme = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
            let customer = try await acme.addCustomer(CustomerDraft(externalId: "A-9", name: "Irina", attributes: ["language": "ru"]))
            let campaign = try await SurveyScenario.create(client, fixture, customers: ["A-9"], questions: """
                [{"key":"delivery","kind":"scale","label":"Delivery speed","min":1,"max":5,"required":true},
                 {"key":"channel","kind":"choice","label":"How do you order?","choices":["Web","Phone"]}]
                """)
            let path = try #require(try await SurveyScenario.links(client, fixture, campaign: campaign)[customer.id])
            let page = try await client.execute(uri: path, method: .get, headers: [:], body: nil)
            #expect(page.text.contains("<html lang=\"ru\">"))
            #expect(page.text.contains("Отправить ответ"))
            #expect(page.text.contains("id=\"q-delivery-5\"") && page.text.contains("name=\"q_channel\""))
            let italian = try await client.execute(uri: path + "?lang=it", method: .get, headers: [:], body: nil)
            #expect(italian.text.contains("Invia la risposta"))
            // a required extra question left out: the form again, in the page's language
            let missing = try await SurveyScenario.answer(client, path, [("score", "8"), ("lang", "ru")])
            #expect(missing.status == .unprocessableContent)
            #expect(missing.text.contains("Delivery speed"))
            let done = try await SurveyScenario.answer(client, path, [("score", "8"), ("q_delivery", "4"), ("q_channel", "Phone"), ("lang", "ru")])
            #expect(done.status == .ok)
            #expect(done.text.contains("Спасибо!"))
            let results = try await acme.surveyResults(campaign)
            #expect(results.answers.first?.extra == ["delivery": "4", "channel": "Phone"])
            #expect(results.answers.first?.language == "ru")
            #expect(results.followUps.isEmpty)
        }
    }

    @Test func concurrentSubmitsOverHTTPRecordOneAnswer() async throws {
        try await Fixture.withApp { client, fixture in
            let campaign = try await SurveyScenario.create(client, fixture, customers: ["A-1"])
            let path = try #require(try await SurveyScenario.links(client, fixture, campaign: campaign).values.first)
            let page = try await client.execute(uri: path, method: .get, headers: [:], body: nil)
            let token = try #require(SurveyScenario.formToken(in: page.text))
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for score in 0..<6 {
                    group.addTask { try await SurveyScenario.post(client, path, [("score", String(score + 4)), ("form_token", token)]).status }
                }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .ok }.count == 1)
            #expect(statuses.filter { $0 == .conflict }.count == 5)
            #expect(try await fixture.database.count("survey_answers") == 1)
            #expect(try await fixture.database.count("survey_responses") == 1)
        }
    }

    @Test func thePublicPageIsRateLimitedPerLink() async throws {
        try await Fixture.withApp { client, fixture in
            let campaign = try await SurveyScenario.create(client, fixture, customers: ["A-1"])
            let path = try #require(try await SurveyScenario.links(client, fixture, campaign: campaign).values.first)
            for _ in 0..<30 { #expect(try await client.execute(uri: path, method: .get, headers: [:], body: nil).status == .ok) }
            let limited = try await client.execute(uri: path, method: .get, headers: [:], body: nil)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] != nil)
        }
    }
}
