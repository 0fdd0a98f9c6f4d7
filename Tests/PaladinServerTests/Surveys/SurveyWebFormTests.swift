import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import PaladinServer
import PaladinCore
import PaladinStore
import Testing

/// The web form that creates a campaign (questions added and removed without JavaScript, a preview count, pasted
/// customer lists) and the Settings page of the mail relay.
@Suite struct SurveyWebFormTests {
    static let until = Clock.system.now().date.adding(days: 5).description

    @Test func questionsAreAddedAndRemovedByTheFormItself() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = try await Browser.signedIn(client, as: "manager")
            _ = try await browser.get(client, "/surveys")
            let one = try await browser.post(client, "/surveys", [("name", "Spring"), ("questions", "0"), ("action", "add_question")])
            #expect(one.status == .ok)
            #expect(one.text.contains("name=\"q0_kind\"") && !one.text.contains("name=\"q1_kind\""))
            #expect(one.text.contains("name=\"questions\" value=\"1\"") && one.text.contains("value=\"Spring\""))
            let two = try await browser.post(client, "/surveys", [
                ("name", "Spring"), ("questions", "1"), ("q0_kind", "scale"), ("q0_label", "How easy?"), ("action", "add_question")])
            #expect(two.text.contains("name=\"q1_kind\"") && two.text.contains("value=\"How easy?\""))
            let removed = try await browser.post(client, "/surveys", [
                ("name", "Spring"), ("questions", "2"), ("q0_kind", "scale"), ("q0_label", "How easy?"), ("q1_kind", "text"),
                ("q1_label", "Anything else?"), ("action", "remove_question_0")])
            #expect(removed.status == .ok)
            #expect(!removed.text.contains("How easy?") && removed.text.contains("value=\"Anything else?\""))
            #expect(removed.text.contains("name=\"questions\" value=\"1\""))
            #expect(try await fixture.database.count("survey_campaigns") == 0)
        }
    }

    @Test func thePreviewCountsAndABadIdIsNamed() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = try await Browser.signedIn(client, as: "owner")
            _ = try await browser.get(client, "/surveys")
            let byTag = try await browser.post(client, "/surveys", [("name", "P"), ("valid_until", Self.until), ("tag", "vip"), ("action", "preview")])
            #expect(byTag.status == .ok)
            #expect(byTag.text.contains("id=\"survey-preview\"") && byTag.text.contains("This campaign will invite 1 customer(s)."))
            let listed = try await browser.post(client, "/surveys", [("name", "P"), ("customers", "A-1,\nA-2 A-1"), ("action", "preview")])
            #expect(listed.text.contains("will invite 2 customer(s)."))
            // a pasted list with an unknown id: 422 naming it, for the preview and for the creation, nothing created
            for action in ["preview", "create"] {
                let bad = try await browser.post(client, "/surveys", [
                    ("name", "P"), ("valid_until", Self.until), ("customers", "A-1\nZ-9"), ("action", action)])
                #expect(bad.status == .unprocessableContent)
                #expect(bad.text.contains("selection.customers[1]") && bad.text.contains("Z-9"), "\(bad.text)")
                #expect(bad.text.contains("A-1\nZ-9"))
            }
            let stage = try await browser.post(client, "/surveys", [("name", "P"), ("model", "value-category"), ("stage", "nope"), ("action", "preview")])
            #expect(stage.status == .unprocessableContent && stage.text.contains("selection.stage"))
            #expect(try await fixture.database.count("survey_campaigns") == 0)
        }
    }

    @Test func theFullQuestionSetIsCreated() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = try await Browser.signedIn(client, as: "manager")
            _ = try await browser.get(client, "/surveys")
            var fields: [(String, String)] = [
                ("name", "Full"), ("valid_until", Self.until), ("customers", "A-1 A-2"), ("follow_up_days", "2"), ("questions", "4"),
                ("q0_kind", "scale"), ("q0_label", "How easy was it?"), ("q0_min", "1"), ("q0_max", "7"), ("q0_required", "1"),
                ("q1_kind", "choice"), ("q1_label", "Which shop?"), ("q1_choices", "North\r\nSouth\r\n"),
                ("q2_kind", "text"), ("q2_label", "Anything else?"),
                ("q3_kind", "text"), ("q3_label", " "),
            ]
            // a choice question with one choice: 422 naming the question as numbered in the form
            var bad = fields
            bad[bad.firstIndex { $0.0 == "q1_choices" }!] = ("q1_choices", "Only")
            let refused = try await browser.post(client, "/surveys", bad)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("Question 2:") && refused.text.contains("2–20"))
            var scale = fields
            scale[scale.firstIndex { $0.0 == "q0_max" }!] = ("q0_max", "lots")
            #expect(try await browser.post(client, "/surveys", scale).status == .unprocessableContent)
            #expect(try await fixture.database.count("survey_campaigns") == 0)
            fields.append(("action", "create"))
            let created = try await browser.post(client, "/surveys", fields)
            #expect(created.status == .seeOther, "\(created.text)")
            let session = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
            let campaign = try #require(try await session.surveyCampaigns().first).campaign
            #expect(campaign.questions == [
                SurveyQuestion(key: "q1", kind: .scale, label: "How easy was it?", min: 1, max: 7, required: true),
                SurveyQuestion(key: "q2", kind: .choice, label: "Which shop?", choices: ["North", "South"], required: false),
                SurveyQuestion(key: "q3", kind: .text, label: "Anything else?", required: false),
            ])
            #expect(campaign.followUpDays == 2)
            #expect(try await session.surveyResults(campaign.id).invited == 2)
        }
    }
}

