import PaladinAnalytics
import PaladinCore
@testable import PaladinStore
import Testing

@Suite("The built-in derived models classify customers as the source texts describe")
struct BuiltInDerivedModelTests {
    func classifier(_ key: String) throws -> DerivedClassifier {
        let models = try BuiltInModels.load()
        let model = try #require(models.first { $0.key == key })
        return try DerivedClassifier(model: model, schema: MetricCatalog.schema(models: BuiltInModels.keys))
    }

    /// A recent, profitable, quiet customer: 4 purchases on 3 days, last 30 days ago, profit 250.
    let steady: [String: MetricValue] = [
        "purchases": .number(4), "repeat_purchases": .number(2), "days_since_first_purchase": .number(300),
        "days_since_last_purchase": .number(30), "profit": .number(250), "complaints_365d": .number(0),
        "interactions": .number(2),
    ]

    func with(_ changes: [String: MetricValue]) -> [String: MetricValue] {
        steady.merging(changes) { $1 }
    }

    @Test("every built-in derived model's rules parse against the catalog")
    func allParse() throws {
        let derived = try BuiltInModels.load().filter { $0.kind == .derived }.map(\.key)
        #expect(derived == ["engagement-ladder", "value-category", "relationship-type"])
        for key in derived { _ = try classifier(key) }
    }

    @Test("value categories: loyal, demanding by claims or by loss, lost when long silent, average otherwise")
    func valueCategory() throws {
        let category = try classifier("value-category")
        #expect(category.classify(steady)?.stage == "loyal")
        #expect(category.classify(with(["complaints_365d": .number(4)]))?.stage == "demanding")
        #expect(category.classify(with(["profit": .number(-0.01)]))?.stage == "demanding")
        // lost is tried first: a silent complainer is lost, not demanding
        #expect(category.classify(with(["days_since_last_purchase": .number(500), "complaints_365d": .number(4)]))?.stage == "lost")
        // 365 days is not yet lost (> 365); 181 days is no longer loyal (<= 180)
        #expect(category.classify(with(["days_since_last_purchase": .number(365)]))?.stage == "average")
        #expect(category.classify(with(["days_since_last_purchase": .number(181)]))?.stage == "average")
        #expect(category.classify(with(["purchases": .number(2)]))?.stage == "average")
        #expect(category.classify([:])?.stage == "average")
    }

    @Test("the explanation of a demanding customer names the complaints")
    func demandingExplanation() throws {
        let verdict = try #require(try classifier("value-category").classify(with(["complaints_365d": .number(4)])))
        #expect(verdict.explanation == "complaints_365d >= 3 (complaints_365d = 4)")
    }

    @Test("the engagement ladder climbs with purchases, recency and the last score")
    func engagementLadder() throws {
        let ladder = try classifier("engagement-ladder")
        #expect(ladder.classify([:])?.stage == "suspect")
        #expect(ladder.classify(["purchases": .number(0), "interactions": .number(1)])?.stage == "prospect")
        #expect(ladder.classify(["purchases": .number(1)])?.stage == "occasional-buyer")
        #expect(ladder.classify(["purchases": .number(2), "days_since_last_purchase": .number(10)])?.stage == "client")
        #expect(ladder.classify(steady)?.stage == "member")
        #expect(ladder.classify(with(["days_since_last_purchase": .number(400)]))?.stage == "client")
        #expect(ladder.classify(with(["last_score": .number(9)]))?.stage == "advocate")
        #expect(ladder.classify(with(["last_score": .number(10)]))?.stage == "unconditional")
        #expect(ladder.classify(with(["last_score": .number(10), "purchases": .number(3)]))?.stage == "advocate")
    }

    @Test("relationship types: champion is a promoter who bought again, before any depth of purchases")
    func relationshipType() throws {
        let relationship = try classifier("relationship-type")
        #expect(relationship.classify(["last_score": .number(10), "repeat_purchases": .number(2)])?.stage == "champion")
        #expect(relationship.classify(["last_score": .number(10), "repeat_purchases": .number(0), "purchases": .number(1)])?.stage == "tester")
        #expect(relationship.classify([:])?.stage == "prospect")
        #expect(relationship.classify(["purchases": .number(2)])?.stage == "buyer")
        #expect(relationship.classify(with(["purchases": .number(6), "days_since_last_purchase": .number(120)]))?.stage == "account")
        let patron = with([
            "purchases": .number(12), "days_since_first_purchase": .number(730), "days_since_last_purchase": .number(90),
        ])
        #expect(relationship.classify(patron)?.stage == "patron")
        // one complaint in the year keeps a patron an account
        #expect(relationship.classify(patron.merging(["complaints_365d": .number(1)]) { $1 })?.stage == "account")
    }

    @Test("a customer silent for 500 days is lost whatever else is true")
    func lostAfter500Days() throws {
        let verdict = try #require(try classifier("value-category").classify(with(["days_since_last_purchase": .number(500)])))
        #expect(verdict.stage == "lost")
        #expect(verdict.explanation == "days_since_last_purchase > 365 (days_since_last_purchase = 500)")
    }
}
