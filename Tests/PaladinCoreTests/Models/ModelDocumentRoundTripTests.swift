import Testing
@testable import PaladinCore

/// A guided, cyclic model that uses every part of the document form.
private func fullGuidedModel() -> JourneyModel {
    JourneyModel(
        key: "semaphore", kind: .guided, cyclic: true,
        names: LocalizedText(["en": "Semaphore", "ro": "Semafor", "ru": "Светофор"]),
        description: LocalizedText(["en": "A two-colour test model.", "it": "Un modello di prova."]),
        clock: RelationshipClock(days: 30, startsAt: "go"),
        stallZone: ["go"],
        states: [
            JourneyState(key: "red", names: LocalizedText(english: "Red"), color: "#d64545",
                         decision: LocalizedText(["en": "Decides to change", "pl": "Decyduje się na zmianę"])),
            JourneyState(key: "green", names: LocalizedText(english: "Green"), color: "#3F9B5A"),
        ],
        stages: [
            Stage(
                key: "stop", names: LocalizedText(english: "Stop"), state: "red",
                purpose: LocalizedText(english: "Understand the present"), expectedDays: 14,
                markers: [
                    Marker(key: "problem-named", names: LocalizedText(english: "Problem named"),
                           description: LocalizedText(english: "In their own words")),
                    Marker(key: "met_in_person", names: LocalizedText(english: "Met in person"), required: false),
                ],
                playbook: [LocalizedText(english: "Listen first"), LocalizedText(["en": "Ask why", "ro": "Întreabă de ce"])]
            ),
            Stage(key: "go", names: LocalizedText(english: "Go: deliver"), state: "green"),
        ]
    )
}

/// A derived model with rules and an evaluation order.
private func derivedModel() -> JourneyModel {
    JourneyModel(
        key: "tiers", kind: .derived, names: LocalizedText(english: "Tiers"),
        evaluationOrder: ["gold", "lead"],
        stages: [
            Stage(key: "lead", names: LocalizedText(english: "Lead"), rule: "true"),
            Stage(key: "gold", names: LocalizedText(english: "Gold"), rule: "profit > 1000 && purchases >= 3"),
        ]
    )
}

private func decode(_ text: String, others: [String: JourneyModel] = [:]) throws(ModelDocumentError) -> JourneyModel {
    try ModelDocument.decode(text, source: "round-trip.yaml", others: others)
}

@Suite("ModelDocument: reading and writing valid models")
struct ModelDocumentRoundTripTests {
    @Test(arguments: [fullGuidedModel(), derivedModel()])
    func aModelRoundTripsThroughYAML(model: JourneyModel) throws {
        // given a model written as YAML
        let yaml = ModelDocument.yaml(model)
        // when it is read back
        let decoded = try decode(yaml)
        // then nothing was lost
        #expect(decoded == model)
    }

    @Test(arguments: [fullGuidedModel(), derivedModel()])
    func aModelRoundTripsThroughJSON(model: JourneyModel) throws {
        // given a model written as JSON, pretty and compact
        for json in [ModelDocument.json(model), ModelDocument.json(model, pretty: false)] {
            // when each is read back through the same reader as YAML
            let decoded = try decode(json)
            // then nothing was lost
            #expect(decoded == model)
        }
    }

    @Test func theStoredJSONFormIsReadBackByTheStore() throws {
        let model = fullGuidedModel()
        #expect(try ModelDocument.stored(ModelDocument.json(model, pretty: false)) == model)
    }

    @Test func aHandWrittenJSONDocumentIsAccepted() throws {
        // given a JSON document written by hand
        let json = """
            {"key": "tiny", "names": {"en": "Tiny", "ro": "Mic"},
             "stages": [{"key": "only", "names": "Only", "markers": [{"key": "seen", "names": "Seen", "required": false}]}]}
            """
        // when it is decoded
        let model = try decode(json)
        // then defaults fill what was left out
        #expect(model.key == "tiny")
        #expect(model.kind == .guided)
        #expect(!model.cyclic)
        #expect(model.names.text("ro") == "Mic")
        #expect(model.stages.map(\.key) == ["only"])
        #expect(model.stages[0].markers == [Marker(key: "seen", names: LocalizedText(english: "Seen"), required: false)])
    }

