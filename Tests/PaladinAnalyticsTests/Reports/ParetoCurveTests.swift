import PaladinAnalytics
import PaladinCore
import Testing

@Suite("The Pareto curve of profit over customers")
struct ParetoCurveTests {
    @Test("worked example: 500, 300, 200, two zeros and −100 cents")
    func workedExample() {
        // given: 4 non-zero profits (and a zero passed in, which is left out) of 6 customers → 2 at zero
        // when
        let curve = ParetoCurve(profits: [500, 300, -100, 200, 0], customers: 6)
        // then: sorted 500, 300, 200, 0, 0, −100; total 900; cumulative 0, 500, 800, 1000, 1000, 1000, 900
        #expect(curve.customers == 6)
        #expect(curve.totalProfit == Money(cents: 900))
        #expect(curve.points.map(\.customers) == [0, 1, 2, 3, 4, 5, 6])
        #expect(curve.points.map(\.cumulativeProfit.cents) == [0, 500, 800, 1000, 1000, 1000, 900])
        // shares: 500 / 900 = 0.5556, 800 / 900 = 0.8889, 1000 / 900 = 1.1111
        #expect(curve.points.map(\.profitShare) == [0, 0.5556, 0.8889, 1.1111, 1.1111, 1.1111, 1])
        #expect(curve.points.map(\.customerShare) == [0, 0.1667, 0.3333, 0.5, 0.6667, 0.8333, 1])
        // 80 % of 900 = 720: the top 2 make 800 ≥ 720, the top 1 only 500 → 2 / 6
        #expect(curve.customerShareFor80PercentOfProfit == 0.3333)
        #expect(curve.peakProfitShare == 1.1111)
        // one customer of six loses 1.00
        #expect(curve.lossMakingCustomers == 1)
        #expect(curve.lossMakingCustomerShare == 0.1667)
        #expect(curve.profitDestroyed == Money(cents: 100))
    }

    @Test("no positive total: shares of profit are null, customer shares and the loss-making tail are still there")
    func noProfit() {
        let curve = ParetoCurve(profits: [-5], customers: 2)
        #expect(curve.totalProfit == Money(cents: -5))
        #expect(curve.customerShareFor80PercentOfProfit == nil && curve.peakProfitShare == nil)
        #expect(curve.points.allSatisfy { $0.profitShare == nil })
        #expect(curve.points.map(\.customerShare) == [0, 0.5, 1])
        #expect(curve.lossMakingCustomers == 1 && curve.lossMakingCustomerShare == 0.5 && curve.profitDestroyed == Money(cents: 5))
        #expect(ParetoCurve(profits: [], customers: 0).points.map(\.customers) == [0])
    }

    @Test("1,000 customers sampled to about 200 points: monotonic, from (0, 0) to (1, 1), the 80 % point exact")
    func downsampled() throws {
        // given: profits 1…1000 cents and 50 customers losing 3 each
        let profits = (1...1_000).map(Int64.init) + Array(repeating: Int64(-3), count: 50)
        // when
        let curve = ParetoCurve(profits: profits.shuffled(), customers: 1_050, maxPoints: 200)
        // then: at most 200 evenly spaced points + the ends + the 80 % point and the peak
        #expect(curve.points.count <= 203 && curve.points.count >= 200)
        #expect(curve.points.first?.customers == 0 && curve.points.first?.profitShare == 0)
        #expect(curve.points.last?.customers == 1_050 && curve.points.last?.customerShare == 1 && curve.points.last?.profitShare == 1)
        #expect(zip(curve.points, curve.points.dropFirst()).allSatisfy { $0.customers < $1.customers })
        // rising up to the peak (the last profitable customer), falling through the loss-making tail
        let peak = try #require(curve.points.firstIndex { $0.customers == 1_000 })
        #expect(zip(curve.points[..<peak], curve.points[1...peak]).allSatisfy { $0.cumulativeProfit <= $1.cumulativeProfit })
        #expect(zip(curve.points[peak...], curve.points[(peak + 1)...]).allSatisfy { $0.cumulativeProfit >= $1.cumulativeProfit })
        // the 80 % point by direct count: total = 500,500 − 150 = 500,350
        let total: Int64 = 500_500 - 150
        var cumulative: Int64 = 0, k = 0
        for profit in (1...1_000).reversed() where 5 * cumulative < 4 * total {
            cumulative += Int64(profit)
            k += 1
        }
        #expect(curve.customerShareFor80PercentOfProfit == (Double(k) / 1_050 * 10_000).rounded() / 10_000)
        #expect(curve.points.contains { $0.customers == k })
        #expect(curve.profitDestroyed == Money(cents: 150))
        #expect(curve.lossMakingCustomerShare == 0.0476)
    }
}
