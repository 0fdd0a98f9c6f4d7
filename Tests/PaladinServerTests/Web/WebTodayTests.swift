import Foundation
import Hummingbird
import HummingbirdTesting
import PaladinCore
@testable import PaladinServer
import PaladinStore
import Testing

@Suite("Web: the Today page")
struct WebTodayTests {
    static let day: Int64 = 86_400

    /// The agent's day: Ana (the fixture's agent customer) with a follow-up 3 days overdue; Stella, at customer-journey's
    /// Activate for 100 days (expected 21, in the stall zone); Rita, who has met Assess's required marker; Dora, who
    /// answered 3 yesterday. Bogdan (someone else's) has an overdue follow-up and a detractor answer too.
    static func agentsDay(_ fixture: Fixture) async throws {
        let now = Clock.system.now()
        func at(daysAgo: Int64) async throws -> WorkspaceSession {
            try await WorkspaceSession.open(fixture.database, workspace: "acme", clock: Clock { Timestamp(seconds: now.seconds - daysAgo * day) },
                                            actor: "test")
        }
        let today = try await at(daysAgo: 0)
        _ = try await today.log("A-1", entry: InteractionEntry(
            channel: .phone, kind: .call, summary: "Asked for the offer", followUp: now.date.adding(days: -3), followUpNote: "Send the offer to Ana"))
        _ = try await today.log("A-2", entry: InteractionEntry(
            channel: .phone, kind: .call, summary: "Call", followUp: now.date.adding(days: -2), followUpNote: "Call Bogdan back"))
        let stella = try await (try await at(daysAgo: 300)).addCustomer(CustomerDraft(externalId: "S-1", name: "Stella", owner: "agent@acme.test"))
        _ = try await (try await at(daysAgo: 100)).move(
            String(stella.id), model: "customer-journey", request: MoveRequest(to: "activate", decision: nil, force: true, reason: "Signed in person"))
        let rita = try await today.addCustomer(CustomerDraft(externalId: "R-1", name: "Rita", owner: "Agent@Acme.test"))
        _ = try await today.mark(String(rita.id), model: "customer-journey", marker: "expectations-stated", note: "Wants delivery in a week")
        let dora = try await today.addCustomer(CustomerDraft(externalId: "D-1", name: "Dora", owner: "agent"))
        _ = try await (try await at(daysAgo: 1)).addSurvey(String(dora.id), score: 3, comment: "Too slow to answer", at: nil)
        _ = try await today.addSurvey("A-2", score: 1, comment: "Never again", at: nil)
    }

    /// The HTML of one list of the page (`<section … id="key">` to its end).
    static func section(_ key: String, of html: String) -> String {
        guard let start = html.range(of: "id=\"\(key)\"") else { return "" }
        let rest = html[start.lowerBound...]
        return String(rest[..<(rest.range(of: "</section>")?.lowerBound ?? rest.endIndex)])
    }

