/// The look every chart shares: sizes, type, and a palette safe for colour-blind readers,
/// with a second encoding (fill pattern, dash, marker shape) per series so colour never carries
/// meaning alone.
enum ChartStyle {
    static let fontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
    static let fontSize: Double = 12
    static let titleFontSize: Double = 15
    static let ink = "#222222"
    static let mutedInk = "#555555"
    static let grid = "#dddddd"
    static let axis = "#444444"
    static let background = "#ffffff"
    /// An average glyph's width as a share of the font size, to fit and truncate labels without a font.
    static let glyphWidth = 0.6

    /// Okabe & Ito's palette (2008), readable with every common colour-vision deficiency;
    /// yellow comes late because it is faint on white.
    static let palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442", "#000000"]

    static func colour(_ index: Int) -> String { palette[index % palette.count] }

    /// Dashes per series: solid, dashed, dotted, dash-dot, long dash, …
    static let dashes = ["", "7 4", "2 3", "9 3 2 3", "14 4", "4 2 1 2 1 2", "1 5", "10 2"]

    static func dash(_ index: Int) -> String { dashes[index % dashes.count] }

    /// The width of `text` in pixels at `fontSize`, estimated.
    static func textWidth(_ text: String, fontSize: Double = ChartStyle.fontSize) -> Double {
        Double(text.count) * fontSize * glyphWidth
    }

    /// How many characters fit in `width` pixels at `fontSize`.
    static func characters(fitting width: Double, fontSize: Double = ChartStyle.fontSize) -> Int {
        max(1, Int(width / (fontSize * glyphWidth)))
    }
}

/// The second encoding of a filled series: a pattern of white strokes over the series colour.
enum ChartPattern {
    static let count = 8

    /// The fill of series `index`: its flat colour for the first series, a pattern after that.
    static func fill(_ index: Int, ids: ChartIDs) -> String {
        index % count == 0 ? ChartStyle.colour(index) : "url(#\(ids.pattern(index)))"
    }

    /// The `<pattern>` definitions for series `0..<seriesCount`.
    static func definitions(seriesCount: Int, ids: ChartIDs) -> [SVGNode] {
        (0..<seriesCount).compactMap { index in
            let strokes = self.strokes(index % count)
            guard !strokes.isEmpty else { return nil }
            return .element(SVGElement("pattern", [
                "id": ids.pattern(index), "patternUnits": "userSpaceOnUse", "width": "8", "height": "8",
            ], children: [
                .element(SVGElement("rect", ["width": "8", "height": "8", "fill": ChartStyle.colour(index)])),
                .element(index % count == 2
                    ? SVGElement("path", ["d": strokes, "fill": "#ffffff"])
                    : SVGElement("path", ["d": strokes, "stroke": "#ffffff", "stroke-width": "1.6", "fill": "none"])),
            ]))
        }
    }

    private static func strokes(_ kind: Int) -> String {
        switch kind {
        case 1: "M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6"  // diagonal ///
        case 2: "M0.6,2 a1.4,1.4 0 1,0 2.8,0 a1.4,1.4 0 1,0 -2.8,0 M4.6,6 a1.4,1.4 0 1,0 2.8,0 a1.4,1.4 0 1,0 -2.8,0"  // dots
        case 3: "M0,2 H8 M0,6 H8"  // horizontal lines
        case 4: "M0,0 L8,8 M8,0 L0,8"  // cross-hatch
        case 5: "M2,0 V8 M6,0 V8"  // vertical lines
        case 6: "M-2,6 L2,10 M0,0 L8,8 M6,-2 L10,2"  // diagonal \\\
        case 7: "M0,4 H8 M4,0 V8"  // grid
        default: ""
        }
    }
}

/// Ids of one drawing's definitions, prefixed so several charts can be inlined in one page.
public struct ChartIDs: Sendable {
    public let prefix: String

    /// `prefix` reduced to letters, digits, `-` and `_`, starting with a letter.
    public init(prefix: String) {
        let kept = String(prefix.unicodeScalars.filter {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }.map(Character.init))
        let start = kept.first.map { $0.isLetter } ?? false
        self.prefix = start ? kept : "chart" + kept
    }

    var title: String { prefix + "-title" }
    var desc: String { prefix + "-desc" }
    var arrow: String { prefix + "-arrow" }
    func pattern(_ index: Int) -> String { prefix + "-pattern-\(index % ChartPattern.count)" }
}
