import Testing

@testable import PaladinViews

/// The marks measure what they say.
@Suite("Chart geometry")
struct ChartGeometryTests {
    static func bars(_ chart: BarChart) throws -> [ParsedSVG.Element] {
        try #require(ParsedSVG.parse(chart.svgDocument)).elements("rect").filter { $0.attributes["class"] == "bar" }
    }

    @Test func horizontalBarWidthsAreProportionalToTheirValues() throws {
        // given bars of 10, 20 and 40
        let chart = BarChart(title: "b", bars: [("a", 10), ("b", 20), ("c", 40)], orientation: .horizontal)
        // then the widths go 1 : 2 : 4 and all start at the same x (the zero line)
        let bars = try Self.bars(chart)
        let widths = bars.compactMap { $0.number("width") }
        #expect(widths.count == 3)
        #expect(abs(widths[1] / widths[0] - 2) < 0.01 && abs(widths[2] / widths[0] - 4) < 0.01)
        #expect(Set(bars.compactMap { $0.attributes["x"] }).count == 1)
    }

    @Test func negativeBarsHangBelowTheZeroLine() throws {
        let bars = try Self.bars(BarChart(title: "b", bars: [("up", 30), ("down", -15)]))
        let up = try #require(bars.first)
        let down = try #require(bars.last)
        let zero = try #require(up.number("y")).advanced(by: try #require(up.number("height")))
        #expect(abs(try #require(down.number("y")) - zero) < 0.01)
        #expect(abs(try #require(down.number("height")) * 2 - (try #require(up.number("height")))) < 0.01)
    }

    @Test func stackedSegmentsFollowEachOther() throws {
        let chart = BarChart(title: "s", categories: ["a"], series: [
            .init(name: "x", values: [10]), .init(name: "y", values: [30]),
        ], layout: .stacked)
        let bars = try Self.bars(chart)
        let first = try #require(bars.first)
        let second = try #require(bars.last)
        #expect(abs(try #require(second.number("y")) + (try #require(second.number("height"))) - (try #require(first.number("y")))) < 0.01)
        #expect(abs(try #require(second.number("height")) / (try #require(first.number("height"))) - 3) < 0.01)
    }

    @Test func funnelWidthsAreProportionalToCounts() throws {
        let svg = try #require(ParsedSVG.parse(ChartSamples.funnel.svgDocument))
        let widths = svg.elements("rect").filter { $0.attributes["class"] == "stage" }.compactMap { $0.number("width") }
        #expect(widths.count == 5)
        #expect(abs(widths[1] / widths[0] - 0.4) < 0.001)
        #expect(zip(widths, widths.dropFirst()).allSatisfy { $0 >= $1 })
    }

    @Test func theParetoCurveRisesLeftToRightWithinThePlot() throws {
        // given customers who all make a profit
        let chart = ParetoChart(title: "p", profits: (1...1000).map { Double($0 % 97 + 1) }, maxPoints: 100)
        let svg = try #require(ParsedSVG.parse(chart.svgDocument))
        let curve = try #require(svg.elements("path").first { $0.attributes["class"] == "curve" })
        let points = Self.points(try #require(curve.attributes["d"]))
        // then the curve has at most 100 + 2 points, x and y (upwards) never go back
        #expect(points.count > 10 && points.count <= 102)
        #expect(zip(points, points.dropFirst()).allSatisfy { $0.x < $1.x && $0.y >= $1.y })
        // and it stays within the drawing, from the origin to the top right of the diagonal
        let diagonal = try #require(svg.elements("line").first { $0.attributes["class"] == "diagonal" })
        let origin = (x: try #require(diagonal.number("x1")), y: try #require(diagonal.number("y1")))
        let corner = (x: try #require(diagonal.number("x2")), y: try #require(diagonal.number("y2")))
        #expect(points.first.map { $0.x == origin.x && $0.y == origin.y } == true)
        #expect(points.last.map { $0.x == corner.x && $0.y == corner.y } == true)
        #expect(points.allSatisfy { $0.x >= origin.x && $0.x <= corner.x && $0.y <= origin.y && $0.y >= corner.y })
        // and the curve lies above the diagonal (a concave curve of sorted profits)
        #expect(points.allSatisfy { p in p.y <= origin.y - (p.x - origin.x) * (origin.y - corner.y) / (corner.x - origin.x) + 0.01 })
    }

    @Test func theParetoCurveOfSortedProfitsIsExactAtItsSamples() throws {
        let curve = try #require(ParetoChart.curve(profits: [1, 6, 3], maxPoints: 10))
        #expect(curve.first == .init(customerShare: 0, profitShare: 0))
        #expect(curve.contains(.init(customerShare: 1.0 / 3, profitShare: 0.6)))
        #expect(curve.last == .init(customerShare: 1, profitShare: 1))
        #expect(ParetoChart.curve(profits: [2, -2]) == nil)
    }

    @Test func theParetoChartFindsThe80PercentPointAndThePeakOfAWhaleCurve() throws {
        // given 1 customer making 8, 4 making 0.5 each, and 5 losing 0.2 each: total 9
        let chart = ParetoChart(title: "p", profits: [8] + Array(repeating: 0.5, count: 4) + Array(repeating: -0.2, count: 5))
        // then 80 % of profit (7.2) is reached within the first customer: 7.2 / 8 × 10 % = 9 %
        #expect(abs((chart.customerShare(reaching: 0.8) ?? 0) - 0.09) < 1e-9)
        // and the peak is 10/9 of profit at half the customers
        let peak = try #require(chart.peak)
        #expect(peak.customerShare == 0.5 && abs(peak.profitShare - 10.0 / 9) < 1e-9)
    }

    static func points(_ d: String) -> [(x: Double, y: Double)] {
        d.split(whereSeparator: { $0 == "M" || $0 == "L" }).compactMap { pair in
            let parts = pair.split(separator: ",").compactMap { Double($0) }
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        }
    }
}
