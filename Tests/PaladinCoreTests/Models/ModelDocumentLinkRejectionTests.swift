import Testing
@testable import PaladinCore

/// Rejections about links (mirrors, clocks, stage lists), kinds, and unreadable documents.
@Suite("ModelDocument: rejected links, kinds and unreadable text")
struct ModelDocumentLinkRejectionTests {
    private func issues(_ text: String, others: [String: JourneyModel] = [:]) -> [ModelIssue] {
        ModelDocumentFixture.issues(text, others: others)
    }

    @Test func mirroringAModelThatIsNotInTheWorkspaceIsRejected() {
        // given `mirror_of: colours` (line 2) and no such model
        let yaml = """
            key: guidance
            mirror_of: colours
            names: Guidance
            stages:
              - key: present
                names: Present
            """
        #expect(issues(yaml) == [
            ModelIssue(path: "mirror_of", line: 2, message: "'colours' is not a model in this workspace")
        ])
        // and it is accepted once the model exists
        #expect(issues(yaml, others: ["colours": ModelDocumentFixture.colours]) == [])
    }

    @Test func mirroringAStateTheMirroredModelLacksIsRejected() {
        // given a stage mirroring "green" (line 7) of a model with red and blue
        let yaml = """
            key: guidance
            mirror_of: colours
            names: Guidance
            stages:
              - key: present
                names: Present
                mirrors: green
            """
        #expect(issues(yaml, others: ["colours": ModelDocumentFixture.colours]) == [
            ModelIssue(path: "stages[0].mirrors", line: 7, message: "'green' is not a state of 'colours' (its states: red, blue)")
        ])
    }

    @Test(arguments: [0, -3])
    func expectedDaysMustBePositive(days: Int) {
        // given `expected_days` of zero or less (line 6)
        let yaml = """
            key: demo
            names: Demo
            stages:
              - key: first
                names: First
                expected_days: \(days)
            """
        #expect(issues(yaml) == [
            ModelIssue(path: "stages[0].expected_days", line: 6, message: "expected_days must be a positive number of days, not \(days)")
        ])
    }

    @Test func aClockStartingAtAnUnknownStageIsRejected() {
        // given a clock starting at "purchase" (line 5), which is not a stage
        let yaml = """
            key: demo
            names: Demo
            clock:
              days: 100
              starts_at: purchase
            stages:
              - key: admit
                names: Admit
            """
        #expect(issues(yaml) == [ModelIssue(path: "clock.starts_at", line: 5, message: "unknown stage 'purchase'")])
    }

    @Test func aClockThatRunsNoDaysIsRejected() {
        // given `days: 0` on line 4
        let yaml = """
            key: demo
            names: Demo
            clock:
              days: 0
              starts_at: admit
            stages:
              - {key: admit, names: Admit}
            """
        #expect(issues(yaml) == [ModelIssue(path: "clock.days", line: 4, message: "the clock must run a positive number of days")])
    }

    @Test func aStallZoneNamingAnUnknownStageIsRejected() {
        // given a stall zone listing "limbo", which is not a stage (line 3)
        let yaml = """
            key: demo
            names: Demo
            stall_zone: [admit, limbo]
            stages:
              - {key: admit, names: Admit}
            """
        #expect(issues(yaml) == [ModelIssue(path: "stall_zone[1]", line: 3, message: "unknown stage 'limbo'")])
    }

    @Test func aRuleOnAGuidedModelIsRejected() {
        // given a rule (line 6) on a guided model
        let yaml = """
            key: demo
            names: Demo
            stages:
              - key: first
                names: First
                rule: "purchases >= 1"
            """
        #expect(issues(yaml) == [
            ModelIssue(path: "stages[0].rule", line: 6, message: "only derived models have rules; a guided model is moved by people")
        ])
    }

    @Test func markersOnADerivedModelAreRejected() {
        // given markers on a derived model: the `markers:` field is on line 7, its list starts on line 8
        let yaml = """
            key: demo
            kind: derived
            names: Demo
            stages:
              - key: first
                names: First
                markers:
                  - key: seen
                    names: Seen
                rule: "true"
            """
        #expect(issues(yaml) == [
            ModelIssue(path: "stages[0].markers", line: 8, message: "a derived model has no markers: its stages are computed from evidence")
        ])
    }

    @Test func anEvaluationOrderMissingAStageIsRejected() {
        // given an evaluation order (line 4) that leaves out "lead"
        let yaml = """
            key: demo
            kind: derived
            names: Demo
            evaluation_order: [gold, silver]
            stages:
              - {key: lead, names: Lead, rule: "true"}
              - {key: silver, names: Silver, rule: "purchases >= 2"}
              - {key: gold, names: Gold, rule: "purchases >= 5"}
            """
        #expect(issues(yaml) == [
            ModelIssue(path: "evaluation_order", line: 4, message: "must list every stage; missing: lead")
        ])
    }

    @Test func malformedYAMLIsRejectedWithTheLineOfTheProblem() throws {
        // given an unclosed flow list on line 3
        let yaml = """
            key: demo
            names: Demo
            stall_zone: [first, second
            stages:
              - key: first
                names: First
            """
        let found = issues(yaml)
        let issue = try #require(found.first)
        #expect(found.count == 1)
        #expect(issue.path == "")
        #expect(issue.message.hasPrefix("not valid YAML or JSON: "))
        #expect(issue.line == 4)
    }

    @Test func malformedJSONIsRejectedWithALine() throws {
        // given JSON with a missing comma between two fields on lines 2 and 3
        let json = """
            {"key": "demo",
             "names": "Demo"
             "stages": []}
            """
        let issue = try #require(issues(json).first)
        #expect(issue.message.hasPrefix("not valid YAML or JSON: "))
        #expect(issue.line == 3)
    }

    @Test func aFieldWrittenTwiceInOneMappingIsRejected() {
        // given `names:` twice in the same stage
        let yaml = """
            key: demo
            names: Demo
            stages:
              - key: first
                names: First
                names: Again
            """
        // then the duplicate is named (no line: ModelDocument drops the mark Yams gives for this error)
        #expect(issues(yaml).map(\.message) == ["duplicate field(s): names"])
    }

    @Test(arguments: ["", "\n\n", "# only a comment\n"])
    func anEmptyDocumentIsRejected(text: String) throws {
        // when a document holds nothing
        let error = try #require(ModelDocumentFixture.error(text))
        // then there is one issue, on no line, and the description names only the source
        #expect(error.issues == [ModelIssue(path: "", line: nil, message: "the document is empty")])
        #expect(error.description == "demo.yaml: the document is empty")
    }

    @Test func theErrorDescriptionHasOneSourceLinePathMessageLinePerIssue() throws {
        // given a document with a bad key (line 1) and a duplicate stage (line 6)
        let yaml = """
            key: Demo
            names: Demo
            stages:
              - key: first
                names: First
              - key: first
                names: Again
            """
        // when it is decoded
        let error = try #require(ModelDocumentFixture.error(yaml))
        // then the description reads SOURCE:LINE: path: message, one line each, in document order
        #expect(error.source == "demo.yaml")
        #expect(error.description == """
            demo.yaml:1: key: 'Demo' is not a valid key: \(Key.rule)
            demo.yaml:6: stages[1].key: duplicate stage key 'first' (also at position 1)
            """)
    }
}
