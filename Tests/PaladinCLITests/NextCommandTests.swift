import Foundation
import Testing

@Suite("paladin next")
struct NextCommandTests {
    @Test("on the demo workspace: the customers who need attention most, the most urgent first, in every format")
    func demo() async throws {
        try await withSandbox(initialised: false) { cli in
            // given
            try await cli.ok(["demo", "--customers", "80"])
            // when
            let list = try #require(try await cli.json(["next", "--limit", "10"]) as? [[String: Any]])
            // then
            #expect(!list.isEmpty && list.count <= 10)
            let tops = list.compactMap { ($0["actions"] as? [[String: Any]])?.first?["priority"] as? Int }
            #expect(tops.count == list.count)
            #expect(tops == tops.sorted(), "customers are ordered by their most urgent action")
            for item in list {
                let actions = item["actions"] as? [[String: Any]] ?? []
                let priorities = actions.compactMap { $0["priority"] as? Int }
                #expect(priorities == priorities.sorted())
                #expect(actions.allSatisfy { ($0["reason"] as? String)?.isEmpty == false && $0.keys.contains("due") })
            }
            // one customer, by external id
            let id = try #require((list.first?["customer"] as? [String: Any])?["external_id"] as? String)
            let one = try #require(try await cli.json(["next", "--customer", id]) as? [String: Any])
            #expect((one["customer"] as? [String: Any])?["external_id"] as? String == id)
            #expect((one["actions"] as? [Any])?.isEmpty == false)
            // table and CSV: one row per action under the header
            let table = try await cli.ok(["next", "--limit", "3"]).stdout
            #expect(table.hasPrefix("customer  external_id"))
            #expect(table.contains("priority") && table.contains("reason"))
            let csv = try await cli.ok(["next", "--format", "csv", "--owner", "ana.popescu@demo.example"]).stdout
            #expect(csv.hasPrefix("customer,external_id,name,priority,kind,model,stage,due,title,reason\n"))
            // an owner nobody is: no customers
            #expect(try await cli.json(["next", "--owner", "nobody@demo.example"]) as? [Any] != nil)
            #expect((try await cli.json(["next", "--owner", "nobody@demo.example"]) as? [Any])?.isEmpty == true)
        }
    }

    @Test("bad input: one clear message naming the option, a non-zero exit, nothing on stdout",
          arguments: [
            (["next", "--limit", "0"], "--limit: '0' is not a whole number from 1 to 500"),
            (["next", "--limit", "501"], "--limit: '501'"),
            (["next", "--limit", "many"], "--limit: 'many'"),
            (["next", "--format", "xml"], "--format: 'xml' is not one of table, json, csv"),
            (["next", "--owner", " "], "--owner: is empty"),
            (["next", "--customer", "NOPE"], "no customer 'NOPE' in workspace 'default'"),
            (["next", "--customer", "A1", "--limit", "5"], "--customer: shows one customer; leave out --owner and --limit"),
          ])
    func badInput(_ arguments: [String], _ message: String) async throws {
        try await withSandbox { cli in
            try await cli.addCustomer("A1", "Ana")
            let before = try await cli.snapshot()
            let result = try await cli.run(arguments)
            #expect(result.status != 0, "\(result)")
            #expect(result.errorLines == ["error: \(message)"] || (result.errorLines.count == 1 && result.stderr.contains(message)), "\(result)")
            #expect(result.stdout.isEmpty)
            #expect(try await cli.snapshot() == before)
        }
    }
}
