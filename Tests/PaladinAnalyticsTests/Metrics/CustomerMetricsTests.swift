@testable import PaladinAnalytics
import PaladinCore
import Testing

@Suite("Customer metrics computed from evidence")
struct CustomerMetricsTests {
    /// 2026-05-28T20:26:40Z, day 20601 since the epoch.
    let asOf = Timestamp(seconds: 1_780_000_000)
    var today: Int64 { asOf.date.daysSinceEpoch }

    /// Three purchase days (100, 30 and 5 days ago) with 2, 1 and 2 purchases worth 100.50, 49.99 and 300.01.
    var buyer: CustomerEvidence {
        CustomerEvidence(
            customerId: 7,
            purchaseDays: [
                PurchaseDay(day: today - 100, count: 2, cents: 10_050),
                PurchaseDay(day: today - 30, count: 1, cents: 4_999),
                PurchaseDay(day: today - 5, count: 2, cents: 30_001),
            ],
            cost: Money(cents: 12_345), complaints90d: 1, complaints365d: 3, interactions: 7,
            lastContact: Timestamp(seconds: asOf.seconds - 12 * 86_400 - 3_600), lastScore: 8,
            stageSince: ["customer-journey": asOf.adding(days: -40), "value-category": asOf.adding(days: -3)])
    }

    @Test("counts, money and days are computed exactly from the purchase days")
    func purchasesAndMoney() {
        // when
        let values = CustomerMetrics.compute(buyer, asOf: asOf)
        // then: 2 + 1 + 2 purchases on 3 days, 2 of them repeats
        #expect(values["purchases"] == .number(5))
        #expect(values["purchase_days"] == .number(3))
        #expect(values["repeat_purchases"] == .number(2))
        // 100.50 + 49.99 + 300.01 = 450.50; minus 123.45 cost = 327.05; 450.50 / 5 = 90.10
        #expect(values["revenue"] == .number(450.5))
        #expect(values["cost"] == .number(123.45))
        #expect(values["profit"] == .number(327.05))
        #expect(values["average_order_value"] == .number(90.1))
        #expect(values["days_since_first_purchase"] == .number(100))
        #expect(values["days_since_last_purchase"] == .number(5))
    }

    @Test("complaints, interactions, last contact (whole days, rounded down) and the last score with its segment")
    func contactAndScore() {
        // when
        let values = CustomerMetrics.compute(buyer, asOf: asOf)
        // then
        #expect(values["complaints_90d"] == .number(1))
        #expect(values["complaints_365d"] == .number(3))
        #expect(values["interactions"] == .number(7))
        // 12 days and one hour ago is 12 whole days
        #expect(values["days_since_last_contact"] == .number(12))
        #expect(values["last_score"] == .number(8))
        #expect(values["last_score_segment"] == .text("passive"))
    }

    @Test("days in stage are named per model with dashes turned into underscores")
    func daysInStage() {
        // when
        let values = CustomerMetrics.compute(buyer, asOf: asOf)
        // then
        #expect(MetricCatalog.daysInStage("customer-journey") == "days_in_stage_customer_journey")
        #expect(values["days_in_stage_customer_journey"] == .number(40))
        #expect(values["days_in_stage_value_category"] == .number(3))
        #expect(values["days_in_stage_customer-journey"] == nil)
    }

    @Test("a customer without evidence has zero counts and no purchase-, contact- or score-based metrics")
    func missingMetricsAreAbsent() {
        // given
        let nobody = CustomerEvidence(customerId: 1)
        // when
        let values = CustomerMetrics.compute(nobody, asOf: asOf)
        // then: exactly the counts and sums, all zero
        let zeros = ["purchases", "purchase_days", "repeat_purchases", "revenue", "cost", "profit",
                     "complaints_90d", "complaints_365d", "interactions"]
        #expect(Set(values.keys) == Set(zeros))
        #expect(zeros.allSatisfy { values[$0] == .number(0) })
        #expect(values["average_order_value"] == nil)
        #expect(values["days_since_first_purchase"] == nil && values["days_since_last_purchase"] == nil)
        #expect(values["days_since_last_contact"] == nil)
        #expect(values["last_score"] == nil && values["last_score_segment"] == nil)
    }

    @Test("costs without revenue give an exact negative profit; one purchase day has no repeats")
    func negativeProfit() {
        // given one purchase of 0.10 and costs of 0.30
        let evidence = CustomerEvidence(
            customerId: 2, purchaseDays: [PurchaseDay(day: today, count: 1, cents: 10)], cost: Money(cents: 30))
        // when
        let values = CustomerMetrics.compute(evidence, asOf: asOf)
        // then
        #expect(values["profit"] == .number(-0.2))
        #expect(values["repeat_purchases"] == .number(0))
        #expect(values["days_since_first_purchase"] == .number(0))
        #expect(values["average_order_value"] == .number(0.1))
    }

    @Test("the score segment: 9–10 promoter, 7–8 passive, 0–6 detractor",
          arguments: [(0, "detractor"), (6, "detractor"), (7, "passive"), (8, "passive"), (9, "promoter"), (10, "promoter")])
    func scoreSegments(score: Int, segment: String) {
        // when
        let values = CustomerMetrics.compute(CustomerEvidence(customerId: 3, lastScore: score), asOf: asOf)
        // then
        #expect(values["last_score"] == .number(Double(score)))
        #expect(values["last_score_segment"] == .text(segment))
    }

    @Test("RFM scores become the rfm_ metrics, the segment as text")
    func rfmMetrics() {
        // given
        let rfm = RFMScore(recency: 5, frequency: 3, monetary: 4, segment: RFMSegment(recency: 5, frequency: 3))
        // when
        let values = CustomerMetrics.compute(buyer, asOf: asOf, rfm: rfm)
        // then
        #expect(values["rfm_recency"] == .number(5))
        #expect(values["rfm_frequency"] == .number(3))
        #expect(values["rfm_monetary"] == .number(4))
        #expect(values["rfm_segment"] == .text("potential_loyalists"))
    }

    @Test("every computed metric is in the catalog with the type it has")
    func everyValueIsCatalogued() {
        // given
        let rfm = RFMScore(recency: 1, frequency: 1, monetary: 1, segment: .lost)
        let catalog = MetricCatalog.schema(models: ["customer-journey", "value-category"])
        // when
        let values = CustomerMetrics.compute(buyer, asOf: asOf, rfm: rfm)
        // then
        for (name, value) in values {
            #expect(catalog.type(of: name) == value.type, "\(name)")
        }
        #expect(values.count == 21)
    }

    @Test("a stage entered after the as-of date gives no days-in-stage value, never a negative one")
    func stageEnteredLater() {
        // given a customer who entered the journey 30 days after the date we score as of
        let later = CustomerEvidence(customerId: 8, stageSince: ["customer-journey": asOf.adding(days: 30), "value-category": asOf])
        // when
        let values = CustomerMetrics.compute(later, asOf: asOf)
        // then
        #expect(values["days_in_stage_customer_journey"] == nil)
        #expect(values["days_in_stage_value_category"] == .number(0))
    }
}
