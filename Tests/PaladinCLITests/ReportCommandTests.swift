import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite("paladin report")
struct ReportCommandTests {
    /// Ana forced on to admit, Bo still at assess (both entered customer-journey when added).
    func twoCustomers(_ cli: Sandbox) async throws {
        try await cli.addCustomer("C-1", "Ana", ["--owner", "ana@acme.test"])
        try await cli.addCustomer("C-2", "Bo")
        try await cli.ok(["move", "C-1", "--model", "customer-journey", "--to", "admit", "--force", "--reason", "signed on the spot"])
    }

    @Test("funnel as JSON, CSV and table: 2 reached assess, 1 admit (conversion 0.5), none affirm")
    func funnel() async throws {
        try await withSandbox { cli in
            // given
            try await twoCustomers(cli)
            // when
            let json = try #require(try await cli.json(["report", "funnel", "--model", "customer-journey"]) as? [String: Any])
            let csv = try await cli.ok(["report", "funnel", "--model", "customer-journey", "--format", "csv"]).stdout
            let table = try await cli.ok(["report", "funnel", "--model", "customer-journey"]).stdout
            // then
            let stages = try #require(json["stages"] as? [[String: Any]])
            #expect(json["model"] as? String == "customer-journey")
            #expect(stages.prefix(3).map { $0["reached"] as? Int } == [2, 1, 0])
            #expect(stages[0]["conversion"] is NSNull)
            #expect(stages[1]["conversion"] as? Double == 0.5)
            #expect(csv.hasPrefix("stage,reached,conversion\nassess,2,\nadmit,1,0.5\naffirm,0,0\n"))
            #expect(table.contains("admit") && table.contains("reached"))
        }
    }

    @Test("flow counts the two entries and the forced move; the other journey reports answer too")
    func flowAndOthers() async throws {
        try await withSandbox { cli in
            // given
            try await twoCustomers(cli)
            // when
            let flow = try #require(try await cli.json(["report", "flow", "--model", "customer-journey"]) as? [String: Any])
            // then
            #expect(flow["total"] as? Int == 3)
            let forward = (flow["transitions"] as? [[String: Any]])?.first { $0["kind"] as? String == "forward" }
            #expect(forward?["from"] as? String == "assess" && forward?["to"] as? String == "admit" && forward?["forced"] as? Int == 1)
            for kind in ["time-in-stage", "stalls"] {
                let report = try #require(try await cli.json(["report", kind, "--model", "customer-journey"]) as? [String: Any])
                #expect(report["kind"] as? String == kind)
            }
            let cohorts = try #require(try await cli.json(["report", "first-100-days"]) as? [String: Any])
            #expect(cohorts["model"] as? String == "customer-journey")
            #expect((cohorts["cohorts"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("bad input: one message naming the option, a non-zero exit, nothing on stdout",
          arguments: [
            (["report", "churn", "--model", "customer-journey"], "error: kind: no report 'churn'"),
            (["report", "funnel"], "error: --model: is required for the funnel report"),
            (["report", "flow", "--model", "nope"], "error: --model: no model 'nope'"),
            (["report", "funnel", "--model", "customer-journey", "--from", "yesterday"], "error: --from:"),
            (["report", "funnel", "--model", "customer-journey", "--from", "2026-03-02", "--to", "2026-03-01"], "error: --to: is before --from"),
            (["report", "stalls", "--model", "customer-journey", "--limit", "0"], "error: --limit:"),
            (["report", "nps", "--model", "nope"], "error: --model: no model 'nope'"),
          ])
    func badInput(arguments: [String], message: String) async throws {
        try await withSandbox { cli in
            let result = try await cli.run(arguments)
            #expect(result.status != 0)
            #expect(result.errorLines.count == 1, "\(result)")
            #expect(result.stderr.hasPrefix(message), "\(result)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test("every report prints its chart as a well-formed SVG document with --format svg")
    func svg() async throws {
        try await withSandbox { cli in
            try await cli.ok(["demo"])
            for kind in ["funnel", "flow", "time-in-stage", "stalls", "first-100-days", "nps", "economics", "activity"] {
                let result = try await cli.run(["report", kind, "--model", "customer-journey", "--format", "svg"])
                #expect(result.status == 0, "\(kind): \(result)")
                #expect(result.stdout.hasPrefix("<?xml") && result.stdout.contains("<svg") && result.stdout.contains("</svg>"), "\(kind)")
                let parser = XMLParser(data: Data(result.stdout.utf8))
                #expect(parser.parse(), "\(kind): \(parser.parserError.map { "\($0)" } ?? "")")
            }
        }
    }
}
