import Foundation
import Hummingbird
import HummingbirdTesting
import PaladinCore
@testable import PaladinServer
import PaladinStore
import Testing

@Suite("Web: the Import page")
struct WebImportPageTests {
    /// Three customers, the second without a name (line 3).
    static let customersWithOneBadRow = Array("external_id,name,email\nN-1,Nora,nora@example.com\nN-2,,bad@example.com\nN-3,Nils,\n".utf8)
    static let cleanPurchases = Array("customer,date,amount\nA-1,2026-03-01,12.50\nA-2,2026-03-02,7.00\n".utf8)

    func customers(_ fixture: Fixture, named name: String) async throws -> Int {
        try await fixture.database.sql.raw("SELECT COUNT(*) AS n FROM customers WHERE name = \(bind: name)").first()?
            .decode(column: "n", as: Int.self) ?? -1
    }

    @Test("the form follows the contract: ids, field names, one option per import kind, the CSRF field")
    func form() async throws {
        try await Fixture.withApp { client, _ in
            var browser = try await Browser.signedIn(client, as: "manager")
            let page = try await browser.get(client, "/import")
            #expect(page.status == .ok)
            let html = page.text
            #expect(html.contains(#"<form id="import-form" method="post" action="/import" enctype="multipart/form-data">"#))
            #expect(html.contains(#"<select name="kind" id="import-kind""#))
            #expect(html.contains(#"<input type="file" name="file" id="import-file""#))
            #expect(html.contains(#"id="import-check""#))
            for kind in ImportKind.allCases { #expect(html.contains("<option value=\"\(kind.rawValue)\"")) }
            let form = try #require(html.range(of: #"<form id="import-form""#)).upperBound
            #expect(html[form...].contains("name=\"csrf\" value=\"\(browser.csrf)\""))
            #expect(html.contains(#"<a href="/import" aria-current="page">Import</a>"#))
        }
    }

    @Test("a file with a bad row answers 422 with the report (line, field, message) and the valid count; nothing is written")
    func previewWithErrors() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = try await Browser.signedIn(client, as: "owner")
            let before = try await fixture.database.count("customers")
            // when
            let report = try await browser.postMultipart(
                client, "/import", [("kind", "customers")], files: [("file", "people.csv", Self.customersWithOneBadRow)])
            // then
            #expect(report.status == .unprocessableContent)
            let html = report.text
            #expect(html.contains(#"<table id="import-errors">"#))
            #expect(html.contains("<tr><td>3</td><td>name</td><td>"))
            #expect(html.contains(#"<dd id="import-valid-count">2</dd>"#))
            #expect(html.contains(#"<form id="import-confirm" method="post" action="/import/confirm">"#))
            #expect(html.contains(#"id="import-confirm-button""#))
            #expect(try await fixture.database.count("customers") == before)
            #expect(try await customers(fixture, named: "Nora") == 0)
            #expect(try await fixture.database.count("web_uploads") == 1)
        }
    }

    @Test("confirming writes exactly the valid rows, once: a second confirm of the same upload is refused and writes nothing")
    func confirmOnce() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = try await Browser.signedIn(client, as: "owner")
            let report = try await browser.postMultipart(
                client, "/import", [("kind", "customers")], files: [("file", "people.csv", Self.customersWithOneBadRow)])
            let upload = try #require(Browser.uploadId(in: report.text))
            let before = try await fixture.database.count("customers")
            // when
            let confirmed = try await browser.post(client, "/import/confirm", [("upload", upload)])
            // then
            #expect(confirmed.status == .seeOther)
            #expect(confirmed.headers[.location] == "/import?done=imported")
            #expect(try await fixture.database.count("customers") == before + 2)
            #expect(try await customers(fixture, named: "Nora") == 1)
            #expect(try await customers(fixture, named: "Nils") == 1)
            let done = try await browser.get(client, "/import?done=imported")
            #expect(done.status == .ok)
            #expect(done.text.contains(#"<dd id="import-imported">2</dd>"#))
            #expect(done.text.contains("people.csv"))
            // a second confirm of the same upload
            let again = try await browser.post(client, "/import/confirm", [("upload", upload)])
            #expect(again.status == .conflict || again.status == .notFound)
            #expect(try await fixture.database.count("customers") == before + 2)
            // the text is not kept once imported
            let kept = try await fixture.database.sql.raw("SELECT content FROM web_uploads").first()?.decode(column: "content", as: String.self)
            #expect(kept == "")
        }
    }

    @Test("a clean file answers 200 with the summary and the confirm form; purchases are written on confirm")
    func cleanFile() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = try await Browser.signedIn(client, as: "manager")
            let report = try await browser.postMultipart(
                client, "/import", [("kind", "purchases")], files: [("file", "purchases.csv", Self.cleanPurchases)])
            #expect(report.status == .ok)
            #expect(!report.text.contains(#"id="import-errors""#))
            #expect(report.text.contains(#"<dd id="import-valid-count">2</dd>"#))
            #expect(report.text.contains(#"<form id="import-confirm" method="post" action="/import/confirm">"#))
            #expect(try await fixture.database.count("purchases") == 0)
            let upload = try #require(Browser.uploadId(in: report.text))
            let confirmed = try await browser.post(client, "/import/confirm", [("upload", upload)])
            #expect(confirmed.status == .seeOther)
            #expect(try await fixture.database.count("purchases") == 2)
        }
    }

    @Test("a file refused as a whole (a missing column) shows its problem and offers nothing to confirm")
    func missingColumn() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = try await Browser.signedIn(client, as: "owner")
            let report = try await browser.postMultipart(
                client, "/import", [("kind", "purchases")], files: [("file", "p.csv", Array("customer,amount\nA-1,3\n".utf8))])
            #expect(report.status == .unprocessableContent)
            #expect(report.text.contains(#"<table id="import-errors">"#))
            #expect(report.text.contains("date"))
            #expect(!report.text.contains(#"id="import-confirm""#))
            #expect(try await fixture.database.count("web_uploads") == 0)
        }
    }

    @Test("no kind or no file: the form again with 422 and the field named")
    func missingFields() async throws {
        try await Fixture.withApp { client, _ in
            var browser = try await Browser.signedIn(client, as: "owner")
            let response = try await browser.postMultipart(client, "/import", [("kind", "nonsense")], files: [])
            #expect(response.status == .unprocessableContent)
            #expect(response.text.contains(#"id="import-kind-error""#))
            #expect(response.text.contains(#"id="import-file-error""#))
        }
    }

    @Test("a forged CSRF token is refused with 403 at both steps, and nothing is written")
    func forgedCSRF() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = try await Browser.signedIn(client, as: "owner")
            let forged = try await browser.postMultipart(
                client, "/import", [("kind", "customers")], files: [("file", "people.csv", Self.customersWithOneBadRow)],
                csrf: .some(String(repeating: "0", count: 64)))
            #expect(forged.status == .forbidden)
            let missing = try await browser.postMultipart(
                client, "/import", [("kind", "customers")], files: [("file", "people.csv", Self.customersWithOneBadRow)], csrf: .some(nil))
            #expect(missing.status == .forbidden)
            #expect(try await fixture.database.count("web_uploads") == 0)
            _ = try await browser.get(client, "/import")
            let report = try await browser.postMultipart(
                client, "/import", [("kind", "customers")], files: [("file", "people.csv", Self.customersWithOneBadRow)])
            let upload = try #require(Browser.uploadId(in: report.text))
            let before = try await fixture.database.count("customers")
            let confirm = try await browser.post(client, "/import/confirm", [("upload", upload)], csrf: .some("forged"))
            #expect(confirm.status == .forbidden)
            #expect(try await fixture.database.count("customers") == before)
        }
    }

    @Test("viewers and agents may not import: 403 pages, nothing kept or written")
    func rolesRefused() async throws {
        try await Fixture.withApp { client, fixture in
            for role in ["viewer", "agent"] {
                var browser = try await Browser.signedIn(client, as: role)
                #expect(try await browser.get(client, "/import").status == .forbidden, "\(role)")
                let post = try await browser.postMultipart(
                    client, "/import", [("kind", "customers")], files: [("file", "people.csv", Self.customersWithOneBadRow)])
                #expect(post.status == .forbidden, "\(role)")
            }
            #expect(try await fixture.database.count("web_uploads") == 0)
            #expect(try await customers(fixture, named: "Nora") == 0)
        }
    }

    @Test("an upload of another workspace or another member is not found (404), and nothing is written")
    func foreignUpload() async throws {
        try await Fixture.withApp { client, fixture in
            var globex = try await Browser.signedIn(client, as: "globex", workspace: "globex")
            let report = try await globex.postMultipart(
                client, "/import", [("kind", "customers")], files: [("file", "people.csv", Self.customersWithOneBadRow)])
            let foreign = try #require(Browser.uploadId(in: report.text))
            var owner = try await Browser.signedIn(client, as: "owner")
            let before = try await fixture.database.count("customers")
            #expect(try await owner.post(client, "/import/confirm", [("upload", foreign)]).status == .notFound)
            // another member of the same workspace
            let own = try await owner.postMultipart(
                client, "/import", [("kind", "customers")], files: [("file", "people.csv", Self.customersWithOneBadRow)])
            let ownersUpload = try #require(Browser.uploadId(in: own.text))
            var manager = try await Browser.signedIn(client, as: "manager")
            #expect(try await manager.post(client, "/import/confirm", [("upload", ownersUpload)]).status == .notFound)
            #expect(try await manager.post(client, "/import/confirm", [("upload", "no-such-upload")]).status == .notFound)
            #expect(try await fixture.database.count("customers") == before)
            // the rightful members can still confirm their own
            #expect(try await globex.post(client, "/import/confirm", [("upload", foreign)]).status == .seeOther)
        }
    }

    @Test("a file over --max-import-bytes is a 413 page, and nothing is kept")
    func tooLarge() async throws {
        let configuration = ServerConfiguration(port: 0, logLevel: .critical, webhooks: nil, maxImportBytes: 64)
        try await Fixture.withApp(configuration: configuration) { client, fixture in
            var browser = try await Browser.signedIn(client, as: "owner")
            let big = Array(("customer,date,amount\n" + String(repeating: "A-1,2026-03-01,1.00\n", count: 10)).utf8)
            let response = try await browser.postMultipart(client, "/import", [("kind", "purchases")], files: [("file", "big.csv", big)])
            #expect(response.status == .contentTooLarge)
            #expect(response.text.contains("<html"))
            #expect(try await fixture.database.count("web_uploads") == 0)
            // far beyond the form's allowance too
            let huge = Array(String(repeating: "x", count: ImportPage.formOverhead + 1000).utf8)
            let refused = try await browser.postMultipart(client, "/import", [("kind", "purchases")], files: [("file", "huge.csv", huge)])
            #expect(refused.status == .contentTooLarge)
        }
    }

    @Test("expired uploads cannot be confirmed and are swept by the next upload")
    func expiry() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = try await Browser.signedIn(client, as: "owner")
            let report = try await browser.postMultipart(
                client, "/import", [("kind", "customers")], files: [("file", "people.csv", Self.customersWithOneBadRow)])
            let upload = try #require(Browser.uploadId(in: report.text))
            try await fixture.database.sql.raw("UPDATE web_uploads SET expires_at = 0").run()
            #expect(try await browser.post(client, "/import/confirm", [("upload", upload)]).status == .notFound)
            _ = try await browser.postMultipart(
                client, "/import", [("kind", "purchases")], files: [("file", "purchases.csv", Self.cleanPurchases)])
            #expect(try await fixture.database.count("web_uploads") == 1)
            #expect(try await customers(fixture, named: "Nora") == 0)
        }
    }
}

