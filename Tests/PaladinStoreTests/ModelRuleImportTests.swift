import PaladinCore
@testable import PaladinStore
import Testing

@Suite("Importing derived models: rules are checked against the metric catalog")
struct ModelRuleImportTests {
    /// A derived model whose `gold` rule (line 10) is given.
    func tiers(gold rule: String) -> String {
        """
        key: tiers
        kind: derived
        names: Tiers
        stages:
          - key: lead
            names: Lead
            rule: "true"
          - key: gold
            names: Gold
            rule: '\(rule)'
        """
    }

    func importError(_ session: WorkspaceSession, _ text: String) async -> ModelDocumentError? {
        do {
            _ = try await session.importModel(text, source: "tiers.yaml")
            return nil
        } catch PaladinError.model(let error) {
            return error
        } catch {
            Issue.record("expected a model error, got \(error)")
            return nil
        }
    }

    @Test("an unknown metric is rejected with the file, line and column, and nothing is stored")
    func unknownMetric() async throws {
        try await withSession { session in
            // given
            let before = try await session.models().count
            // when
            let error = try #require(await importError(session, tiers(gold: "purchases >= 2 && purchses >= 5")))
            // then: `purchses` starts at column 19 of the rule on line 10
            let message = "column 19: unknown metric 'purchses' (did you mean 'purchases'?) in rule 'purchases >= 2 && purchses >= 5'"
            #expect(error.issues == [ModelIssue(path: "stages[1].rule", line: 10, message: message)])
            #expect(error.description == "tiers.yaml:10: stages[1].rule: " + message)
            #expect(try await session.models().count == before)
            #expect(try await session.models().contains { $0.model.key == "tiers" } == false)
        }
    }

    @Test("comparing a number metric with text is rejected")
    func numberAgainstText() async throws {
        try await withSession { session in
            // when
            let error = try #require(await importError(session, tiers(gold: "profit < \"x\"")))
            // then
            #expect(error.issues.map(\.path) == ["stages[1].rule"])
            #expect(error.issues.map(\.line) == [10])
            #expect(error.issues.first?.message == "column 8: cannot compare number 'profit' with text \"x\" in rule 'profit < \"x\"'")
        }
    }

    @Test("a rule may use days in stage of this model and of the workspace's models; a score run then applies it")
    func daysInStageOfItself() async throws {
        try await withSession { session in
            // given
            try await session.add("T-1", "Tom")
            let text = tiers(gold: "days_in_stage_tiers >= 0 && days_in_stage_customer_journey >= 10")
            // when
            let (stored, created) = try await session.importModel(text, source: "tiers.yaml")
            _ = try await session.score(asOf: testNow.adding(days: 3))
            // then: no position in tiers yet, so lead; 3 days in the journey is not 10
            #expect(created && stored.model.key == "tiers")
            #expect(try await session.stage(of: "T-1", in: "tiers") == "lead")
            // when: ten days on, the customer has been 10 days in the journey and 7 in lead
            let report = try await session.score(asOf: testNow.adding(days: 10))
            // then
            #expect(try await session.stage(of: "T-1", in: "tiers") == "gold")
            #expect(report.change("tiers")?.changed == 1)
            let gold = try #require(try await session.detail("T-1").scoring?.derivations.first { $0.model == "tiers" })
            #expect(gold.explanation == "days_in_stage_tiers >= 0 (days_in_stage_tiers = 7) and days_in_stage_customer_journey >= 10 (days_in_stage_customer_journey = 10)")
        }
    }

    @Test("a rule naming days in stage of a model the workspace does not have is rejected")
    func daysInStageOfUnknownModel() async throws {
        try await withSession { session in
            let error = try #require(await importError(session, tiers(gold: "days_in_stage_nowhere > 1")))
            #expect(error.issues.first?.message.hasPrefix("column 1: unknown metric 'days_in_stage_nowhere'") == true)
        }
    }
}
