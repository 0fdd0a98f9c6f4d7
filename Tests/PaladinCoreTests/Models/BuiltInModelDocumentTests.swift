import Foundation
import Testing
@testable import PaladinCore

/// Reads the built-in model files straight from the repository, as the store installs them.
private enum BuiltInFiles {
    /// Install order: mirrored models before the models mirroring them.
    static let keys = [
        "pro-customer", "proc-guidance", "buying-process", "customer-journey",
        "engagement-ladder", "value-category", "relationship-type",
    ]

    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/PaladinStore/Resources/BuiltInModels")

    static func text(_ key: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent("\(key).yaml"), encoding: .utf8)
    }

    /// Every model, decoded in install order with the earlier ones as `others`.
    static func load() throws -> [String: JourneyModel] {
        var models: [String: JourneyModel] = [:]
        for key in keys {
            models[key] = try ModelDocument.decode(try text(key), source: "\(key).yaml", others: models)
        }
        return models
    }

    static func model(_ key: String) throws -> JourneyModel {
        try #require(try load()[key])
    }
}

@Suite("Built-in models")
struct BuiltInModelDocumentTests {
    @Test func allSevenDecodeAndValidateInInstallOrder() throws {
        // when every file is decoded in install order
        let models = try BuiltInFiles.load()
        // then each one is there under the key its file is named after
        #expect(models.count == 7)
        for key in BuiltInFiles.keys {
            #expect(models[key]?.key == key)
        }
    }

    @Test func theGuidanceCannotBeInstalledBeforeTheModelItMirrors() throws {
        // given the P-R-O-C guidance decoded without PRO Customer in the workspace
        let error = try #require(ModelDocumentFixture.error(try BuiltInFiles.text("proc-guidance")))
        // then the mirror link is refused on the line of `mirror_of`
        #expect(error.issues == [ModelIssue(path: "mirror_of", line: 4, message: "'pro-customer' is not a model in this workspace")])
    }

    @Test func theCustomerJourneyHasEightStagesAHundredDayClockAndAStallZone() throws {
        let journey = try BuiltInFiles.model("customer-journey")
        #expect(journey.kind == .guided && !journey.cyclic)
        #expect(journey.stages.map(\.key) == ["assess", "admit", "affirm", "activate", "acclimate", "accomplish", "adopt", "advocate"])
        #expect(journey.clock == RelationshipClock(days: 100, startsAt: "admit"))
        #expect(journey.stallZone == ["activate", "acclimate", "accomplish"])
    }

    @Test func theEngagementLadderHasSevenDerivedRungs() throws {
        let ladder = try BuiltInFiles.model("engagement-ladder")
        #expect(ladder.kind == .derived)
        #expect(ladder.stages.map(\.key) == ["suspect", "prospect", "occasional-buyer", "client", "member", "advocate", "unconditional"])
        #expect(Set(ladder.evaluationOrder) == Set(ladder.stages.map(\.key)))
        #expect(ladder.stages.allSatisfy { $0.rule != nil && $0.markers.isEmpty })
    }

    @Test func theValueCategoriesAreLoyalAverageDemandingLost() throws {
        let categories = try BuiltInFiles.model("value-category")
        #expect(categories.kind == .derived)
        #expect(categories.stages.map(\.key) == ["loyal", "average", "demanding", "lost"])
    }

    @Test func theRelationshipTypesRunFromProspectToChampion() throws {
        let types = try BuiltInFiles.model("relationship-type")
        #expect(types.kind == .derived)
        #expect(types.stages.map(\.key) == ["prospect", "tester", "buyer", "account", "patron", "champion"])
    }

    @Test func theBuyingProcessHasFiveGuidedSteps() throws {
        let process = try BuiltInFiles.model("buying-process")
        #expect(process.kind == .guided && !process.cyclic)
        #expect(process.stages.count == 5)
    }

    @Test func proCustomerIsACycleOfFourStatesEachEndedByADecision() throws {
        let pro = try BuiltInFiles.model("pro-customer")
        #expect(pro.kind == .guided && pro.cyclic)
        #expect(pro.states.count == 4)
        for state in pro.states {
            #expect(!state.decision.isBlank, "state '\(state.key)' has no decision")
            #expect(pro.stages.filter { $0.state == state.key }.count >= 2, "state '\(state.key)' should hold several stages")
        }
        #expect(pro.stages.allSatisfy { !$0.requiredMarkers.isEmpty })
    }

    @Test func theGuidanceMirrorsProCustomerStateByState() throws {
        let models = try BuiltInFiles.load()
        let guidance = try #require(models["proc-guidance"])
        let pro = try #require(models["pro-customer"])
        #expect(guidance.stages.map(\.key) == ["present", "desired-result", "offer", "customer"])
        #expect(guidance.mirrorOf == "pro-customer")
        #expect(guidance.stages.map(\.mirrors) == pro.states.map(\.key))
    }

    @Test(arguments: BuiltInFiles.keys)
    func everyNameIsWrittenInTheFiveLanguages(key: String) throws {
        // given a built-in model
        let model = try BuiltInFiles.model(key)
        let named: [(String, LocalizedText)] =
            [("model", model.names)] + model.stages.map { ("stage \($0.key)", $0.names) } + model.states.map { ("state \($0.key)", $0.names) }
        // then the model, each stage and each state has a non-empty name in en, ro, ru, pl and it
        for (what, names) in named {
            for language in LocalizedText.supportedLanguages {
                #expect(!(names.values[language] ?? "").isEmpty, "\(key): \(what) has no '\(language)' name")
            }
        }
    }

    @Test(arguments: BuiltInFiles.keys)
    func everyBuiltInModelSurvivesAYAMLRoundTrip(key: String) throws {
        let models = try BuiltInFiles.load()
        let model = try #require(models[key])
        #expect(try ModelDocument.decode(ModelDocument.yaml(model), source: "\(key).yaml", others: models) == model)
    }
}