    @Test func aPlainYAMLDocumentGetsItsDefaults() throws {
        // given a minimal YAML model with an empty optional field
        let yaml = """
            key: tiny
            names: Tiny
            description:
            stages:
              - key: only
                names: "  Only  "
                markers:
                  - key: seen
                    names: Seen
            """
        // when it is decoded
        let model = try decode(yaml)
        // then names are trimmed, markers are required by default and empty parts are empty
        #expect(model.stages[0].names == LocalizedText(english: "Only"))
        #expect(model.stages[0].requiredMarkers.map(\.key) == ["seen"])
        #expect(model.description.values.isEmpty)
        #expect(model.states.isEmpty && model.clock == nil && model.mirrorOf == nil)
    }

    @Test func aMirrorIsAcceptedWhenTheMirroredModelHasTheStates() throws {
        // given the semaphore model in the workspace
        let others = ["semaphore": fullGuidedModel()]
        let yaml = """
            key: guidance
            mirror_of: semaphore
            names: Guidance
            stages:
              - key: present
                names: Present
                mirrors: red
              - key: customer
                names: Customer
                mirrors: green
            """
        // when the mirror is decoded
        let model = try decode(yaml, others: others)
        // then each stage keeps the state it mirrors
        #expect(model.mirrorOf == "semaphore")
        #expect(model.stages.map(\.mirrors) == ["red", "green"])
    }

    @Test func aRuleCheckerCanRejectADerivedStagesRule() {
        // given a derived model whose second rule uses a metric the checker does not know
        var model = derivedModel()
        model.stages[1].rule = "nps > 8"
        let yaml = ModelDocument.yaml(model)
        // when the document is decoded with that checker
        do {
            _ = try ModelDocument.decode(yaml, source: "tiers.yaml", checkRule: { $0.contains("nps") ? "unknown metric 'nps'" : nil })
            Issue.record("a rule the checker refuses was accepted")
        } catch {
            // then the issue names the stage's rule
            #expect(error.issues.map(\.path) == ["stages[1].rule"])
            #expect(error.issues.map(\.message) == ["unknown metric 'nps'"])
        }
    }
}

@Test func jsonWithExplicitNullsReadsBackAsTheSameModel() throws {
    // given the JSON that `paladin models show --format json` prints, nulls included
    for model in [fullGuidedModel(), derivedModel()] {
        let json = ModelDocument.json(model, explicitNulls: true)
        #expect(json.contains("null"))
        // when it is imported again
        let decoded = try ModelDocument.decode(json, source: "\(model.key).json")
        // then nothing is lost or invented
        #expect(decoded == model)
    }
}

@Test func yamlNullAndTildeMeanAbsent() throws {
    // given optional fields written as null and ~
    let yaml = """
        key: plain
        names: Plain
        mirror_of: ~
        stages:
          - key: only
            names: Only
            state: null
            expected_days: null
            purpose: ~
        """
    // when it is read
    let model = try ModelDocument.decode(yaml, source: "plain.yaml")
    // then they are absent, not the texts "null" and "~"
    #expect(model.mirrorOf == nil)
    #expect(model.stages[0].state == nil)
    #expect(model.stages[0].expectedDays == nil)
    #expect(model.stages[0].purpose.values.isEmpty)
}

@Suite("Model documents as JSON from other tools")
struct ModelDocumentEscapeTests {
    @Test("characters beyond U+FFFF escaped as JSON surrogate pairs read as themselves; a lone surrogate is refused with its line")
    func surrogatePairs() throws {
        // given a JSON document as Python's json.dumps writes it (non-ASCII escaped)
        let escaped = #"{"key": "smile", "kind": "guided", "names": {"en": "Smile \ud83d\ude00 \u0103"},"#
            + "\n" + #""stages": [{"key": "one", "names": {"en": "One \\ud83d"}}]}"#
        // when it is read
        let model = try ModelDocument.decode(escaped, source: "smile.json")
        // then the pair is one character, an escaped backslash stays a backslash, and plain escapes still work
        #expect(model.names.text("en") == "Smile 😀 ă")
        #expect(model.stages.first?.names.text("en") == #"One \ud83d"#)
        // and a lone high surrogate is no character: refused, naming its line
        let lone = "{\"key\": \"x\", \"kind\": \"guided\",\n\"names\": {\"en\": \"\\ud83d alone\"}, \"stages\": [{\"key\": \"one\"}]}"
        do {
            _ = try ModelDocument.decode(lone, source: "lone.json")
            Issue.record("a lone surrogate was accepted")
        } catch {
            #expect(error.issues.first?.line == 2)
        }
    }
}
