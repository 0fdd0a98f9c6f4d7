import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PaladinCore
import PaladinServer
import PaladinStore
import Testing

@Suite("CSV imports: POST /api/v1/imports/{kind}")
struct ImportRouteTests {
    static let purchases = "customer,date,amount\nA-1,2026-01-05,12.50\nA-2,2026-01-06,\"1,234.56\"\n"
    static let badPurchases = "customer,date,amount\nA-1,2026-01-05,12.50\nA-9,2026-01-06,abc\nA-2,2026-01-07,3.00\n"

    /// POSTs `csv` to `/api/v1/imports/{kind}` with `query`.
    static func importCSV(
        _ client: any TestClientProtocol, _ kind: String, _ csv: String, token: String?, query: String = "",
        contentType: String = "text/csv", key: String? = nil
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: contentType]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let key { headers[HTTPField.Name("Idempotency-Key")!] = key }
        return try await client.execute(
            uri: "/api/v1/imports/\(kind)\(query.isEmpty ? "" : "?" + query)", method: .post, headers: headers, body: ByteBuffer(string: csv))
    }

    static func purchaseCount(_ fixture: Fixture) async throws -> Int {
        try await IdempotencyTests.purchases(fixture)
    }

    @Test("an owner imports purchases: 201 with the counts, and the purchases are there")
    func happyPath() async throws {
        try await Fixture.withApp { client, fixture in
            // when the owner posts two good rows
            let response = try await Self.importCSV(client, "purchases", Self.purchases, token: fixture.tokens["owner"])
            // then 201 with the counts
            #expect(response.status == .created, "\(response.text)")
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            let body = response.object
            #expect(body["kind"] as? String == "purchases")
            #expect(body["rows_read"] as? Int == 2)
            #expect(body["inserted"] as? Int == 2)
            #expect(body["updated"] as? Int == 0)
            #expect(body["skipped"] as? Int == 0)
            #expect(body["dry_run"] as? Bool == false)
            #expect(body["rejected_csv"] is NSNull)
            #expect(try await Self.purchaseCount(fixture) == 2)
            // and the counters show it
            let metrics = try await client.call(.get, "/metrics", token: nil).text
            #expect(metrics.contains(#"paladin_imports_total{kind="purchases",outcome="imported"}"#))
            #expect(metrics.contains(#"paladin_import_rows_total{kind="purchases"}"#))
        }
    }

    @Test("a manager imports customers: new ones inserted, known external ids updated, never duplicated")
    func customers() async throws {
        try await Fixture.withApp { client, fixture in
            let csv = "external_id,name,email\nA-1,Ana Maria,ana@example.com\nN-1,Nina,\nA-2,Bogdan,\n"
            let response = try await Self.importCSV(client, "customers", csv, token: fixture.tokens["manager"])
            #expect(response.status == .created, "\(response.text)")
            #expect(response.object["inserted"] as? Int == 1)
            #expect(response.object["updated"] as? Int == 1)
            #expect(response.object["unchanged"] as? Int == 1)
            let session = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
            #expect(try await session.customers(.init()).map(\.name).sorted() == ["Ana Maria", "Bogdan", "Nina"])
        }
    }

    @Test("a bad row answers 422 with the CLI's report (line and column), and nothing is written")
    func badRows() async throws {
        try await Fixture.withApp { client, fixture in
            let response = try await Self.importCSV(client, "purchases", Self.badPurchases, token: fixture.tokens["owner"])
            #expect(response.isProblem(.unprocessableContent), "\(response.text)")
            #expect(response.problemFields == ["line 3: customer", "line 3: amount"])
            #expect(response.object["error_count"] as? Int == 2)
            #expect((response.object["detail"] as? String)?.contains("nothing was imported") == true)
            #expect(try await Self.purchaseCount(fixture) == 0)
            // a missing required column is reported on the header's line
            let header = try await Self.importCSV(client, "purchases", "customer,date\nA-1,2026-01-05\n", token: fixture.tokens["owner"])
            #expect(header.isProblem(.unprocessableContent))
            #expect(header.problemFields == ["line 1: amount"])
            // a date format that is no format names the query parameter
            let format = try await Self.importCSV(client, "purchases", Self.purchases, token: fixture.tokens["owner"], query: "date_format=QQ")
            #expect(format.isProblem(.unprocessableContent), "\(format.text)")
            #expect(format.problemFields == ["date_format"])
            #expect(try await Self.purchaseCount(fixture) == 0)
            let metrics = try await client.call(.get, "/metrics", token: nil).text
            #expect(metrics.contains(#"paladin_imports_total{kind="purchases",outcome="rejected"}"#))
        }
    }

    @Test("skip_invalid=true writes the good rows and returns the rejected ones with reasons, in JSON and as CSV")
    func skipInvalid() async throws {
        try await Fixture.withApp { client, fixture in
            let response = try await Self.importCSV(
                client, "purchases", Self.badPurchases, token: fixture.tokens["owner"], query: "skip_invalid=true")
            #expect(response.status == .created, "\(response.text)")
            #expect(response.object["rows_read"] as? Int == 3)
            #expect(response.object["inserted"] as? Int == 2)
            #expect(response.object["skipped"] as? Int == 1)
            let rejected = try #require(response.object["rejected"] as? [[String: Any]])
            #expect(rejected.count == 1)
            #expect(rejected.first?["line"] as? Int == 3)
            #expect(rejected.first?["values"] as? [String] == ["A-9", "2026-01-06", "abc"])
            #expect((rejected.first?["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } == ["line 3: customer", "line 3: amount"])
            let csv = try #require(response.object["rejected_csv"] as? String)
            #expect(csv.hasPrefix("customer,date,amount,reason\n"))
            #expect(csv.contains("A-9,2026-01-06,abc,"))
            #expect(try await Self.purchaseCount(fixture) == 2)
        }
    }

    @Test("dry_run=true validates and counts, answers 200, and writes nothing; options mirror the CLI's")
    func dryRunAndOptions() async throws {
        try await Fixture.withApp { client, fixture in
            let dry = try await Self.importCSV(client, "purchases", Self.purchases, token: fixture.tokens["owner"], query: "dry_run=true")
            #expect(dry.status == .ok, "\(dry.text)")
            #expect(dry.object["dry_run"] as? Bool == true)
            #expect(dry.object["inserted"] as? Int == 2)
            #expect(try await Self.purchaseCount(fixture) == 0)
            // date_format and decimal_comma read the file as the CLI's --date-format and --decimal-comma do
            let european = "customer;date;amount\nA-1;05.01.2026;1.234,50\n"
            let read = try await Self.importCSV(
                client, "purchases", european, token: fixture.tokens["owner"], query: "date_format=DD.MM.YYYY&decimal_comma=true&currency=usd")
            #expect(read.status == .created, "\(read.text)")
            let session = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
            let stored = try await EvidenceStore(fixture.database.sql, workspace: session.workspace.id).purchases(customer: 1)
            #expect(stored.map(\.amount.cents) == [123_450])
            #expect(stored.map(\.currency) == ["USD"])
            // a malformed flag is a 400 naming it
            let bad = try await Self.importCSV(client, "purchases", Self.purchases, token: fixture.tokens["owner"], query: "skip_invalid=maybe")
            #expect(bad.isProblem(.badRequest))
            #expect(bad.problemFields == ["skip_invalid"])
        }
    }

    @Test("another content type is 415, an unknown kind 404, and nothing is written")
    func contentTypeAndKind() async throws {
        try await Fixture.withApp { client, fixture in
            let json = try await Self.importCSV(client, "purchases", Self.purchases, token: fixture.tokens["owner"], contentType: "application/json")
            #expect(json.isProblem(.unsupportedMediaType), "\(json.text)")
            let unknown = try await Self.importCSV(client, "invoices", Self.purchases, token: fixture.tokens["owner"])
            #expect(unknown.isProblem(.notFound))
            #expect(try await Self.purchaseCount(fixture) == 0)
        }
    }

    @Test("a body over the configured limit is 413; the default limit takes files over 1 MiB, other routes keep 1 MiB")
    func sizeLimits() async throws {
        let small = ServerConfiguration(port: 0, logLevel: .critical, maxImportBytes: 64)
        try await Fixture.withApp(configuration: small) { client, fixture in
            let response = try await Self.importCSV(client, "purchases", Self.badPurchases, token: fixture.tokens["owner"])
            #expect(response.isProblem(.contentTooLarge), "\(response.text)")
            // with an Idempotency-Key the body is read first by the idempotency check: the same limit, the same 413
            let keyed = try await Self.importCSV(client, "purchases", Self.badPurchases, token: fixture.tokens["owner"], key: "big")
            #expect(keyed.isProblem(.contentTooLarge))
            #expect(try await Self.purchaseCount(fixture) == 0)
        }
        try await Fixture.withApp { client, fixture in
            // given a 1.5 MiB file of purchases
            var csv = "customer,date,amount,reference\n"
            while csv.utf8.count < 3 << 19 { csv += "A-1,2026-01-05,12.50,INV-PADDING-PADDING-PADDING-PADDING\n" }
            let rows = csv.split(separator: "\n").count - 1
            let response = try await Self.importCSV(client, "purchases", csv, token: fixture.tokens["owner"], key: "large-file")
            #expect(response.status == .created)
            #expect(response.object["inserted"] as? Int == rows)
            // a JSON route still refuses a body over 1 MiB
            let padding = String(repeating: "x", count: 3 << 19)
            let customer = try await client.call(.post, "/api/v1/customers", token: fixture.tokens["owner"], json: #"{"name":"\#(padding)"}"#)
            #expect(customer.isProblem(.contentTooLarge))
        }
    }

    @Test("no token or a bad token is 401; a viewer or an agent is 403; nothing is written")
    func access() async throws {
        try await Fixture.withApp { client, fixture in
            #expect(try await Self.importCSV(client, "purchases", Self.purchases, token: nil).isProblem(.unauthorized))
            #expect(try await Self.importCSV(client, "purchases", Self.purchases, token: "not-a-token").isProblem(.unauthorized))
            for role in ["viewer", "agent"] {
                let response = try await Self.importCSV(client, "purchases", Self.purchases, token: fixture.tokens[role])
                #expect(response.isProblem(.forbidden), "\(role): \(response.text)")
            }
            #expect(try await Self.purchaseCount(fixture) == 0)
        }
    }

    @Test("the same import retried with one Idempotency-Key is imported once; the retry gets the first answer")
    func idempotent() async throws {
        try await Fixture.withApp { client, fixture in
            let first = try await Self.importCSV(client, "purchases", Self.purchases, token: fixture.tokens["owner"], key: "import-1")
            let second = try await Self.importCSV(client, "purchases", Self.purchases, token: fixture.tokens["owner"], key: "import-1")
            #expect(first.status == .created)
            #expect(second.status == .created)
            #expect(second.text == first.text)
            #expect(second.headers[IdempotencyTests.replayed] == "true")
            #expect(try await Self.purchaseCount(fixture) == 2)
        }
    }
}
