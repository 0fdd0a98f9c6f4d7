import Foundation
import Hummingbird
import HummingbirdTesting
import PaladinCore
@testable import PaladinServer
import PaladinStore
import Testing

@Suite("Web: pages and their forms")
struct WebPageTests {
    @Test("a customer named <script>alert(1)</script> renders escaped on every page that shows it")
    func escaping() async throws {
        try await Fixture.withApp(prepare: { fixture in
            let acme = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
            _ = try await acme.addCustomer(CustomerDraft(externalId: "X-1", name: "<script>alert(1)</script>", company: "\"Quote\" & Co"))
        }) { client, _ in
            var browser = try await Browser.signedIn(client, as: "owner")
            for path in ["/customers", "/customers/3", "/models/pro-customer/board", "/semaphore"] {
                let page = try await browser.get(client, path)
                #expect(page.status == .ok, "\(path)")
                #expect(!page.text.contains("<script>alert(1)</script>"), "\(path)")
                #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "\(path)")
            }
        }
    }

    @Test("the language switch changes <html lang> and the texts, and stays with the session")
    func languageSwitch() async throws {
        try await Fixture.withApp { client, _ in
            var browser = try await Browser.signedIn(client, as: "owner")
            let english = try await browser.get(client, "/customers")
            #expect(english.text.contains("<html lang=\"en\">"))
            #expect(english.text.contains(">Customers</a>"))
            for (language, word) in [("ro", "Clienți"), ("ru", "Клиенты"), ("pl", "Klienci"), ("it", "Clienti")] {
                let switched = try await browser.post(client, "/language", [("language", language), ("back", "/customers")])
                #expect(switched.status == .seeOther)
                #expect(switched.headers[.location] == "/customers")
                let page = try await browser.get(client, "/customers")
                #expect(page.text.contains("<html lang=\"\(language)\">"))
                #expect(page.text.contains(">\(word)</a>"))
            }
            // model names come in the language too
            let semaphore = try await browser.get(client, "/semaphore")
            #expect(semaphore.text.contains("Rosso"))
            // an outside address is never a redirect target
            let away = try await browser.post(client, "/language", [("language", "en"), ("back", "//evil.example/")])
            #expect(away.headers[.location] == "/")
        }
    }

    @Test("a visitor's language choice is kept in a cookie and carried into the session")
    func visitorLanguage() async throws {
        try await Fixture.withApp { client, _ in
            var browser = Browser()
            _ = try await browser.get(client, "/sign-in")
            _ = try await browser.post(client, "/language", [("language", "pl"), ("back", "/sign-in")])
            let page = try await browser.get(client, "/sign-in")
            #expect(page.text.contains("<html lang=\"pl\">") && page.text.contains("Zaloguj się"))
            _ = try await browser.post(client, "/sign-in", [("email", "owner@acme.test"), ("password", "password-owner"), ("workspace", "acme")])
            #expect(try await browser.get(client, "/customers").text.contains("<html lang=\"pl\">"))
        }
    }

