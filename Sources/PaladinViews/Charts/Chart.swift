/// A chart drawn on the server as SVG: the same drawing for the browser and `--format svg`.
///
/// Every chart is a complete `<svg>` with `role="img"`, a `<title>` and a `<desc>` (its accessible
/// name and a text summary of its numbers), a text label on every mark, and the same bytes for the
/// same input.
public protocol Chart: Sendable {
    /// The heading drawn above the chart and its accessible name.
    var title: String { get }
    /// The drawing as one `<svg>` element; its definitions' ids start with `ids.prefix`.
    func svgElement(ids: ChartIDs) -> SVGElement
}

extension Chart {
    /// A standalone SVG document (`<?xml …?>` prolog, then the `<svg>`), for files and `--format svg`.
    public var svgDocument: String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svgElement(ids: ChartIDs(prefix: "chart")).xml()
    }

    /// The same drawing without the XML prolog, to inline in an HTML page; give each chart on a
    /// page its own `idPrefix` so their patterns and titles do not clash.
    public func inlineSVG(idPrefix: String = "chart") -> String {
        svgElement(ids: ChartIDs(prefix: idPrefix)).xml()
    }
}

/// The frame every chart is drawn in: the `<svg>` root, accessible name, background and heading.
struct ChartFrame {
    let width: Double
    let height: Double
    let title: String
    let summary: String
    let ids: ChartIDs

    /// Where marks go: below the heading.
    static let headingHeight: Double = 34

    func svg(definitions: [SVGNode] = [], content: [SVGNode]) -> SVGElement {
        var children: [SVGNode] = [
            .element(SVGElement("title", ["id": ids.title], text: title)),
            .element(SVGElement("desc", ["id": ids.desc], text: summary)),
        ]
        if !definitions.isEmpty { children.append(.element(SVGElement("defs", children: definitions))) }
        children.append(.element(SVGElement("rect", [
            "width": width.svg, "height": height.svg, "fill": ChartStyle.background,
        ])))
        let maxCharacters = ChartStyle.characters(fitting: width - 24, fontSize: ChartStyle.titleFontSize)
        children.append(.element(ChartText.label(title, x: 12, y: 22, maxCharacters: maxCharacters, attributes: [
            "font-size": ChartStyle.titleFontSize.svg, "font-weight": "bold",
        ])))
        children += content
        return SVGElement("svg", [
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": "0 0 \(width.svg) \(height.svg)",
            "width": width.svg,
            "height": height.svg,
            "role": "img",
            "aria-labelledby": "\(ids.title) \(ids.desc)",
            "font-family": ChartStyle.fontFamily,
            "font-size": ChartStyle.fontSize.svg,
            "fill": ChartStyle.ink,
        ], children: children)
    }

    /// The chart when there is nothing to draw: the heading and "No data" (or `message`).
    func noData(_ message: String = "No data") -> SVGElement {
        svg(content: [
            .element(SVGElement("rect", [
                "x": "12", "y": Self.headingHeight.svg, "width": (width - 24).svg,
                "height": (height - Self.headingHeight - 12).svg,
                "fill": "#f6f6f6", "stroke": ChartStyle.grid,
            ])),
            .element(ChartText.label(message, x: width / 2, y: (height + Self.headingHeight) / 2, anchor: "middle",
                maxCharacters: ChartStyle.characters(fitting: width - 48, fontSize: 14),
                attributes: ["font-size": "14", "fill": ChartStyle.mutedInk])),
        ])
    }
}
