import Foundation
import Hummingbird
import HummingbirdTesting
import PaladinCore
@testable import PaladinServer
import PaladinStore
import Testing

@Suite("Web: the Models pages")
struct WebModelPageTests {
    func stored(_ fixture: Fixture, _ key: String) async throws -> StoredModel {
        let acme = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
        return try #require(try await acme.models().first { $0.model.key == key })
    }

    @Test("the list shows every model with kind, origin, stages and customers placed")
    func list() async throws {
        try await Fixture.withApp { client, _ in
            var browser = try await Browser.signedIn(client, as: "viewer")
            let page = try await browser.get(client, "/models")
            #expect(page.status == .ok)
            for key in BuiltInModels.keys { #expect(page.text.contains("href=\"/models/\(key)\""), "\(key)") }
            // customer-journey: 8 stages, both acme customers placed
            #expect(page.text.contains("The eight stages of the customer journey"))
            #expect(page.text.contains("<td>8</td><td>2</td>"))
            #expect(page.text.contains("built in"))
            // a viewer gets no import form
            #expect(!page.text.contains("model-import-form"))
        }
    }

    @Test("a model page shows states with colour names, stages in order with purpose, markers, playbook, duration and rules")
    func show() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = try await Browser.signedIn(client, as: "owner")
            let pro = try await browser.get(client, "/models/pro-customer")
            #expect(pro.status == .ok)
            let model = try await stored(fixture, "pro-customer").model
            for state in model.states { #expect(pro.text.contains("<strong>\(state.names.text("en"))</strong>")) }
            #expect(pro.text.contains("swatch-red") && pro.text.contains("Colour: red"))
            #expect(pro.text.contains("Colour: green") && pro.text.contains("Colour: blue"))
            var last = pro.text.startIndex
            for stage in model.stages {
                let heading = try #require(pro.text.range(of: "\(stage.names.text("en")) <small class=\"muted\">\(stage.key)</small>"))
                #expect(heading.lowerBound > last, "stages in order")
                last = heading.lowerBound
                for marker in stage.markers { #expect(pro.text.contains(marker.names.text("en"))) }
                for step in stage.playbook { #expect(pro.text.contains(escaped(step.text("en")))) }
            }
            #expect(pro.text.contains("After the last stage the cycle starts again"))
            let journey = try await browser.get(client, "/models/customer-journey")
            #expect(journey.text.contains("Expected duration</dt><dd>30 days"))
            #expect(journey.text.contains("Stall zone"))
            // in Romanian, names in Romanian
            _ = try await browser.post(client, "/language", [("language", "ro"), ("back", "/models/customer-journey")])
            let romanian = try await browser.get(client, "/models/customer-journey")
            #expect(romanian.text.contains("Evaluare") && romanian.text.contains("<html lang=\"ro\">"))
            #expect(try await browser.get(client, "/models/no-such-model").status == .notFound)
        }
    }

    func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    @Test("a stage edit (name, purpose, playbook, days, markers renamed, removed, added) is saved and shown")
    func stageEdit() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = try await Browser.signedIn(client, as: "manager")
            _ = try await browser.get(client, "/models/customer-journey")
            let before = try await stored(fixture, "customer-journey")
            // when
            let saved = try await browser.post(client, "/models/customer-journey/stages/assess", [
                ("name", "Assess carefully"), ("purpose", "Learn what they expect."), ("playbook", "Listen first\nWrite the goal down"),
                ("expected_days", "12"), ("marker_name.expectations-stated", "Expectations said aloud"),
                ("marker_name.alternatives-named", "Alternatives named"), ("marker_remove.alternatives-named", "1"),
                ("new_marker_key", "budget-known"), ("new_marker_name", "Budget known"), ("new_marker_required", "1"),
            ])
            // then
            #expect(saved.status == .seeOther)
            #expect(saved.headers[.location] == "/models/customer-journey?done=model_saved#stage-assess")
            let after = try await stored(fixture, "customer-journey")
            let stage = try #require(after.model.stage("assess"))
            #expect(after.version == before.version + 1)
            #expect(stage.names.text("en") == "Assess carefully")
            #expect(stage.names.text("ro") == "Evaluare", "other languages are kept")
            #expect(stage.purpose.text("en") == "Learn what they expect.")
            #expect(stage.playbook.map { $0.text("en") } == ["Listen first", "Write the goal down"])
            #expect(stage.expectedDays == 12)
            #expect(stage.markers.map(\.key) == ["expectations-stated", "budget-known"])
            #expect(stage.markers[0].names.text("en") == "Expectations said aloud")
            #expect(stage.markers[1].required)
            #expect(after.model.stages.count == before.model.stages.count)
            let page = try await browser.get(client, "/models/customer-journey?done=model_saved")
            #expect(page.text.contains("The model is saved."))
            #expect(page.text.contains("Assess carefully") && page.text.contains("Budget known") && page.text.contains("Write the goal down"))
        }
    }