    @Test("a move refused for unmet markers shows them; forced with a reason through the second form, it is recorded")
    func refusedThenForced() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = try await Browser.signedIn(client, as: "owner")
            let board = try await browser.get(client, "/models/pro-customer/board")
            #expect(board.status == .ok)
            #expect(board.text.contains("Red") && board.text.contains("Problem awareness"))
            // a card at the first stage offers the next stage first
            #expect(board.text.contains(#"<option value="decision-to-change" selected>"#))
            // when
            let refused = try await browser.post(client, "/models/pro-customer/board/moves", [("customer", "1"), ("to", "decision-to-change")])
            // then
            #expect(refused.status == .conflict)
            #expect(refused.text.contains("name=\"force\" value=\"1\""))
            let acme = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
            let unmet = try await acme.detail("1").positions.first { $0.model.key == "pro-customer" }!
            #expect(refused.text.contains(unmet.stage.requiredMarkers[0].names.text("en")))
            #expect(unmet.stage.key == "problem-awareness")
            // forcing without a reason asks again
            let noReason = try await browser.post(
                client, "/models/pro-customer/board/moves", [("customer", "1"), ("to", "decision-to-change"), ("force", "1"), ("reason", "")])
            #expect(noReason.status == .unprocessableContent)
            // when forced with a reason
            let forced = try await browser.post(
                client, "/models/pro-customer/board/moves",
                [("customer", "1"), ("to", "decision-to-change"), ("force", "1"), ("reason", "agreed on the phone")])
            #expect(forced.status == .seeOther)
            #expect(forced.headers[.location] == "/models/pro-customer/board?done=moved")
            let moved = try await acme.detail("1")
            #expect(moved.positions.first { $0.model.key == "pro-customer" }?.stage.key == "decision-to-change")
            #expect(moved.moves.first?.reason == "agreed on the phone")
            #expect(moved.moves.first?.overriddenMarkers == ["problem-named"])
            let after = try await browser.get(client, "/models/pro-customer/board?done=moved")
            #expect(after.text.contains("The customer is moved."))
        }
    }

    @Test("a marker ticked with a note is recorded met, and the page shows it")
    func tickMarker() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = try await Browser.signedIn(client, as: "owner")
            let page = try await browser.get(client, "/customers/1")
            #expect(page.text.contains("action=\"/customers/1/markers\""))
            let ticked = try await browser.post(
                client, "/customers/1/markers", [("model", "pro-customer"), ("marker", "problem-named"), ("note", "said it in a call")])
            #expect(ticked.status == .seeOther)
            #expect(ticked.headers[.location] == "/customers/1?done=marker")
            let records = try await JourneyStore(fixture.database.sql, workspace: 1).markers(customer: 1, model: "pro-customer")
            #expect(records.map(\.marker) == ["problem-named"])
            #expect(records.first?.note == "said it in a call")
            #expect(records.first?.actor == "owner@acme.test")
            let again = try await browser.get(client, "/customers/1?done=marker")
            #expect(again.text.contains("The marker is recorded as met."))
        }
    }

    @Test("an interaction logged with a follow-up is recorded; a form with mistakes answers 422 keeping the values")
    func logInteraction() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = try await Browser.signedIn(client, as: "owner")
            _ = try await browser.get(client, "/customers/1")
            // a mistake: no summary, a malformed date
            let invalid = try await browser.post(
                client, "/customers/1/interactions",
                [("channel", "phone"), ("kind", "call"), ("summary", ""), ("decision", "keep <going>"), ("follow_up", "next week")])
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.text.contains("Fill this in."))
            #expect(invalid.text.contains("Write a date like 2026-03-01."))
            #expect(invalid.text.contains("value=\"keep &lt;going&gt;\""))
            #expect(invalid.text.contains("value=\"next week\""))
            #expect(try await fixture.database.count("interactions") == 0)
            // when
            let logged = try await browser.post(
                client, "/customers/1/interactions",
                [("channel", "phone"), ("kind", "call"), ("summary", "Talked about the renewal"), ("follow_up", "2030-01-15")])
            // then
            #expect(logged.status == .seeOther)
            #expect(logged.headers[.location] == "/customers/1?done=interaction")
            let followUps = try await EvidenceStore(fixture.database.sql, workspace: 1).followUps(customer: 1)
            #expect(followUps.map(\.due.description) == ["2030-01-15"])
            let page = try await browser.get(client, "/customers/1?done=interaction")
            #expect(page.text.contains("Talked about the renewal"))
            #expect(page.text.contains("The interaction is logged."))
        }
    }

    @Test("purchases, costs and survey answers are recorded; economics and NPS show them")
    func evidenceForms() async throws {
        try await Fixture.withApp { client, _ in
            var browser = try await Browser.signedIn(client, as: "manager")
            #expect(try await browser.post(client, "/customers/2/purchases", [("amount", "120.50"), ("date", "2026-01-10")]).status == .seeOther)
            #expect(try await browser.post(client, "/customers/2/costs", [("amount", "20"), ("category", "support")]).status == .seeOther)
            #expect(try await browser.post(client, "/customers/2/surveys", [("score", "11")]).status == .unprocessableContent)
            #expect(try await browser.post(client, "/customers/2/surveys", [("score", "9"), ("comment", "great")]).status == .seeOther)
            let page = try await browser.get(client, "/customers/2")
            #expect(page.text.contains("120.50") && page.text.contains("100.50"))
            #expect(page.text.contains("9/10 · promoter"))
        }
    }

    @Test("agents change only their own customers and viewers nothing: 403 pages, nothing written")
    func roles() async throws {
        try await Fixture.withApp { client, fixture in
            var agent = try await Browser.signedIn(client, as: "agent")
            let own = try await agent.post(client, "/customers/1/surveys", [("score", "8")])
            #expect(own.status == .seeOther)
            let others = try await agent.post(client, "/customers/2/surveys", [("score", "8")])
            #expect(others.status == .forbidden)
            #expect(others.headers[.contentType]?.hasPrefix("text/html") == true)
            var viewer = try await Browser.signedIn(client, as: "viewer")
            #expect(try await viewer.post(client, "/customers/1/surveys", [("score", "8")]).status == .forbidden)
            let move = try await viewer.post(
                client, "/models/pro-customer/board/moves", [("customer", "1"), ("to", "decision-to-change"), ("force", "1"), ("reason", "r")])
            #expect(move.status == .forbidden)
            let page = try await viewer.get(client, "/customers/1")
            #expect(page.status == .ok)
            #expect(!page.text.contains("action=\"/customers/1/surveys\""), "no forms for a viewer")
            #expect(try await fixture.database.count("survey_responses") == 1)
        }
    }

    @Test("another workspace's customer is a 404 page, to read and to write")
    func tenantIsolation() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = try await Browser.signedIn(client, as: "owner")
            let id = fixture.foreignCustomer.id
            let read = try await browser.get(client, "/customers/\(id)")
            #expect(read.status == .notFound)
            #expect(!read.text.contains("Globex"))
            let write = try await browser.post(client, "/customers/\(id)/surveys", [("score", "8")])
            #expect(write.status == .notFound)
            let list = try await browser.get(client, "/customers")
            #expect(!list.text.contains("Globex"))
            #expect(try await fixture.database.count("survey_responses") == 0)
        }
    }

    @Test("the customers page filters by model and stage, text and tag, and pages with the API's cursors")
    func customerList() async throws {
        try await Fixture.withApp { client, _ in
            var browser = try await Browser.signedIn(client, as: "owner")
            let tagged = try await browser.get(client, "/customers?tag=vip")
            #expect(tagged.text.contains("Ana") && !tagged.text.contains("Bogdan"))
            let text = try await browser.get(client, "/customers?q=bog")
            #expect(text.text.contains("Bogdan") && !text.text.contains(">Ana<"))
            let stage = try await browser.get(client, "/customers?model=pro-customer&stage=problem-awareness")
            #expect(stage.text.contains("Ana") && stage.text.contains("Bogdan"))
            let first = try await browser.get(client, "/customers?limit=1")
            #expect(first.text.contains("Ana") && !first.text.contains("Bogdan"))
            #expect(first.text.contains("rel=\"next\""))
            let csv = try await browser.get(client, "/customers.csv")
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.text.contains("Bogdan"))
        }
    }
}

