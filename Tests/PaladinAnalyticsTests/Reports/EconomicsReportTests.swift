import Foundation
import PaladinAnalytics
import PaladinCore
import Testing

@Suite("The economics report: money per category, rung and relationship type")
struct EconomicsReportTests {
    static let orders = EconomicsReport.StageOrders(
        categories: ["loyal", "average", "demanding", "lost"],
        rungs: ["suspect", "prospect", "occasional-buyer", "client", "member", "advocate", "unconditional"],
        relationshipTypes: ["prospect", "tester", "buyer", "account", "patron", "champion"])

    /// Two loyal clients/buyers (100.00 revenue, 20.00 cost together), a loyal member/account (50.00, 10.00),
    /// a demanding client/buyer (10.00, 40.00) and one customer placed nowhere with no evidence.
    static let cells = [
        EconomicsCell(category: "loyal", rung: "client", relationship: "buyer", customers: 2, revenueCents: 10_000, costCents: 2_000),
        EconomicsCell(category: "loyal", rung: "member", relationship: "account", customers: 1, revenueCents: 5_000, costCents: 1_000),
        EconomicsCell(category: "demanding", rung: "client", relationship: "buyer", customers: 1, revenueCents: 1_000, costCents: 4_000),
        EconomicsCell(category: nil, rung: nil, relationship: nil, customers: 1, revenueCents: 0, costCents: 0),
    ]
    /// Each customer's profit: the two loyal clients 40.00 each, the member 40.00, the demanding one −30.00.
    static let profits: [Int64] = [4_000, 4_000, 4_000, -3_000]

    func describe(_ groups: [EconomicsGroup]) -> [String] {
        groups.map { "\($0.stage ?? "-") \($0.customers) \($0.revenue) \($0.cost) \($0.profit) \($0.profitPerCustomer?.description ?? "null")" }
    }

    @Test("worked example: each dimension in its model's order, the unplaced last, per-customer profit to the cent")
    func workedExample() {
        // when
        let report = EconomicsReport(cells: Self.cells, profits: Self.profits, orders: Self.orders)
        // then: loyal = 3 customers, 150.00 − 30.00 = 120.00 → 40.00 each; demanding = 10.00 − 40.00 = −30.00
        #expect(describe(report.categories) == [
            "loyal 3 150.00 30.00 120.00 40.00", "average 0 0.00 0.00 0.00 null", "demanding 1 10.00 40.00 -30.00 -30.00",
            "lost 0 0.00 0.00 0.00 null", "- 1 0.00 0.00 0.00 0.00",
        ])
        // client = 2 + 1 customers, 110.00 − 60.00 = 50.00 → 16.666… → 16.67 each; member = 40.00
        #expect(describe(report.rungs).filter { !$0.contains(" 0 0.00") } == [
            "client 3 110.00 60.00 50.00 16.67", "member 1 50.00 10.00 40.00 40.00", "- 1 0.00 0.00 0.00 0.00",
        ])
        #expect(report.relationshipTypes.map(\.stage) == Self.orders.relationshipTypes + [nil])
        // total: 5 customers, 160.00 − 70.00 = 90.00 → 18.00 each
        #expect(describe([report.total]) == ["- 5 160.00 70.00 90.00 18.00"])
        // Pareto: 40, 40, 40, 0, −30 of total 90: 80 % = 72 needs two (80 ≥ 72) of five; one of five destroys 30.00
        #expect(report.pareto.customers == 5)
        #expect(report.pareto.customerShareFor80PercentOfProfit == 0.4)
        #expect(report.pareto.peakProfitShare == 1.3333)
        #expect(report.pareto.lossMakingCustomers == 1 && report.pareto.profitDestroyed == Money(cents: 3_000))
    }

    @Test("every dimension's groups add up to the total; the curve's total profit is the report's")
    func groupsSumToTotal() {
        let report = EconomicsReport(cells: Self.cells, profits: Self.profits, orders: Self.orders)
        for groups in [report.categories, report.rungs, report.relationshipTypes] {
            #expect(groups.reduce(0) { $0 + $1.customers } == report.total.customers)
            #expect(groups.reduce(Money.zero) { $0 + $1.revenue } == report.total.revenue)
            #expect(groups.reduce(Money.zero) { $0 + $1.cost } == report.total.cost)
            #expect(groups.reduce(Money.zero) { $0 + $1.profit } == report.total.profit)
        }
        #expect(report.pareto.totalProfit == report.total.profit)
    }

    @Test("the JSON form writes amounts as exact text, keys in snake_case and nulls explicitly; the table carries it all")
    func forms() throws {
        let report = EconomicsReport(cells: Self.cells, profits: Self.profits, orders: Self.orders)
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any])
        #expect(object["kind"] as? String == "economics")
        let categories = try #require(object["categories"] as? [[String: Any]])
        #expect(categories[0]["profit_per_customer"] as? String == "40.00")
        #expect(categories[1]["profit_per_customer"] is NSNull)
        #expect((object["relationship_types"] as? [Any])?.count == 7)
        let pareto = try #require(object["pareto"] as? [String: Any])
        #expect(pareto["customer_share_for_80_percent_of_profit"] as? Double == 0.4)
        #expect(pareto["profit_destroyed"] as? String == "30.00")
        #expect((pareto["points"] as? [[String: Any]])?.first?["cumulative_profit"] as? String == "0.00")
        let table = report.table
        #expect(table.rows.allSatisfy { $0.count == table.columns.count })
        #expect(table.rows.contains(["total", "", "5", "160.00", "70.00", "90.00", "18.00", "", ""]))
        #expect(table.rows.contains(["pareto-loss-making", "", "1", "", "", "-30.00", "", "0.2", ""]))
    }
}
