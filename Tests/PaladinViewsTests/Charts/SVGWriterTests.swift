import Testing

@testable import PaladinViews

@Suite("Chart SVG writer")
struct ChartSVGWriterTests {
    @Test func escapesTheFiveSpecialCharacters() {
        #expect(SVGElement.escape(#"<a href="x">Tom & 'Jerry'</a>"#)
            == "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;")
    }

    @Test func removesControlCharactersAndTurnsLineBreaksIntoSpaces() {
        #expect(SVGElement.escape("a\u{0}b\u{1B}c\u{7F}d\u{85}e\u{FFFF}") == "abcde")
        #expect(SVGElement.escape("two\nlines\tand\r\nmore") == "two lines and  more")
        #expect(SVGElement.escape("Grüße, 日本, 👍🏽") == "Grüße, 日本, 👍🏽")
    }

    @Test func attributeValuesAndTextAreEscapedWhenWritten() {
        // given an element whose attribute and text carry markup
        let element = SVGElement("text", ["data-name": "\"><script>alert(1)</script>"], text: "<b>&</b>")
        // when it is written
        let xml = element.xml()
        // then nothing of it is markup any more
        #expect(xml == "<text data-name=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">&lt;b&gt;&amp;&lt;/b&gt;</text>\n")
    }

    @Test func theWellFormednessCheckRejectsUnescapedMarkup() {
        // The check every chart test relies on does fail on broken XML.
        withKnownIssue {
            _ = ParsedSVG.parse("<svg><text>Tom & Jerry</text></svg>")
        }
    }

    @Test func numbersHaveFixedDecimalsAndNoLocale() {
        #expect(SVGNumber.fixed(1234567.891, decimals: 2, grouping: ",") == "1,234,567.89")
        #expect(SVGNumber.fixed(-0.004, decimals: 2) == "0.00")
        #expect(SVGNumber.fixed(-12.5, decimals: 0) == "-13")
        #expect(SVGNumber.fixed(.nan, decimals: 1) == "0")
        #expect(SVGNumber.coordinate(12.0) == "12")
        #expect(SVGNumber.coordinate(12.50) == "12.5")
        #expect(SVGNumber.coordinate(-0.001) == "0")
        #expect(SVGNumber.coordinate(1e300) == "90000000000000")
    }

    @Test func valueFormatsPutTheSignBeforeThePrefix() {
        #expect(ChartValueFormat(prefix: "€").string(-2100) == "-€2,100")
        #expect(ChartValueFormat.percent().string(42) == "42.0 %")
        #expect(ChartValueFormat.decimal(1).string(-0.01) == "0.0")
    }

    @Test func longLabelsAreCutWithAnEllipsisAndKeepTheirFullTextInATitle() throws {
        // given a label longer than its room
        let long = "Negotiation & contract review with the legal department"
        // when it is drawn in 20 characters
        let label = ChartText.label(long, x: 0, y: 0, maxCharacters: 20)
        // then it shows 19 characters and an ellipsis, with the full text in a <title> child
        let parsed = try #require(ParsedSVG.parse(label.xml()))
        #expect(parsed.root.ownText == "Negotiation & contr…")
        #expect(parsed.elements("title").map(\.text) == [long])
    }

    @Test func idPrefixesAreReducedToSafeIds() {
        #expect(ChartIDs(prefix: "funnel-1").prefix == "funnel-1")
        #expect(ChartIDs(prefix: "1 \"x\"").prefix == "chart1x")
        #expect(ChartIDs(prefix: "").prefix == "chart")
    }

    @Test func niceScalesCoverTheValuesAndZero() {
        let scale = ChartScale(covering: [-3, 47])
        #expect(scale.lower <= -3 && scale.upper >= 47)
        #expect(scale.ticks.contains(0))
        #expect(ChartScale(covering: [0, 0], integers: true).ticks == [0, 1])
        #expect(ChartScale(covering: [0, 1.2]).tickDecimals == 2)
    }
}
