import Foundation
import Testing

@Suite("paladin customers and record")
struct CustomerCommandTests {
    func show(_ cli: Sandbox, _ customer: String) async throws -> [String: Any] {
        try #require(try await cli.json(["customers", "show", customer]) as? [String: Any])
    }

    @Test("customers add prints the customer as JSON; list finds it by filters")
    func addAndList() async throws {
        try await withSandbox { cli in
            // when
            let added = try await cli.ok(["customers", "add", "--name", "Ana Popescu", "--external-id", "C-1", "--email", "ana@popescu.example",
                                          "--owner", "giulia", "--tag", "VIP", "--company", "Bistro Verde", "--format", "json"])
            try await cli.addCustomer("C-2", "Bogdan Ionescu", ["--owner", "marek"])
            // then
            let customer = try #require(try JSONSerialization.jsonObject(with: Data(added.stdout.utf8)) as? [String: Any])
            #expect(customer["id"] as? Int == 1)
            #expect(customer["external_id"] as? String == "C-1")
            #expect(customer["name"] as? String == "Ana Popescu")
            #expect(customer["tags"] as? [String] == ["vip"])
            let all = try #require(try await cli.json(["customers", "list"]) as? [[String: Any]])
            #expect(all.compactMap { $0["external_id"] as? String } == ["C-1", "C-2"])
            #expect(all.compactMap { $0["id"] as? Int } == [1, 2])
            #expect(all.compactMap { $0["name"] as? String } == ["Ana Popescu", "Bogdan Ionescu"])
            let marek = try #require(try await cli.json(["customers", "list", "--owner", "marek"]) as? [[String: Any]])
            #expect(marek.compactMap { $0["name"] as? String } == ["Bogdan Ionescu"])
            let vip = try #require(try await cli.json(["customers", "list", "--tag", "vip", "--search", "bistro"]) as? [[String: Any]])
            #expect(vip.compactMap { $0["external_id"] as? String } == ["C-1"])
            let assess = try #require(try await cli.json(["customers", "list", "--model", "customer-journey", "--stage", "assess", "--sort", "id", "--limit", "1", "--offset", "1"]) as? [[String: Any]])
            #expect(assess.compactMap { $0["external_id"] as? String } == ["C-2"])
        }
    }

    @Test("customers show has positions with markers, and revenue, cost, profit and last score from recorded evidence")
    func showWithEvidence() async throws {
        try await withSandbox { cli in
            // given
            try await cli.addCustomer("C-1", "Ana")
            try await cli.ok(["mark", "C-1", "--model", "customer-journey", "--marker", "expectations-stated"])
            // when
            let purchase = try await cli.ok(["record", "purchase", "C-1", "--amount", "1250.50", "--date", "2026-01-15", "--reference", "INV-7"])
            try await cli.ok(["record", "purchase", "C-1", "--amount", "49.50", "--currency", "ron"])
            let cost = try await cli.ok(["record", "cost", "C-1", "--amount", "300", "--category", "support", "--note", "Long call"])
            try await cli.ok(["record", "survey", "C-1", "--score", "6", "--date", "2026-01-01"])
            let survey = try await cli.ok(["record", "survey", "C-1", "--score", "9", "--comment", "Great", "--date", "2026-02-01"])
            // then
            #expect(purchase.stdout.contains("recorded purchase 1: 1250.50 EUR for customer 1"))
            #expect(cost.stdout.contains("recorded cost 1: 300.00 (support)"))
            #expect(survey.stdout.contains("recorded score 9 (promoter)"))
            let detail = try await show(cli, "C-1")
            #expect(detail["revenue"] as? String == "1300.00")
            #expect(detail["cost"] as? String == "300.00")
            #expect(detail["profit"] as? String == "1000.00")
            #expect(detail["last_score"] as? Int == 9)
            #expect((detail["purchases"] as? [[String: Any]])?.compactMap { $0["currency"] as? String }.sorted() == ["EUR", "RON"])
            let positions = try #require(detail["positions"] as? [[String: Any]])
            #expect(positions.compactMap { $0["model"] as? String } == ["pro-customer", "proc-guidance", "buying-process", "customer-journey"])
            let journey = try #require(positions.first { $0["model"] as? String == "customer-journey" })
            #expect(journey["stage"] as? String == "assess")
            #expect((journey["since"] as? String)?.hasSuffix("Z") == true)
            let markers = try #require(journey["markers"] as? [[String: Any]])
            #expect(markers.map { "\($0["key"] as? String ?? "?")=\($0["met"] as? Bool ?? false)" } == ["expectations-stated=true", "alternatives-named=false"])
        }
    }

