/// Text labels: every mark gets one, long ones are cut with an ellipsis and keep the full text
/// in a `<title>` child (a tooltip, and what a screen reader reads).
enum ChartText {
    /// `text` cut to `maxCharacters` characters, the last one an ellipsis, when longer.
    static func truncated(_ text: String, maxCharacters: Int) -> String {
        let limit = max(1, maxCharacters)
        guard text.count > limit else { return text }
        return String(text.prefix(limit - 1)) + "…"
    }

    /// A `<text>` at (`x`, `y`) with `anchor` (`start`, `middle`, `end`).
    static func label(
        _ text: String, x: Double, y: Double, anchor: String = "start", maxCharacters: Int = 60,
        attributes: KeyValuePairs<String, String> = [:]
    ) -> SVGElement {
        let shown = truncated(text, maxCharacters: maxCharacters)
        var element = SVGElement("text", ["x": x.svg, "y": y.svg])
        if anchor != "start" { element = element.with("text-anchor", anchor) }
        for (name, value) in attributes { element = element.with(name, value) }
        if shown != text {
            element.children.append(.element(SVGElement("title", text: text)))
        }
        element.children.append(.text(shown))
        return element
    }

    /// A label drawn over marks with a white halo, so it stays readable on lines and bands.
    static func haloLabel(
        _ text: String, x: Double, y: Double, anchor: String = "middle", maxCharacters: Int = 60,
        fontSize: Double = 11
    ) -> SVGElement {
        label(text, x: x, y: y, anchor: anchor, maxCharacters: maxCharacters, attributes: [
            "font-size": fontSize.svg, "stroke": "#ffffff", "stroke-width": "3", "stroke-linejoin": "round",
            "paint-order": "stroke",
        ])
    }

    /// A `<title>` child: the full description of a mark, shown on hover and read aloud.
    static func tooltip(_ text: String) -> SVGNode {
        .element(SVGElement("title", text: text))
    }
}
