import PaladinAnalytics
import PaladinCore
import Testing

@Suite("Derived models: stage rules applied to metrics")
struct DerivedClassifierTests {
    let catalog = MetricCatalog.schema(models: ["tiers"])

    /// Stages lead (always), silver (2+ purchases), gold (5+ purchases) and vip (no rule: set by hand only).
    func tiers(order: [String] = [], silverRule: String = "purchases >= 2") -> JourneyModel {
        JourneyModel(
            key: "tiers", kind: .derived, names: LocalizedText(english: "Tiers"), evaluationOrder: order,
            stages: [
                Stage(key: "lead", names: LocalizedText(english: "Lead"), rule: "true"),
                Stage(key: "silver", names: LocalizedText(english: "Silver"), rule: silverRule),
                Stage(key: "gold", names: LocalizedText(english: "Gold"), rule: "purchases >= 5"),
                Stage(key: "vip", names: LocalizedText(english: "VIP")),
            ])
    }

    func purchases(_ count: Double) -> [String: MetricValue] { ["purchases": .number(count)] }

    @Test("without an evaluation order stages are tried from the last to the first")
    func defaultOrder() throws {
        // given
        let classifier = try DerivedClassifier(model: tiers(), schema: catalog)
        // then: 7 purchases satisfy gold, silver and lead; gold is tried first
        #expect(classifier.classify(purchases(7))?.stage == "gold")
        #expect(classifier.classify(purchases(3))?.stage == "silver")
        #expect(classifier.classify(purchases(0))?.stage == "lead")
    }

    @Test("the first rule that holds in the evaluation order wins, even when a later one also holds")
    func evaluationOrderRespected() throws {
        // given silver is tried before gold
        let classifier = try DerivedClassifier(model: tiers(order: ["silver", "gold", "lead", "vip"]), schema: catalog)
        // when
        let verdict = try #require(classifier.classify(purchases(7)))
        // then
        #expect(verdict.stage == "silver")
        #expect(verdict.rule == "purchases >= 2")
        #expect(verdict.model == "tiers")
    }

    @Test("a stage without a rule is never chosen; with no rule holding there is no verdict")
    func stageWithoutRule() throws {
        // given only a hand-set stage and one rule
        let model = JourneyModel(
            key: "tiers", kind: .derived, names: LocalizedText(english: "Tiers"),
            stages: [
                Stage(key: "vip", names: LocalizedText(english: "VIP")),
                Stage(key: "regular", names: LocalizedText(english: "Regular"), rule: "purchases >= 1"),
            ])
        let classifier = try DerivedClassifier(model: model, schema: catalog)
        // then
        #expect(classifier.classify(purchases(0)) == nil)
        #expect(classifier.classify([:]) == nil)
        #expect(classifier.classify(purchases(4))?.stage == "regular")
        #expect(try DerivedClassifier(model: tiers(), schema: catalog).classify(purchases(100))?.stage != "vip")
    }

    @Test("the explanation shows the customer's values")
    func explanation() throws {
        // given
        let model = JourneyModel(
            key: "tiers", kind: .derived, names: LocalizedText(english: "Tiers"),
            stages: [
                Stage(key: "lead", names: LocalizedText(english: "Lead"), rule: "true"),
                Stage(key: "good", names: LocalizedText(english: "Good"), rule: "purchases >= 3 && profit > 0 && days_in_stage_tiers < 30"),
            ])
        let classifier = try DerivedClassifier(model: model, schema: catalog)
        // when
        let verdict = try #require(classifier.classify([
            "purchases": .number(4), "profit": .number(120.5), "days_in_stage_tiers": .number(12),
        ]))
        // then
        #expect(verdict.stage == "good")
        #expect(verdict.explanation == "purchases >= 3 (purchases = 4) and profit > 0 (profit = 120.5) and days_in_stage_tiers < 30 (days_in_stage_tiers = 12)")
        #expect(classifier.metrics == ["purchases", "profit", "days_in_stage_tiers"])
    }

    @Test("an unknown metric in a rule throws DerivedRuleError naming the model and the stage")
    func unknownMetric() throws {
        // when
        let error = try #require(derivedError(tiers(silverRule: "purchses >= 2")))
        // then
        #expect(error.model == "tiers")
        #expect(error.stage == "silver")
        #expect(error.error.column == 1)
        #expect(error.error.message.contains("unknown metric 'purchses'"))
        #expect(error.description.hasPrefix("model 'tiers', stage 'silver': column 1: unknown metric 'purchses'"))
    }

    @Test("comparing a number with text throws DerivedRuleError at the text's stage")
    func numberAgainstText() throws {
        // when
        let error = try #require(derivedError(tiers(silverRule: "profit < \"x\"")))
        // then
        #expect(error.model == "tiers" && error.stage == "silver")
        // the operator `<` is the 8th character of `profit < "x"`
        #expect(error.error.column == 8)
        #expect(error.error.message.hasPrefix("cannot compare number 'profit' with text"))
    }

    @Test("a rule naming another model's days in stage is unknown to this schema")
    func otherModelDaysInStage() throws {
        let error = try #require(derivedError(tiers(silverRule: "days_in_stage_other > 3")))
        #expect(error.stage == "silver")
        #expect(error.error.message.contains("days_in_stage_other"))
    }

    func derivedError(_ model: JourneyModel) -> DerivedRuleError? {
        do {
            _ = try DerivedClassifier(model: model, schema: catalog)
            return nil
        } catch {
            return error
        }
    }
}