extension SurveyWebFormTests {
    @Test func aSendWithFailuresSaysSo() async throws {
        try await Fixture.withApp { client, fixture in
            let acme = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
            _ = try await acme.addCustomer(CustomerDraft(externalId: "R-1", name: "Rae", email: "refuse@example.test"))
            let campaign = try await SurveyScenario.create(client, fixture, customers: ["R-1"])
            try await SMTPSink.serving { sink, port in
                try await acme.setSurveySMTP(SMTPSettings(host: "127.0.0.1", port: port, from: "s@acme.test", security: .plain))
                var browser = try await Browser.signedIn(client, as: "manager")
                _ = try await browser.get(client, "/surveys/\(campaign)")
                let sent = try await browser.post(client, "/surveys/\(campaign)/send", [])
                #expect(sent.headers[.location] == "/surveys/\(campaign)?done=survey_send_failed")
                #expect(await sink.mails.isEmpty)
                let page = try await browser.get(client, "/surveys/\(campaign)?done=survey_send_failed")
                #expect(page.text.contains("Some invitations were not sent"))
            }
        }
    }
}

@Suite struct SettingsEmailPageTests {
    @Test func onlyOwnersOpenIt() async throws {
        try await Fixture.withApp { client, _ in
            var owner = try await Browser.signedIn(client, as: "owner")
            let page = try await owner.get(client, "/settings/email")
            #expect(page.status == .ok && page.text.contains("id=\"smtp-form\""))
            #expect(try await owner.get(client, "/settings").text.contains("href=\"/settings/email\""))
            for role in ["manager", "agent", "viewer"] {
                var browser = try await Browser.signedIn(client, as: role)
                #expect(try await browser.get(client, "/settings/email").status == .forbidden)
                _ = try await browser.get(client, "/settings")
                #expect(try await browser.post(client, "/settings/email", [("host", "x"), ("port", "25"), ("tls", "plain"), ("from", "a@b.test")]).status == .forbidden)
                #expect(try await browser.post(client, "/settings/email/test", []).status == .forbidden)
            }
        }
    }

    @Test func theOwnerSetsTheRelayKeepsThePasswordAndSendsATest() async throws {
        try await Fixture.withApp { client, fixture in
            let session = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
            var owner = try await Browser.signedIn(client, as: "owner")
            _ = try await owner.get(client, "/settings/email")
            // bad input: the form again, 422, the field named, nothing stored
            let port = try await owner.post(client, "/settings/email", [("host", "smtp.example.test"), ("port", "x"), ("tls", "auto"), ("from", "s@acme.test")])
            #expect(port.status == .unprocessableContent && port.text.contains("id=\"smtp-port-error\"") && port.text.contains("value=\"smtp.example.test\""))
            let plain = try await owner.post(client, "/settings/email", [
                ("host", "smtp.example.test"), ("port", "25"), ("tls", "plain"), ("user", "u"), ("password", "pw-secret"), ("from", "s@acme.test")])
            #expect(plain.status == .unprocessableContent && plain.text.contains("id=\"smtp-tls-error\""))
            #expect(!plain.text.contains("pw-secret"))
            let from = try await owner.post(client, "/settings/email", [("host", "smtp.example.test"), ("port", "25"), ("tls", "auto"), ("from", "nobody")])
            #expect(from.status == .unprocessableContent && from.text.contains("id=\"smtp-from-error\""))
            #expect(try await session.surveySMTP() == nil)
            // a relay with a password; the page never shows it, and an empty field keeps it
            let saved = try await owner.post(client, "/settings/email", [
                ("host", "smtp.example.test"), ("port", "587"), ("tls", "starttls"), ("user", "mailer"), ("password", "pw-secret"), ("from", "s@acme.test")])
            #expect(saved.status == .seeOther && saved.headers[.location] == "/settings/email?done=smtp_saved")
            let shown = try await owner.get(client, "/settings/email")
            #expect(!shown.text.contains("pw-secret") && shown.text.contains("id=\"smtp-password-hint\"") && shown.text.contains("value=\"mailer\""))
            _ = try await owner.post(client, "/settings/email", [
                ("host", "smtp2.example.test"), ("port", "587"), ("tls", "starttls"), ("user", "mailer"), ("password", ""), ("from", "s@acme.test")])
            #expect(try await session.surveySMTP() == SMTPSettings(host: "smtp2.example.test", port: 587, from: "s@acme.test", security: .starttls,
                                                                   user: "mailer", password: "pw-secret"))
            // a relay that offers no STARTTLS: the test message fails with the reason shown, 502
            let signedIn = owner
            try await SMTPSink.serving { sink, port in
                var owner = signedIn
                _ = try await owner.get(client, "/settings/email")
                _ = try await owner.post(client, "/settings/email", [("host", "127.0.0.1"), ("port", String(port)), ("tls", "starttls"), ("from", "s@acme.test")])
                let failed = try await owner.post(client, "/settings/email/test", [])
                #expect(failed.status == .badGateway && failed.text.contains("id=\"smtp-test-failure\"") && failed.text.contains("does not offer STARTTLS"))
                // plain, the test message reaches the owner
                _ = try await owner.post(client, "/settings/email", [("host", "127.0.0.1"), ("port", String(port)), ("tls", "plain"), ("from", "s@acme.test")])
                let sent = try await owner.post(client, "/settings/email/test", [])
                #expect(sent.status == .seeOther && sent.headers[.location] == "/settings/email?done=smtp_test_sent")
                let mails = await sink.mails
                #expect(mails.map(\.to) == [["RCPT TO:<owner@acme.test>"]])
                #expect(mails.first?.data.contains("Acme") == true)
            }
            let removed = try await owner.post(client, "/settings/email/delete", [])
            #expect(removed.status == .seeOther)
            #expect(try await session.surveySMTP() == nil)
            #expect(try await owner.post(client, "/settings/email/test", []).status == .conflict)
        }
    }
}