    @Test("the same customer is shown by numeric id and by external id")
    func showByNumericId() async throws {
        try await withSandbox { cli in
            try await cli.addCustomer("EXT-1", "Eve")
            let byId = try await show(cli, "1")
            let byExternal = try await show(cli, "EXT-1")
            #expect((byId["customer"] as? [String: Any])?["external_id"] as? String == "EXT-1")
            #expect(NSDictionary(dictionary: byId).isEqual(to: byExternal))
        }
    }

    @Test("follow-ups lists open ones; done closes one")
    func followUps() async throws {
        try await withSandbox { cli in
            // given
            try await cli.addCustomer("C-1", "Ana", ["--owner", "giulia"])
            try await cli.ok(["log", "C-1", "--channel", "phone", "--kind", "call", "--summary", "Asked for a quote", "--follow-up", "2030-01-15"])
            // when
            let table = try await cli.ok(["follow-ups"])
            let open = try #require(try await cli.json(["follow-ups", "list"]) as? [[String: Any]])
            try await cli.ok(["follow-ups", "done", "1"])
            let afterDone = try #require(try await cli.json(["follow-ups", "list"]) as? [Any])
            let all = try #require(try await cli.json(["follow-ups", "list", "--all"]) as? [[String: Any]])
            // then
            #expect(table.stdout.contains("2030-01-15  open"))
            #expect(open.count == 1)
            #expect(open.first?["due"] as? String == "2030-01-15")
            #expect(open.first?["assignee"] as? String == "giulia")
            #expect(open.first?["note"] as? String == "Asked for a quote")
            #expect(afterDone.isEmpty)
            #expect(all.count == 1 && all.first?["done_at"] is String)
        }
    }
}

@Suite("paladin customers edit")
struct CustomerEditCommandTests {
    @Test("edit changes fields and tags and prints the new version")
    func edit() async throws {
        try await withSandbox { cli in
            try await cli.addCustomer("C-1", "Ana", ["--tag", "retail", "--email", "ana@example.com"])
            let edited = try await cli.ok(["customers", "edit", "C-1", "--name", "Ana Marin", "--email", "", "--add-tag", "vip", "--remove-tag", "retail"])
            #expect(edited.stdout.contains("customer 1 is at version 2: Ana Marin"))
            let shown = try #require(try await cli.json(["customers", "show", "C-1"]) as? [String: Any])
            let customer = try #require(shown["customer"] as? [String: Any])
            #expect(customer["name"] as? String == "Ana Marin")
            #expect(customer["email"] == nil || customer["email"] is NSNull)
            #expect(customer["tags"] as? [String] == ["vip"])
        }
    }

    @Test("edit to an external id that is taken is refused with one message and writes nothing")
    func takenExternalId() async throws {
        try await withSandbox { cli in
            try await cli.addCustomer("C-1", "Ana")
            try await cli.addCustomer("C-2", "Bob")
            let before = try await cli.snapshot()
            let result = try await cli.run(["customers", "edit", "C-1", "--external-id", "C-2"])
            #expect(result.status == 1)
            #expect(result.errorLines == ["error: a customer with external id 'C-2' already exists"])
            #expect(try await cli.snapshot() == before)
        }
    }

    @Test("JSON output writes missing values as null rather than leaving keys out")
    func jsonNulls() async throws {
        try await withSandbox { cli in
            // given a customer with no email, no survey answer and no external id
            _ = try await cli.ok(["customers", "add", "--name", "Plain"])
            // when
            let show = try #require(try await cli.json(["customers", "show", "1", "--format", "json"]) as? [String: Any])
            // then the keys are there, holding null
            #expect(show["last_score"] is NSNull)
            let customer = try #require(show["customer"] as? [String: Any])
            #expect(customer["email"] is NSNull && customer["external_id"] is NSNull)
        }
    }
}
