import Testing
@testable import PaladinCore

/// Each document below has one mistake; the comment in the test says on which line.
@Suite("ModelDocument: rejected keys, names, states and fields")
struct ModelDocumentStructureRejectionTests {
    private func issues(_ text: String) -> [ModelIssue] { ModelDocumentFixture.issues(text) }

    @Test func aDuplicateStageKeyIsRejectedOnItsLine() {
        // given a second stage reusing the key "first" (line 6)
        let yaml = """
            key: demo
            names: Demo
            stages:
              - key: first
                names: First
              - key: first
                names: Again
            """
        // then the issue points at the second key
        #expect(issues(yaml) == [
            ModelIssue(path: "stages[1].key", line: 6, message: "duplicate stage key 'first' (also at position 1)")
        ])
    }

    @Test func aMarkerKeyUsedInTwoStagesIsRejected() {
        // given the marker "seen" in both stages (second time on line 12)
        let yaml = """
            key: demo
            names: Demo
            stages:
              - key: first
                names: First
                markers:
                  - key: seen
                    names: Seen
              - key: second
                names: Second
                markers:
                  - key: seen
                    names: Seen again
            """
        #expect(issues(yaml) == [
            ModelIssue(path: "stages[1].markers[0].key", line: 12,
                       message: "duplicate marker key 'seen' (also in stage 'first'); marker keys are unique within a model")
        ])
    }

    @Test func aStageInAnUnknownStateIsRejected() {
        // given a stage in state "purple" (line 10) while the model has only "red"
        let yaml = """
            key: demo
            names: Demo
            states:
              - key: red
                names: Red
                color: "#ff0000"
            stages:
              - key: first
                names: First
                state: purple
            """
        #expect(issues(yaml) == [
            ModelIssue(path: "stages[0].state", line: 10, message: "unknown state 'purple' (states: red)")
        ])
    }

    @Test func aStageWithoutAStateIsRejectedWhenTheModelHasStates() {
        // given a stage (starting on line 8) that names no state
        let yaml = """
            key: demo
            names: Demo
            states:
              - key: red
                names: Red
                color: "#ff0000"
            stages:
              - key: first
                names: First
            """
        // then the issue points at the stage itself
        #expect(issues(yaml) == [
            ModelIssue(path: "stages[0].state", line: 8, message: "stage 'first' must name one of the model's states (red)")
        ])
    }

    @Test func emptyNamesAreRejected() {
        // given a blank model name (line 2) and a stage whose only name is spaces (line 5)
        let yaml = """
            key: demo
            names: ""
            stages:
              - key: first
                names: {en: "   "}
            """
        // then both are reported on their lines (compared as a set: the reader lists them out of document order)
        #expect(Set(issues(yaml)) == [
            ModelIssue(path: "names", line: 2, message: "is empty"),
            ModelIssue(path: "stages[0].names", line: 5, message: "is empty"),
        ])
    }

    @Test func anInvalidKeyIsRejected() {
        // given a model key with capitals and a space (line 1)
        let yaml = """
            key: Demo Model
            names: Demo
            stages:
              - key: first
                names: First
            """
        #expect(issues(yaml) == [
            ModelIssue(path: "key", line: 1, message: "'Demo Model' is not a valid key: \(Key.rule)")
        ])
    }

    @Test(arguments: ["red", "#12345", "#gg0000", "d64545"])
    func aBadColourIsRejected(colour: String) {
        // given a state colour that is not #rgb or #rrggbb (line 6)
        let yaml = """
            key: demo
            names: Demo
            states:
              - key: red
                names: Red
                color: "\(colour)"
            stages:
              - key: first
                names: First
                state: red
            """
        #expect(issues(yaml) == [
            ModelIssue(path: "states[0].color", line: 6, message: "'\(colour)' is not a colour: write it as #rrggbb")
        ])
    }

    @Test func aMisspelledFieldIsRejectedAndNamesTheExpectedFields() {
        // given `colour:` instead of `color:` (line 6)
        let yaml = """
            key: demo
            names: Demo
            states:
              - key: red
                names: Red
                colour: "#ff0000"
            stages:
              - key: first
                names: First
                state: red
            """
        // then the real field is missing from the state (line 4) and the unknown one is reported on its line, in line order
        #expect(issues(yaml) == [
            ModelIssue(path: "states[0].color", line: 4, message: "is missing"),
            ModelIssue(path: "states[0].colour", line: 6, message: "unknown field 'colour' (expected one of: key, names, color, decision)"),
        ])
    }

    @Test func anUnknownTopLevelFieldIsRejected() {
        // given a typo `stage:` for `stages:` (line 3)
        let yaml = """
            key: demo
            names: Demo
            stage:
              - key: first
                names: First
            """
        let found = issues(yaml)
        #expect(found.contains { $0.path == "stage" && $0.line == 3 && $0.message.hasPrefix("unknown field 'stage'") })
        #expect(found.contains(ModelIssue(path: "stages", line: 1, message: "is missing")))
        #expect(found.map { $0.line ?? 0 } == found.map { $0.line ?? 0 }.sorted())
    }

    @Test func stagesOutOfStateOrderAreRejected() {
        // given a red stage (its state on line 16) after a blue one
        let yaml = """
            key: demo
            names: Demo
            states:
              - key: red
                names: Red
                color: "#f00"
              - key: blue
                names: Blue
                color: "#00f"
            stages:
              - key: calm
                names: Calm
                state: blue
              - key: stop
                names: Stop
                state: red
            """
        let found = issues(yaml)
        #expect(found.map(\.path) == ["stages[1].state"])
        #expect(found.map(\.line) == [16])
        #expect(found.first?.message.contains("keep stages grouped in state order") == true)
    }
}