@Suite("Web uploads: kept files and their one confirmation")
struct WebUploadStoreTests {
    @Test("of many concurrent claims of one upload exactly one wins; the others are told it is taken")
    func oneClaimWins() async throws {
        let fixture = try await Fixture.make()
        do {
            let uploads = WebUploads(database: fixture.database)
            let acme = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
            let owner = try #require(try await MemberStore(fixture.database.sql).find(email: "owner@acme.test"))
            let id = try await uploads.keep(
                workspace: acme.workspace.id, member: owner.id, kind: .customers, fileName: "a.csv", content: "external_id,name\nX,Y\n",
                byteCount: 20, dateFormat: nil, decimalComma: false, skipInvalid: false)
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<8 {
                    group.addTask { (try? await uploads.claim(workspace: acme.workspace.id, member: owner.id, id: id)) != nil }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)
            await #expect(throws: WebUploadClaimError.alreadyConfirmed) {
                try await uploads.claim(workspace: acme.workspace.id, member: owner.id, id: id)
            }
            // given back after a refused import, it can be claimed again
            try await uploads.release(workspace: acme.workspace.id, id: id, skipInvalid: true)
            let again = try await uploads.claim(workspace: acme.workspace.id, member: owner.id, id: id)
            #expect(again.skipInvalid)
            // another member of the workspace does not find it
            let manager = try #require(try await MemberStore(fixture.database.sql).find(email: "manager@acme.test"))
            #expect(try await uploads.find(workspace: acme.workspace.id, member: manager.id, id: id) == nil)
        } catch {
            await fixture.database.close()
            throw error
        }
        await fixture.database.close()
    }
}
