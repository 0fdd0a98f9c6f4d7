import Testing

@testable import PaladinViews

/// What every chart must be: well-formed, accessible, deterministic, and honest when empty.
@Suite("Chart documents")
struct ChartDocumentTests {
    static let names = ChartSamples.all.map(\.name)

    static func sample(_ name: String) throws -> any Chart {
        try #require(ChartSamples.all.first { $0.name == name }).chart
    }

    @Test(arguments: names)
    func everyChartIsWellFormedXMLWithAnAccessibleName(_ name: String) throws {
        // given a sample chart
        let chart = try Self.sample(name)
        // when it is written as a standalone document
        let document = chart.svgDocument
        // then it parses, and its root is an accessible image with a title and a description
        #expect(document.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "))
        let svg = try #require(ParsedSVG.parse(document))
        #expect(svg.root.name == "svg")
        #expect(svg.root.attributes["xmlns"] == "http://www.w3.org/2000/svg")
        #expect(svg.root.attributes["role"] == "img")
        #expect(svg.root.attributes["viewBox"]?.hasPrefix("0 0 ") == true)
        let title = try #require(svg.root.children.first)
        #expect(title.name == "title" && title.text == chart.title)
        #expect(svg.root.children.dropFirst().first?.name == "desc")
        #expect(svg.root.children.dropFirst().first?.text.isEmpty == false)
        #expect(svg.root.attributes["aria-labelledby"] == "chart-title chart-desc")
    }

    @Test(arguments: names)
    func theSameInputGivesTheSameBytes(_ name: String) throws {
        let chart = try Self.sample(name)
        #expect(chart.svgDocument == chart.svgDocument)
        #expect(chart.inlineSVG(idPrefix: "a") == chart.inlineSVG(idPrefix: "a"))
    }

    @Test func theInlineFormIsTheSameDrawingWithoutTheProlog() throws {
        // given a chart that uses pattern definitions
        let chart = ChartSamples.barStackedWithNegatives
        // when it is inlined under its own prefix
        let inline = chart.inlineSVG(idPrefix: "profit")
        // then it starts at <svg>, parses, and names its definitions with the prefix
        #expect(inline.hasPrefix("<svg "))
        #expect(!inline.contains("<?xml"))
        _ = try #require(ParsedSVG.parse(inline))
        #expect(inline.contains("id=\"profit-pattern-1\"") && inline.contains("url(#profit-pattern-1)"))
        #expect(chart.svgDocument.contains("url(#chart-pattern-1)"))
        #expect(inline == chart.svgDocument.replacingOccurrences(of: "chart-", with: "profit-")
            .replacingOccurrences(of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", with: ""))
    }

    @Test func emptyChartsSayNoData() throws {
        let empty: [any Chart] = [
            BarChart(title: "Bars", categories: [], series: []),
            BarChart(title: "Bars", categories: ["A"], series: [.init(name: "s", values: [.nan])]),
            FunnelChart(title: "Funnel", stages: []),
            SankeyChart(title: "Flow", stages: ["A", "B"], links: []),
            LineChart(title: "Lines", xLabels: ["Jan"], series: [.init(name: "s", values: [nil])]),
            ParetoChart(title: "Pareto", profits: []),
            ParetoChart(title: "Pareto", points: []),
        ]
        for chart in empty {
            let svg = try #require(ParsedSVG.parse(chart.svgDocument))
            #expect(svg.texts == [chart.title, "No data"], "\(type(of: chart))")
        }
    }

    @Test func aParetoChartOfZeroOrNegativeTotalSaysWhyItHasNoCurve() throws {
        let svg = try #require(ParsedSVG.parse(ParetoChart(title: "Profit", profits: [5, -5, 0]).svgDocument))
        #expect(svg.texts.contains("Total profit is zero or less: there are no shares to draw"))
        #expect(svg.elements("path").isEmpty)
    }

    @Test func hostileLabelsAreTextNeverMarkup() throws {
        // given labels a user could type into a stage, series or customer name
        let hostile = "<script>alert('x')</script> & \"quoted\" \u{7}"
        let charts: [any Chart] = [
            BarChart(title: hostile, bars: [(hostile, 3)]),
            BarChart(title: "t", categories: ["a"], series: [.init(name: hostile, values: [1]), .init(name: "b", values: [2])]),
            FunnelChart(title: "t", stages: [.init(name: hostile, count: 3)]),
            SankeyChart(title: "t", stages: [hostile, "B"], links: [.init(from: hostile, to: "B", count: 2)]),
            LineChart(title: "t", xLabels: [hostile], series: [.init(name: hostile, values: [1])]),
            ParetoChart(title: hostile, profits: [3, 2, 1]),
        ]
        for chart in charts {
            // when drawn
            let document = chart.svgDocument
            // then no script element exists, the text reads back exactly (control character removed)
            #expect(!document.contains("<script"))
            #expect(document.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot; "))
            let svg = try #require(ParsedSVG.parse(document))
            #expect(svg.elements("script").isEmpty)
            let shown = svg.root.all.map(\.text) + svg.texts
            #expect(shown.contains { $0.contains("<script>alert('x')</script> & \"quoted\" ") }, "\(type(of: chart))")
        }
    }
}
