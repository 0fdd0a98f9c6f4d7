import Foundation
import PaladinCore
@testable import PaladinStore
import Testing

/// Campaigns in the store: links, a once-only answer under concurrent submits, working days.
@Suite struct SurveyStoreTests {
    /// A campaign for the customers given, with its links issued.
    func campaign(_ session: WorkspaceSession, _ customers: [String], followUpDays: Int = 1) async throws -> (Int64, [IssuedSurveyLink]) {
        let summary = try await session.createSurveyCampaign(SurveyCampaignDraft(
            name: "Check-in", validUntil: testNow.date.adding(days: 7), selection: SurveySelection(customers: customers), followUpDays: followUpDays))
        return (summary.campaign.id, try await session.issueSurveyLinks(summary.campaign.id).links)
    }

    func link(_ issued: IssuedSurveyLink) -> String { String(issued.path.dropFirst(3)) }

    @Test func twoSubmitsAtOnceRecordOneAnswer() async throws {
        try await withSession { session in
            _ = try await session.add("C-1", "Ana", owner: "ana@acme.test")
            let (_, links) = try await campaign(session, ["C-1"])
            let text = link(try #require(links.first))
            let answering = SurveyAnswering(database: session.database, clock: fixedClock)
            let opened = try await answering.open(text)
            func submit(_ score: String) async throws -> Bool {
                try await answering.answer(text, .init(formToken: opened.formToken, score: score, comment: "c\(score)", extra: [:], language: "en")).recorded
            }
            // when: eight submits race
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for score in 0..<8 { group.addTask { try await submit(String(score + 2)) } }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            // then: one answer, one survey response, at most one follow-up
            #expect(outcomes.filter { $0 }.count == 1)
            #expect(try await EvidenceStore(session.database.sql, workspace: session.workspace.id).count(.surveys) == 1)
            let answers = try await session.database.sql.raw("SELECT COUNT(*) AS n FROM survey_answers").first()?.decode(column: "n", as: Int.self)
            #expect(answers == 1)
            let recorded = try #require(try await answering.open(text).answer)
            #expect(try await session.followUps().count == (recorded.score <= 6 ? 1 : 0))
        }
    }

    @Test func theDatabaseRefusesASecondAnswer() async throws {
        try await withSession { session in
            _ = try await session.add("C-1", "Ana")
            let (id, links) = try await campaign(session, ["C-1"])
            let answering = SurveyAnswering(database: session.database, clock: fixedClock)
            let text = link(try #require(links.first))
            let opened = try await answering.open(text)
            _ = try await answering.answer(text, .init(formToken: opened.formToken, score: "9", comment: nil, extra: [:], language: "en"))
            // the primary key (workspace, invitation) holds even for a writer that skips the check
            await #expect(throws: (any Error).self) {
                try await session.database.sql.raw("""
                    INSERT INTO survey_answers (workspace_id, invitation_id, campaign_id, customer_id, score, extra_answers, language, answered_at,
                      survey_response_id, champion_candidate)
                    SELECT workspace_id, invitation_id, campaign_id, customer_id, 1, '{}', 'en', 0, 0, 0 FROM survey_answers
                    """).run()
            }
            #expect(try await session.surveyResults(id).answered == 1)
        }
    }

    @Test func aDetractorsFollowUpIsDueOnAWorkingDay() async throws {
        try await withSession { session in
            _ = try await session.add("C-1", "Ana", owner: "ana@acme.test")
            _ = try await session.add("C-2", "Bo")
            let (_, links) = try await campaign(session, ["C-1", "C-2"], followUpDays: 2)
            let answering = SurveyAnswering(database: session.database, clock: fixedClock)
            for issued in links {
                let text = link(issued)
                let token = try await answering.open(text).formToken
                _ = try await answering.answer(text, .init(formToken: token, score: "6", comment: "meh", extra: [:], language: "en"))
            }
            // testNow is a Thursday: two working days later is Monday
            let followUps = try await session.followUps()
            #expect(followUps.count == 2)
            #expect(followUps.allSatisfy { $0.due == testNow.date.adding(days: 4) })
            #expect(followUps.map(\.assignee).sorted { ($0 ?? "") < ($1 ?? "") } == [nil, "ana@acme.test"])
        }
    }

    @Test func workingDaysSkipTheWeekend() {
        let thursday = testNow.date
        #expect(WorkingDays.adding(1, to: thursday) == thursday.adding(days: 1))
        #expect(WorkingDays.adding(2, to: thursday) == thursday.adding(days: 4))
        #expect(WorkingDays.adding(1, to: thursday.adding(days: 1)) == thursday.adding(days: 4))
        #expect(WorkingDays.adding(1, to: thursday.adding(days: 2)) == thursday.adding(days: 4))
        #expect(WorkingDays.adding(0, to: thursday) == thursday.adding(days: 1))
    }

    @Test func linksAreSignedSoTamperingIsToldApart() async throws {
        try await withSession { session in
            let key = try await SurveyLinkKey.load(session.database.sql)
            let again = try await SurveyLinkKey.load(session.database.sql)
            let link = SurveyLink.generate()
            let text = link.text(key: key)
            #expect(SurveyLink.verify(text, key: again) == link)
            #expect(SurveyLink.verify(text, key: SurveyLinkKey(bytes: Array("another key".utf8))) == nil)
            var changed = Array(text)
            changed[0] = changed[0] == "a" ? "b" : "a"
            #expect(SurveyLink.verify(String(changed), key: key) == nil)
            #expect(SurveyLink.verify("", key: key) == nil)
            #expect(SurveyLink.verify(text + "x", key: key) == nil)
            #expect(link.hash.count == 64 && !link.hash.contains(link.secret))
            // an unknown but well-signed link is not found; a tampered one is told apart
            let answering = SurveyAnswering(database: session.database, clock: fixedClock)
            await #expect(throws: SurveyAnswering.LinkProblem.unknown) { _ = try await answering.open(text) }
            await #expect(throws: SurveyAnswering.LinkProblem.tampered) { _ = try await answering.open(String(changed)) }
        }
    }

    @Test func aPromoterWhoBoughtAgainBecomesAChampionCandidate() async throws {
        try await withSession { session in
            _ = try await session.add("C-1", "Ana")
            _ = try await session.add("C-2", "Bo")
            for (days, customer) in [(-30, "C-1"), (-2, "C-1"), (-5, "C-2")] {
                _ = try await session.addPurchase(customer, amount: Money(cents: 1_000), currency: nil, at: testNow.adding(days: days), reference: nil)
            }
            let (id, links) = try await campaign(session, ["C-1", "C-2"])
            let answering = SurveyAnswering(database: session.database, clock: fixedClock)
            for issued in links {
                let text = link(issued)
                let token = try await answering.open(text).formToken
                _ = try await answering.answer(text, .init(formToken: token, score: "10", comment: "Love it", extra: [:], language: "en"))
            }
            let flagged = try await session.flaggedCustomers(kind: .championCandidate)
            #expect(flagged.map(\.externalId) == ["C-1"])
            #expect(flagged.first?.reason.contains("Love it") == true)
            #expect(try await session.surveyResults(id).championCandidates == 1)
            // NPS counts the answers like recorded ones
            let nps = try await session.nps()
            #expect(nps.first?.summary.promoters == 2)
        }
    }
}

@Suite struct SurveyWebhookTests {
    @Test func anAnswerIsAWebhookEventWithWhatItSetInMotion() async throws {
        try await withSession { session in
            _ = try await session.add("C-1", "Ana", owner: "ana@acme.test")
            let hook = try await session.createWebhook(url: "https://example.test/s", events: ["survey.answered"], description: nil)
            let summary = try await session.createSurveyCampaign(SurveyCampaignDraft(
                name: "Check-in", validUntil: testNow.date.adding(days: 7), selection: SurveySelection(customers: ["C-1"])))
            let text = String(try #require(try await session.issueSurveyLinks(summary.campaign.id).links.first).path.dropFirst(3))
            let answering = SurveyAnswering(database: session.database, clock: fixedClock)
            let token = try await answering.open(text).formToken
            _ = try await answering.answer(text, .init(formToken: token, score: "4", comment: "Late", extra: [:], language: "en"))
            let rows = try await session.database.sql.raw("SELECT webhook_id, event_type, payload FROM webhook_deliveries").all()
            #expect(rows.count == 1)
            #expect(try rows.first?.decode(column: "event_type", as: String.self) == "survey.answered")
            #expect(try rows.first?.decode(column: "webhook_id", as: Int64.self) == hook.id)
            let payload = try #require(try rows.first?.decode(column: "payload", as: String.self))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any])
            let data = try #require(object["data"] as? [String: Any])
            #expect(data["score"] as? Int == 4 && data["segment"] as? String == "detractor" && data["comment"] as? String == "Late")
            #expect(data["follow_up_id"] is Int)
            #expect((data["customer"] as? [String: Any])?["external_id"] as? String == "C-1")
        }
    }
}