    @Test("Today lists the agent's overdue follow-up, stalled, ready and detractor customers, each with next actions and reasons")
    func agentsLists() async throws {
        try await Fixture.withApp(prepare: Self.agentsDay) { client, _ in
            // given
            var browser = try await Browser.signedIn(client, as: "agent")
            // when
            let page = try await browser.get(client, "/today")
            // then
            #expect(page.status == .ok)
            let html = page.text
            let followUps = Self.section("follow-ups", of: html)
            #expect(followUps.contains(">Ana</a>") && followUps.contains("Send the offer to Ana") && followUps.contains("3 days overdue"))
            #expect(followUps.contains("action=\"/follow-ups/") && followUps.contains(">Done</button>"))
            #expect(followUps.contains("was due") && followUps.contains("Why:"), "the follow-up's action with its reason")
            let stalled = Self.section("stalled", of: html)
            let firstRow = stalled.components(separatedBy: "<p class=\"today-head\">").dropFirst().first ?? ""
            #expect(firstRow.contains(">Stella</a>") && firstRow.contains("Activate") && firstRow.contains("stall zone"),
                    "the stall zone comes first")
            #expect(firstRow.contains("100 days at this stage (expected 21)"))
            #expect(firstRow.contains("Get the customer moving at Activate") && firstRow.contains("in the stall zone"))
            let ready = Self.section("ready", of: html)
            #expect(ready.contains(">Rita</a>") && ready.contains("Assess → Admit") && ready.contains("href=\"/models/customer-journey/board\""))
            #expect(ready.contains("Move to Admit") && ready.contains("every required marker of Assess is met"))
            let detractors = Self.section("detractors", of: html)
            #expect(detractors.contains(">Dora</a>") && detractors.contains("Score 3") && detractors.contains("Too slow to answer"))
            #expect(detractors.contains("Why:"), "the detractor's next actions")
            // the playbook step, with what is missing, for a customer who only has stage work
            #expect(ready.contains("Step 1 of"))
            // an agent never sees a colleague's customer, asking for the team or not
            #expect(!html.contains("Bogdan") && !html.contains("Never again"))
            #expect(!html.contains("scope=team"), "agents have no switch")
            let team = try await browser.get(client, "/today?scope=team")
            #expect(team.status == .ok && !team.text.contains("Bogdan"))
        }
    }

    @Test("managers see their own customers by default (none: each list says so) and the whole team with scope=team")
    func managerScopes() async throws {
        try await Fixture.withApp(prepare: Self.agentsDay) { client, _ in
            var browser = try await Browser.signedIn(client, as: "manager")
            let mine = try await browser.get(client, "/today")
            #expect(mine.status == .ok)
            #expect(mine.text.contains("No follow-up is due today or overdue."))
            #expect(mine.text.contains("No customer is stuck beyond their stage&#39;s expected time.")
                || mine.text.contains("No customer is stuck beyond their stage's expected time."))
            #expect(mine.text.contains("No customer has met every required marker of their stage."))
            #expect(mine.text.contains("No survey answer of 0–6 in the last 30 days."))
            #expect(!mine.text.contains("Stella"))
            let team = try await browser.get(client, "/today?scope=team")
            #expect(team.status == .ok)
            #expect(team.text.contains("Bogdan") && team.text.contains("Call Bogdan back") && team.text.contains("Never again"))
            #expect(team.text.contains("Stella") && team.text.contains("Rita") && team.text.contains("Dora"))
            #expect(team.text.contains("<a href=\"/today?scope=team\" aria-current=\"page\">"))
            // a bad scope or section is a bad request
            #expect(try await browser.get(client, "/today?scope=everyone").status == .badRequest)
            #expect(try await browser.get(client, "/today?section=nope").status == .badRequest)
        }
    }

    @Test("each list is bounded and links to more; a list's own page shows more rows")
    func boundedWithMore() async throws {
        try await Fixture.withApp(prepare: { fixture in
            let acme = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
            for index in 1...(TodayPage.limit + 2) {
                let customer = try await acme.addCustomer(CustomerDraft(externalId: "M-\(index)", name: "Many \(index)", owner: "agent@acme.test"))
                _ = try await acme.addSurvey(String(customer.id), score: 2, comment: "Unhappy \(index)", at: nil)
            }
        }) { client, _ in
            var browser = try await Browser.signedIn(client, as: "agent")
            let page = try await browser.get(client, "/today")
            let detractors = Self.section("detractors", of: page.text)
            #expect(detractors.components(separatedBy: "Unhappy ").count - 1 == TodayPage.limit)
            #expect(detractors.contains("href=\"/today?section=detractors\""))
            #expect(!Self.section("follow-ups", of: page.text).contains("/today?section="), "no more link when nothing more")
            let more = try await browser.get(client, "/today?section=detractors")
            #expect(more.status == .ok)
            #expect(more.text.components(separatedBy: "Unhappy ").count - 1 == TodayPage.limit + 2)
            #expect(Self.section("follow-ups", of: more.text).isEmpty, "only the list asked for")
        }
    }

    @Test("done marks the follow-up done and comes back; a forged CSRF token is refused with 403 and nothing written")
    func markDone() async throws {
        try await Fixture.withApp(prepare: Self.agentsDay) { client, fixture in
            var browser = try await Browser.signedIn(client, as: "agent")
            let page = try await browser.get(client, "/today")
            let id = try #require(try await Self.openFollowUp(fixture, note: "Send the offer to Ana"))
            #expect(page.text.contains("action=\"/follow-ups/\(id)/done\""))
            // when forged
            let forged = try await browser.post(client, "/follow-ups/\(id)/done", [("back", "/today")], csrf: "forged")
            // then
            #expect(forged.status == .forbidden)
            #expect(try await Self.openFollowUp(fixture, note: "Send the offer to Ana") == id)
            let missing = try await browser.post(client, "/follow-ups/\(id)/done", [("back", "/today")], csrf: .some(nil))
            #expect(missing.status == .forbidden)
            // when
            let done = try await browser.post(client, "/follow-ups/\(id)/done", [("back", "/today")])
            // then
            #expect(done.status == .seeOther)
            #expect(done.headers[.location] == "/today?done=follow_up")
            #expect(try await Self.openFollowUp(fixture, note: "Send the offer to Ana") == nil)
            let after = try await browser.get(client, "/today?done=follow_up")
            #expect(after.text.contains("The follow-up is marked done."))
            #expect(!Self.section("follow-ups", of: after.text).contains("Send the offer to Ana"))
            // a colleague's follow-up is not the agent's to close
            let others = try #require(try await Self.openFollowUp(fixture, note: "Call Bogdan back"))
            #expect(try await browser.post(client, "/follow-ups/\(others)/done", [("back", "/today")]).status == .forbidden)
            #expect(try await Self.openFollowUp(fixture, note: "Call Bogdan back") == others)
            // an outside address is never where it comes back to
            let manager = try await Browser.signedIn(client, as: "manager")
            var managerBrowser = manager
            _ = try await managerBrowser.get(client, "/today?scope=team")
            let away = try await managerBrowser.post(client, "/follow-ups/\(others)/done", [("back", "//evil.example/")])
            #expect(away.headers[.location] == "/today?done=follow_up")
            #expect(try await browser.post(client, "/follow-ups/999999/done", [("back", "/today")]).status == .notFound)
        }
    }

    @Test("a viewer sees the team's follow-ups without a done button and cannot mark one done")
    func viewerCannotMarkDone() async throws {
        try await Fixture.withApp(prepare: Self.agentsDay) { client, fixture in
            var browser = try await Browser.signedIn(client, as: "viewer")
            let page = try await browser.get(client, "/today?scope=team")
            #expect(page.status == .ok && page.text.contains("Send the offer to Ana"))
            #expect(!page.text.contains(">Done</button>"))
            let id = try #require(try await Self.openFollowUp(fixture, note: "Send the offer to Ana"))
            let refused = try await browser.post(client, "/follow-ups/\(id)/done", [("back", "/today")])
            #expect(refused.status == .forbidden)
            #expect(try await Self.openFollowUp(fixture, note: "Send the offer to Ana") == id)
        }
    }

    @Test("/ and signing in land on Today; Today and Reports lead the navigation")
    func landing() async throws {
        try await Fixture.withApp { client, _ in
            var browser = try await Browser.signedIn(client, as: "owner")
            let root = try await browser.get(client, "/")
            #expect(root.status == .seeOther && root.headers[.location] == "/today")
            #expect(try await browser.get(client, "/sign-in").headers[.location] == "/today")
            let page = try await browser.get(client, "/today")
            let nav = page.text.components(separatedBy: "<nav aria-label=\"Main navigation\">").last ?? ""
            let today = try #require(nav.range(of: "<a href=\"/today\" aria-current=\"page\">Today</a>"))
            let semaphore = try #require(nav.range(of: ">Semaphore</a>"))
            #expect(today.lowerBound < semaphore.lowerBound, "Today comes first")
            #expect(nav.contains("<a href=\"/reports\">Reports</a>"))
        }
    }

    /// The id of the open follow-up with `note`, if there is one.
    static func openFollowUp(_ fixture: Fixture, note: String) async throws -> Int64? {
        try await fixture.database.sql.raw("SELECT id FROM follow_ups WHERE note = \(bind: note) AND done_at IS NULL").first()?
            .decode(column: "id", as: Int64.self)
    }
}
