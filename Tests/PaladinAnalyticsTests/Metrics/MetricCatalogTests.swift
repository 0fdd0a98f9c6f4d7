import PaladinAnalytics
import Testing

@Suite("The metric catalog rules are checked against")
struct MetricCatalogTests {
    @Test("definitions are the customer metrics plus one days_in_stage_ per model, all names distinct")
    func definitions() {
        // when
        let names = MetricCatalog.definitions(models: ["customer-journey", "value-category"]).map(\.name)
        // then
        #expect(names.count == MetricCatalog.customer.count + 2)
        #expect(Set(names).count == names.count)
        #expect(Array(names.suffix(2)) == ["days_in_stage_customer_journey", "days_in_stage_value_category"])
        #expect(MetricCatalog.customer.count == 23)
        // without models only the customer metrics; a key without dashes is kept as it is
        #expect(MetricCatalog.definitions(models: []).map(\.name) == MetricCatalog.customer.map(\.name))
        #expect(MetricCatalog.daysInStage("tiers") == "days_in_stage_tiers")
    }

    @Test("the schema knows each metric's type")
    func schemaTypes() {
        let schema = MetricCatalog.schema(models: ["tiers"])
        #expect(schema.type(of: "profit") == .number)
        #expect(schema.type(of: "last_score_segment") == .text)
        #expect(schema.type(of: "rfm_segment") == .text)
        #expect(schema.type(of: "days_in_stage_tiers") == .number)
        #expect(schema.type(of: "days_in_stage_other") == nil)
    }

    @Test("the rule checker accepts a valid rule and names the rule it rejects")
    func ruleChecker() throws {
        // given
        let check = MetricCatalog.ruleChecker(models: ["tiers"])
        // then
        #expect(check("purchases >= 2 && last_score_segment == \"promoter\"") == nil)
        #expect(check("days_in_stage_tiers > 30") == nil)
        let problem = try #require(check("purchses >= 2"))
        #expect(problem.hasPrefix("column 1: unknown metric 'purchses'"))
        #expect(problem.hasSuffix("in rule 'purchses >= 2'"))
    }

    @Test("every catalog metric can be written in a rule of its type")
    func everyNameIsUsable() throws {
        // given
        let check = MetricCatalog.ruleChecker(models: ["customer-journey"])
        // then: numbers compare with numbers, texts with texts
        for definition in MetricCatalog.definitions(models: ["customer-journey"]) {
            let text = definition.type == .number ? "\(definition.name) >= 0" : "\(definition.name) == \"x\""
            #expect(check(text) == nil, "\(definition.name): \(check(text) ?? "")")
        }
    }
}
