import Foundation
import PaladinAnalytics
import PaladinStore
import Testing

@Suite("paladin score, nps, metrics and recommendations")
struct ScoreCommandTests {
    /// L-1: three purchases of 200 (10 to 100 days before 2026-05-28), cost 50, last score 10 → loyal promoter.
    /// D-1: one purchase of 100, cost 300 → demanding by profit. N-1: nothing → average.
    func seed(_ cli: Sandbox) async throws {
        for (id, name) in [("L-1", "Lia"), ("D-1", "Dan"), ("N-1", "Nora")] { try await cli.addCustomer(id, name) }
        for date in ["2026-02-17", "2026-04-08", "2026-05-18"] {
            try await cli.ok(["record", "purchase", "L-1", "--amount", "200", "--date", date])
        }
        try await cli.ok(["record", "cost", "L-1", "--amount", "50", "--date", "2026-05-01"])
        try await cli.ok(["record", "survey", "L-1", "--score", "10", "--date", "2026-05-23"])
        try await cli.ok(["record", "purchase", "D-1", "--amount", "100", "--date", "2026-05-08"])
        try await cli.ok(["record", "cost", "D-1", "--amount", "300", "--date", "2026-05-13"])
    }

    /// A stage line of `paladin score` for value-category (stage keys padded to 9, counts to 7).
    func stageLine(_ stage: String, _ before: Int, _ after: Int) -> String {
        let key = stage + String(repeating: " ", count: 9 - stage.count)
        return "  \(key)  " + String(repeating: " ", count: 6) + "\(before) → " + String(repeating: " ", count: 6) + "\(after)"
    }

    @Test("score lists every derived model with its stages before → after; a second run changes nothing")
    func scoreOutput() async throws {
        try await withSandbox { cli in
            // given
            try await seed(cli)
            // when
            let first = try await cli.ok(["score", "--as-of", "2026-05-28"])
            // then
            let lines = first.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(lines.first?.hasPrefix("score run 1: 3 customers as of 2026-05-28 in ") == true)
            for model in ["engagement-ladder", "value-category", "relationship-type"] {
                #expect(lines.contains("\(model): 3 customers changed stage"), "\(first)")
            }
            let value = try #require(lines.firstIndex(of: "value-category: 3 customers changed stage"))
            #expect(Array(lines[(value + 1)...(value + 4)]) == [
                stageLine("loyal", 0, 1), stageLine("average", 0, 1), stageLine("demanding", 0, 1), stageLine("lost", 0, 0),
            ])
            #expect(lines.contains("flagged: champion_candidate 1, disinvest 1 (see `paladin recommendations`)"))