    @Test("a stage form with a bad duration or a bad new marker key answers 422 with the field named; nothing changes")
    func stageEditRefused() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = try await Browser.signedIn(client, as: "owner")
            _ = try await browser.get(client, "/models/customer-journey")
            let before = try await stored(fixture, "customer-journey")
            let days = try await browser.post(client, "/models/customer-journey/stages/assess", [("name", "Assess"), ("expected_days", "soon")])
            #expect(days.status == .unprocessableContent)
            #expect(days.text.contains(#"id="s-assess-days-error""#) && days.text.contains("Write a whole number of days"))
            #expect(days.text.contains(#"value="soon""#))
            #expect(!days.text.contains("<ul></ul>"), "no empty list of messages beside the field's own")
            let key = try await browser.post(client, "/models/customer-journey/stages/assess", [
                ("name", "Assess"), ("new_marker_key", "Not A Key!"), ("new_marker_name", "x"),
            ])
            #expect(key.status == .unprocessableContent)
            #expect(key.text.contains("stages[0].markers[2].key"))
            #expect(try await stored(fixture, "customer-journey") == before)
            #expect(try await browser.post(client, "/models/customer-journey/stages/no-such", [("name", "x")]).status == .notFound)
        }
    }

    @Test("a broken YAML edit answers 422 naming the line; nothing changes; a valid one is saved")
    func yamlEdit() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = try await Browser.signedIn(client, as: "owner")
            _ = try await browser.get(client, "/models/engagement-ladder")
            let before = try await stored(fixture, "engagement-ladder")
            let yaml = ModelDocument.yaml(before.model)
            // a syntax error on line 3
            var lines = yaml.components(separatedBy: "\n")
            lines.insert("names: [unclosed", at: 2)
            let broken = try await browser.post(client, "/models/engagement-ladder/yaml", [("yaml", lines.joined(separator: "\n"))])
            #expect(broken.status == .unprocessableContent)
            #expect(broken.text.contains("line "))
            #expect(broken.text.contains(#"id="model-yaml-errors""#))
            #expect(broken.text.contains("names: [unclosed"), "the text is kept")
            // a rule break: a state colour that is not a colour
            let badField = yaml.replacingOccurrences(of: "kind: derived", with: "kind: sideways")
            let refused = try await browser.post(client, "/models/engagement-ladder/yaml", [("yaml", badField)])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("kind"))
            #expect(try await stored(fixture, "engagement-ladder") == before)
            // another key is refused, not saved as a second model
            let otherKey = yaml.replacingOccurrences(of: "key: engagement-ladder", with: "key: another-ladder")
            #expect(try await browser.post(client, "/models/engagement-ladder/yaml", [("yaml", otherKey)]).status == .unprocessableContent)
            #expect(try await fixture.database.sql.raw("SELECT COUNT(*) AS n FROM journey_models WHERE key = 'another-ladder'").first()?
                .decode(column: "n", as: Int.self) == 0)
            // valid
            var edited = before.model
            edited.names.values["en"] = "The ladder, edited"
            let saved = try await browser.post(client, "/models/engagement-ladder/yaml", [("yaml", ModelDocument.yaml(edited))])
            #expect(saved.status == .seeOther)
            #expect(try await stored(fixture, "engagement-ladder").model == edited)
        }
    }

    @Test("a save from a page made before someone else's save is refused (409) and writes nothing: no lost update")
    func staleForm() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = try await Browser.signedIn(client, as: "owner")
            let page = try await browser.get(client, "/models/engagement-ladder")
            let opened = try await stored(fixture, "engagement-ladder")
            #expect(page.text.contains("name=\"version\" value=\"\(opened.version)\""))
            // someone saves first, from the same version
            var first = opened.model
            first.names.values["en"] = "First save"
            let saved = try await browser.post(client, "/models/engagement-ladder/yaml", [
                ("yaml", ModelDocument.yaml(first)), ("version", String(opened.version)),
            ])
            #expect(saved.status == .seeOther)
            // the second save still carries the version the page was opened with
            var second = opened.model
            second.names.values["en"] = "Second save"
            let stale = try await browser.post(client, "/models/engagement-ladder/yaml", [
                ("yaml", ModelDocument.yaml(second)), ("version", String(opened.version)),
            ])
            #expect(stale.status == .conflict)
            #expect(stale.text.contains("Someone saved this model since you opened the page"))
            let staleStage = try await browser.post(client, "/models/engagement-ladder/stages/\(opened.model.stages[0].key)", [
                ("name", "Renamed"), ("version", String(opened.version)),
            ])
            #expect(staleStage.status == .conflict)
            let after = try await stored(fixture, "engagement-ladder")
            #expect(after.model == first)
            #expect(after.version == opened.version + 1)
        }
    }

    @Test("removing a stage where customers stand is refused (409) with the reason; nothing changes")
    func occupiedStage() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = try await Browser.signedIn(client, as: "owner")
            _ = try await browser.get(client, "/models/customer-journey")
            let before = try await stored(fixture, "customer-journey")
            var shorter = before.model
            shorter.stages.removeFirst()
            shorter.stallZone = shorter.stallZone.filter { shorter.stage($0) != nil }
            let refused = try await browser.post(client, "/models/customer-journey/yaml", [("yaml", ModelDocument.yaml(shorter))])
            #expect(refused.status == .conflict)
            #expect(refused.text.contains("cannot remove stage &#39;assess&#39; (2 customers)") || refused.text.contains("cannot remove stage"))
            #expect(try await stored(fixture, "customer-journey") == before)
        }
    }

    @Test("export downloads the YAML as an attachment, and importing it back (replace, confirmed) gives the same model")
    func exportAndReimport() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = try await Browser.signedIn(client, as: "owner")
            let original = try await stored(fixture, "buying-process")
            // when
            let download = try await browser.get(client, "/models/buying-process.yaml")
            // then
            #expect(download.status == .ok)
            #expect(download.headers[.contentType]?.hasPrefix("application/yaml") == true)
            #expect(download.headers[.contentDisposition] == "attachment; filename=\"buying-process.yaml\"")
            let text = download.text
            #expect(try ModelDocument.decode(text, source: "download") == original.model)
            _ = try await browser.get(client, "/models")
            // replacing asks first, and writes nothing until confirmed
            let ask = try await browser.postMultipart(
                client, "/models/import", [("mode", "replace")], files: [("file", "buying-process.yaml", Array(text.utf8))])
            #expect(ask.status == .ok)
            #expect(ask.text.contains(#"id="model-replace-form""#))
            #expect(try await stored(fixture, "buying-process").version == original.version)
            let confirmed = try await browser.post(client, "/models/import", [("mode", "replace"), ("confirmed", "1"), ("yaml", text)])
            #expect(confirmed.status == .seeOther)
            #expect(confirmed.headers[.location] == "/models/buying-process?done=model_imported")
            let after = try await stored(fixture, "buying-process")
            #expect(after.model == original.model)
            #expect(after.version == original.version + 1)
            #expect(try await browser.get(client, "/models/no-such.yaml").status == .notFound)
        }
    }

    @Test("importing a new model from pasted YAML adds it; the same key again as new is a conflict; bad YAML names the line")
    func importNew() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = try await Browser.signedIn(client, as: "owner")
            var model = try await stored(fixture, "engagement-ladder").model
            model.key = "partner-ladder"
            model.names = LocalizedText(["en": "Partner ladder"])
            _ = try await browser.get(client, "/models")
            let added = try await browser.postMultipart(client, "/models/import", [("mode", "new"), ("yaml", ModelDocument.yaml(model))], files: [])
            #expect(added.status == .seeOther)
            #expect(try await stored(fixture, "partner-ladder").model == model)
            #expect(try await browser.get(client, "/models").text.contains("Partner ladder"))
            let twice = try await browser.postMultipart(client, "/models/import", [("mode", "new"), ("yaml", ModelDocument.yaml(model))], files: [])
            #expect(twice.status == .conflict)
            #expect(twice.text.contains("already exists"))
            let broken = try await browser.postMultipart(client, "/models/import", [("mode", "new"), ("yaml", "key: x\nkind: [\n")], files: [])
            #expect(broken.status == .unprocessableContent)
            #expect(broken.text.contains("line "))
            let empty = try await browser.postMultipart(client, "/models/import", [("mode", "new")], files: [])
            #expect(empty.status == .unprocessableContent)
        }
    }

    @Test("agents and viewers may read models but not change them (403, nothing written); a forged CSRF token is 403")
    func refusals() async throws {
        try await Fixture.withApp { client, fixture in
            let before = try await stored(fixture, "customer-journey")
            let yaml = ModelDocument.yaml(before.model)
            for role in ["agent", "viewer"] {
                var browser = try await Browser.signedIn(client, as: role)
                let page = try await browser.get(client, "/models/customer-journey")
                #expect(page.status == .ok)
                #expect(!page.text.contains("model-yaml-form"), "\(role) sees no edit form")
                #expect(try await browser.post(client, "/models/customer-journey/yaml", [("yaml", yaml)]).status == .forbidden)
                #expect(try await browser.post(client, "/models/customer-journey/stages/assess", [("name", "x")]).status == .forbidden)
                #expect(try await browser.postMultipart(client, "/models/import", [("mode", "new"), ("yaml", yaml)], files: []).status == .forbidden)
                #expect(try await browser.get(client, "/models/customer-journey.yaml").status == .ok, "export is reading")
            }
            var owner = try await Browser.signedIn(client, as: "owner")
            let forged = try await owner.post(client, "/models/customer-journey/stages/assess", [("name", "Forged")], csrf: .some("x"))
            #expect(forged.status == .forbidden)
            #expect(try await stored(fixture, "customer-journey") == before)
        }
    }
}
