import Testing

@testable import PaladinViews

/// Every mark carries its meaning as text, so colour never carries it alone.
@Suite("Chart labels")
struct ChartLabelTests {
    @Test func theFunnelWritesEachCountAndTheConversionFromThePreviousStage() throws {
        let svg = try #require(ParsedSVG.parse(ChartSamples.funnel.svgDocument))
        let texts = svg.texts
        for expected in ["Lead", "Qualified", "Won", "1,000", "400", "150", "60", "24", "first stage",
            "40.0 % of previous", "37.5 % of previous"]
        {
            #expect(texts.contains(expected), "missing \(expected)")
        }
    }

    @Test func aFunnelStageAfterAStageOfZeroHasNoConversion() throws {
        let chart = FunnelChart(title: "f", stages: [.init(name: "A", count: 0), .init(name: "B", count: 0)])
        let svg = try #require(ParsedSVG.parse(chart.svgDocument))
        #expect(svg.texts.contains("n/a: previous stage is 0"))
        #expect(svg.elements("rect").filter { $0.attributes["class"] == "stage" }.count == 2)
    }

    @Test func everyBarHasItsValueAndCategoryAsText() throws {
        let svg = try #require(ParsedSVG.parse(ChartSamples.barVertical.svgDocument))
        for expected in ["Lead", "120", "Qualified", "80", "Won", "12", "Customers"] {
            #expect(svg.texts.contains(expected), "missing \(expected)")
        }
        // and each bar says what it is on hover
        let bars = svg.elements("rect").filter { $0.attributes["class"] == "bar" }
        #expect(bars.count == 6)
        #expect(bars.first?.children.first?.text == "Lead: 120")
    }

    @Test func seriesHaveALegendAndAPatternAsWellAsAColour() throws {
        let svg = try #require(ParsedSVG.parse(ChartSamples.barHorizontalGrouped.svgDocument))
        for name in ["Enterprise", "Mid-market", "Small business"] { #expect(svg.texts.contains(name)) }
        let fills = Set(svg.elements("rect").filter { $0.attributes["class"] == "bar" }.compactMap { $0.attributes["fill"] })
        #expect(fills == ["#0072B2", "url(#chart-pattern-1)", "url(#chart-pattern-2)"])
        #expect(svg.elements("pattern").count == 2)
    }

    @Test func stackedBarsWriteTheirTotals() throws {
        let svg = try #require(ParsedSVG.parse(ChartSamples.barStackedWithNegatives.svgDocument))
        for expected in ["€6,400", "-€2,100", "€8,100", "-€3,200"] { #expect(svg.texts.contains(expected)) }
    }

    @Test func theSankeyLabelsNodesAndLinksAndDrawsBackwardLinksDashed() throws {
        let svg = try #require(ParsedSVG.parse(ChartSamples.sankey.svgDocument))
        for expected in ["Awareness", "Renewal", "400", "180", "60", "25", "12", "430"] {
            #expect(svg.texts.contains(expected), "missing \(expected)")
        }
        let links = svg.elements("path").filter { $0.attributes["class"]?.hasPrefix("link") == true }
        let backward = links.filter { $0.attributes["class"] == "link backward" }
        #expect(links.count == 9)
        #expect(backward.count == 3)
        #expect(backward.allSatisfy { $0.attributes["stroke-dasharray"] != nil && $0.attributes["marker-end"] != nil })
        #expect(links.filter { $0.attributes["class"] == "link forward" }.allSatisfy { $0.attributes["stroke-dasharray"] == nil })
        let tooltips = backward.compactMap { $0.children.first?.text }
        #expect(tooltips.contains("Back from Renewal to Consideration: 12"))
    }

    @Test func sankeyLinksToUnknownNodesOrThemselvesAreLeftOut() {
        let chart = SankeyChart(title: "f", stages: ["A", "B"], links: [
            .init(from: "A", to: "B", count: 2), .init(from: "A", to: "A", count: 1),
            .init(from: "A", to: "Z", count: 1), .init(from: "B", to: "A", count: 0),
        ])
        #expect(chart.links.count == 1)
    }

    @Test func lineSeriesDifferByDashAndMarkerShapeAndAreNamedInALegend() throws {
        let svg = try #require(ParsedSVG.parse(ChartSamples.line.svgDocument))
        for name in ["All customers", "Enterprise", "First 100 days", "2026-01", "2026-06", "NPS", "-5", "35"] {
            #expect(svg.texts.contains(name), "missing \(name)")
        }
        let lines = svg.elements("path").filter { $0.attributes["class"] == "series" }
        #expect(lines.count == 3)
        #expect(Set(lines.map { $0.attributes["stroke-dasharray"] ?? "solid" }).count == 3)
        // a missing value breaks the line in two
        #expect(lines[1].attributes["d"]?.filter { $0 == "M" }.count == 2)
        // the markers of a series share one shape, other series' differ
        let markers = ChartSamples.line.series.indices.map { ChartMarker.marker($0, x: 0, y: 0).attributes[0].value }
        #expect(Set(markers).count == 3)
    }

    @Test func aLineChartOfOnePointDrawsAndLabelsIt() throws {
        let chart = LineChart(title: "One", xLabels: ["Jun"], series: [.init(name: "NPS", values: [-42])])
        let svg = try #require(ParsedSVG.parse(chart.svgDocument))
        #expect(svg.texts.contains("-42") && svg.texts.contains("Jun") && svg.texts.contains("NPS"))
    }

    @Test func theParetoChartNamesItsReferenceLinesAndThe80PercentPoint() throws {
        let svg = try #require(ParsedSVG.parse(ChartSamples.pareto.svgDocument))
        for expected in ["Equal shares", "80 % of profit", "Equal shares (diagonal)", "Cumulative profit", "100.0 %"] {
            #expect(svg.texts.contains(expected), "missing \(expected)")
        }
        #expect(svg.texts.contains { $0.hasSuffix("% of customers earn 80 % of profit") })
        #expect(svg.texts.contains { $0.hasPrefix("Peak ") })
    }
}