            // when
            let second = try await cli.ok(["score", "--as-of", "2026-05-28"])
            // then
            #expect(second.stdout.hasPrefix("score run 2: "))
            #expect(second.stdout.contains("value-category: 0 customers changed stage\n" + stageLine("loyal", 1, 1) + "\n"))
        }
    }

    @Test("customers show has no metrics before a score, then metrics and derived entries with explanations")
    func customerShow() async throws {
        try await withSandbox { cli in
            // given
            try await seed(cli)
            let before = try #require(try await cli.json(["customers", "show", "D-1"]) as? [String: Any])
            // then
            #expect(before["metrics"] is NSNull)
            #expect((before["derived"] as? [Any])?.isEmpty == true)
            // when
            try await cli.ok(["score", "--as-of", "2026-05-28"])
            let after = try #require(try await cli.json(["customers", "show", "D-1"]) as? [String: Any])
            // then
            #expect(after["scored_as_of"] as? String == "2026-05-28T00:00:00Z")
            let metrics = try #require(after["metrics"] as? [String: Any])
            #expect(metrics["profit"] as? Double == -200)
            #expect(metrics["purchases"] as? Double == 1)
            let derived = try #require(after["derived"] as? [[String: Any]])
            #expect(derived.compactMap { $0["model"] as? String } == ["engagement-ladder", "relationship-type", "value-category"])
            let category = try #require(derived.last)
            #expect(category["stage"] as? String == "demanding")
            #expect(category["rule"] as? String == "complaints_365d >= 3 || profit < 0")
            #expect(category["explanation"] as? String == "profit < 0 (profit = -200)")
            #expect(derived.allSatisfy { !(($0["explanation"] as? String) ?? "").isEmpty })
            let recommendations = try #require(after["recommendations"] as? [[String: Any]])
            #expect(recommendations.compactMap { $0["kind"] as? String } == ["disinvest"])
        }
    }

    @Test("recommendations --kind disinvest lists only the customers to let go, with the reason")
    func recommendationsByKind() async throws {
        try await withSandbox { cli in
            // given
            try await seed(cli)
            try await cli.ok(["score", "--as-of", "2026-05-28"])
            // when
            let flagged = try #require(try await cli.json(["recommendations", "--kind", "disinvest"]) as? [[String: Any]])
            let table = try await cli.ok(["recommendations", "--kind", "disinvest"])
            let all = try #require(try await cli.json(["recommendations"]) as? [[String: Any]])
            // then
            #expect(flagged.count == 1)
            #expect(flagged.first?["external_id"] as? String == "D-1")
            #expect(flagged.first?["kind"] as? String == "disinvest")
            #expect((flagged.first?["reason"] as? String)?.contains("demanding customer with negative profit (profit = -200.00)") == true)
            #expect(table.stdout.contains("D-1") && !table.stdout.contains("L-1"))
            #expect(all.compactMap { $0["kind"] as? String } == ["champion_candidate", "disinvest"])
        }
    }

    @Test("nps --by value-category as JSON: a row per stage and an 'all' row; no answers give an 'all' row with nps null")
    func npsJSON() async throws {
        try await withSandbox { cli in
            // given no answers at all
            try await cli.addCustomer("A-1", "Ana")
            // when
            let empty = try #require(try await cli.json(["nps", "--by", "value-category"]) as? [[String: Any]])
            // then
            #expect(empty.count == 1)
            #expect(empty.first?["period"] as? String == "all")
            #expect(empty.first?["nps"] is NSNull)
            #expect(empty.first?["respondents"] as? Int == 0)
            #expect(try await cli.ok(["nps"]).stdout.contains("—"))

            // given answers: L-1 10 (loyal), D-1 3 (demanding)
            try await seed(cli)
            try await cli.ok(["record", "survey", "D-1", "--score", "3", "--date", "2026-05-20"])
            try await cli.ok(["score", "--as-of", "2026-05-28"])
            // when
            let rows = try #require(try await cli.json(["nps", "--by", "value-category"]) as? [[String: Any]])
            // then
            #expect(rows.map { ($0["stage"] as? String) ?? ($0["period"] as? String) ?? "?" } == ["loyal", "demanding", "all"])
            #expect(rows.map { $0["nps"] as? Double } == [100, -100, 0])
            #expect(rows.map { $0["respondents"] as? Int } == [1, 1, 2])
        }
    }

    @Test("metrics as JSON lists every catalog metric with its type, days in stage per model included")
    func metricsJSON() async throws {
        try await withSandbox { cli in
            // when
            let rows = try #require(try await cli.json(["metrics"]) as? [[String: String]])
            // then
            let expected = MetricCatalog.definitions(models: BuiltInModels.keys)
            #expect(rows.map { $0["name"] ?? "" } == expected.map(\.name))
            #expect(rows.map { $0["type"] ?? "" } == expected.map(\.type.rawValue))
            #expect(rows.contains { $0["name"] == "days_in_stage_customer_journey" && $0["type"] == "number" })
            #expect(rows.contains { $0["name"] == "last_score_segment" && $0["type"] == "text" })
            #expect(rows.allSatisfy { !($0["definition"] ?? "").isEmpty })
        }
    }

    @Test("nps with --to before --from fails naming --to and prints no report")
    func npsBadRange() async throws {
        try await withSandbox { cli in
            // when
            let result = try await cli.run(["nps", "--to", "2020-01-01", "--from", "2021-01-01"])
            // then
            #expect(result.status != 0)
            #expect(result.stderr.contains("--to"))
            #expect(result.stdout.isEmpty)
            let badDate = try await cli.run(["score", "--as-of", "someday"])
            #expect(badDate.status != 0 && badDate.stderr.contains("--as-of"))
        }
    }
}