@Suite("Web: message catalog")
struct MessageCatalogTests {
    @Test("every key exists in all five languages, none blank, and every key the templates use is in the catalog")
    func sameKeys() throws {
        let catalog = try MessageCatalog.load()
        let english = Set(try #require(catalog.languages["en"]).keys)
        #expect(english.count > 100)
        for language in ["ro", "ru", "pl", "it"] {
            let keys = Set(try #require(catalog.languages[language]).keys)
            #expect(english.subtracting(keys).sorted() == [], "missing in \(language)")
            #expect(keys.subtracting(english).sorted() == [], "extra in \(language)")
            #expect(catalog.languages[language]!.values.allSatisfy { !$0.isEmpty })
        }
        let renderer = try WebRenderer.load()
        #expect(renderer.assets["app.css"] != nil)
        let folder = try #require(WebRenderer.templatesFolder)
        for file in try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil) {
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(!text.contains("{{{") && !text.contains("{{&"), "\(file.lastPathComponent) never renders unescaped")
            let regex = try NSRegularExpression(pattern: "\\{\\{[#^/]?t\\.([a-z_0-9]+)\\}\\}")
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let key = String(text[Range(match.range(at: 1), in: text)!])
                #expect(english.contains(key), "\(file.lastPathComponent) uses \(key)")
            }
        }
    }
}
