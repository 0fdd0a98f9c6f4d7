/// Point markers, one shape per series, so series differ by shape as well as colour.
enum ChartMarker {
    static let shapes = ["circle", "square", "triangle", "diamond", "triangle-down", "plus", "cross", "star"]

    static func shapeName(_ index: Int) -> String { shapes[index % shapes.count] }

    /// The marker of series `index` centred on (`x`, `y`), about `size` pixels across.
    static func marker(_ index: Int, x: Double, y: Double, size: Double = 9, tooltip: String? = nil) -> SVGElement {
        let r = size / 2
        let colour = ChartStyle.colour(index)
        let d: String
        var stroked = false
        switch index % shapes.count {
        case 1: d = "M\((x - r * 0.85).svg),\((y - r * 0.85).svg)h\((r * 1.7).svg)v\((r * 1.7).svg)h\((-r * 1.7).svg)Z"
        case 2: d = "M\(x.svg),\((y - r * 1.1).svg)L\((x + r).svg),\((y + r * 0.8).svg)L\((x - r).svg),\((y + r * 0.8).svg)Z"
        case 3: d = "M\(x.svg),\((y - r * 1.15).svg)L\((x + r).svg),\(y.svg)L\(x.svg),\((y + r * 1.15).svg)L\((x - r).svg),\(y.svg)Z"
        case 4: d = "M\(x.svg),\((y + r * 1.1).svg)L\((x + r).svg),\((y - r * 0.8).svg)L\((x - r).svg),\((y - r * 0.8).svg)Z"
        case 5:
            d = "M\((x - r).svg),\(y.svg)H\((x + r).svg)M\(x.svg),\((y - r).svg)V\((y + r).svg)"
            stroked = true
        case 6:
            d = "M\((x - r).svg),\((y - r).svg)L\((x + r).svg),\((y + r).svg)M\((x + r).svg),\((y - r).svg)L\((x - r).svg),\((y + r).svg)"
            stroked = true
        case 7: d = star(x: x, y: y, r: r * 1.2)
        default: d = "M\((x - r).svg),\(y.svg)a\(r.svg),\(r.svg) 0 1,0 \((2 * r).svg),0a\(r.svg),\(r.svg) 0 1,0 \((-2 * r).svg),0Z"
        }
        var element = stroked
            ? SVGElement("path", ["d": d, "fill": "none", "stroke": colour, "stroke-width": "2.5"])
            : SVGElement("path", ["d": d, "fill": colour, "stroke": "#ffffff", "stroke-width": "1"])
        if let tooltip { element.children.append(ChartText.tooltip(tooltip)) }
        return element
    }

    private static func star(x: Double, y: Double, r: Double) -> String {
        // Five points; the sines and cosines of multiples of 36° written out so the path never
        // depends on a platform's libm.
        let outer: [(Double, Double)] = [(0, -1), (0.9511, -0.309), (0.5878, 0.809), (-0.5878, 0.809), (-0.9511, -0.309)]
        let inner: [(Double, Double)] = [(0.2245, -0.309), (0.3633, 0.118), (0, 0.382), (-0.3633, 0.118), (-0.2245, -0.309)]
        var d = ""
        for i in 0..<5 {
            d += (i == 0 ? "M" : "L") + "\((x + outer[i].0 * r).svg),\((y + outer[i].1 * r).svg)"
            d += "L\((x + inner[i].0 * r).svg),\((y + inner[i].1 * r).svg)"
        }
        return d + "Z"
    }
}

/// A legend: one swatch and its name per series, in rows that wrap at the chart's width.
enum ChartLegend {
    enum Swatch {
        /// A filled box in the series' colour and pattern.
        case fill(index: Int)
        /// A line in the series' colour and dash, with its marker.
        case line(index: Int)
        /// A line in `colour` with `dash`, no marker.
        case stroke(colour: String, dash: String, width: Double)
    }

    static let rowHeight: Double = 18

    /// The legend's rows starting at (`x`, `y`), no wider than `width`; returns its height too.
    static func draw(_ entries: [(name: String, swatch: Swatch)], x: Double, y: Double, width: Double, ids: ChartIDs)
        -> (nodes: [SVGNode], height: Double)
    {
        guard !entries.isEmpty else { return ([], 0) }
        var nodes: [SVGNode] = []
        var cursorX = x
        var row = 0
        for entry in entries {
            let name = ChartText.truncated(entry.name, maxCharacters: 40)
            let entryWidth = 30 + ChartStyle.textWidth(name) + 18
            if cursorX > x, cursorX + entryWidth > x + width {
                row += 1
                cursorX = x
            }
            let midY = y + Double(row) * rowHeight + rowHeight / 2
            var group = SVGElement("g", ["class": "legend-entry"])
            switch entry.swatch {
            case .fill(let index):
                group.children.append(.element(SVGElement("rect", [
                    "x": cursorX.svg, "y": (midY - 6).svg, "width": "22", "height": "12",
                    "fill": ChartPattern.fill(index, ids: ids), "stroke": ChartStyle.axis, "stroke-width": "0.75",
                ])))
            case .line(let index):
                group.children.append(.element(line(from: cursorX, to: cursorX + 22, y: midY,
                    colour: ChartStyle.colour(index), dash: ChartStyle.dash(index), width: 2)))
                group.children.append(.element(ChartMarker.marker(index, x: cursorX + 11, y: midY, size: 8)))
            case .stroke(let colour, let dash, let width):
                group.children.append(.element(line(from: cursorX, to: cursorX + 22, y: midY,
                    colour: colour, dash: dash, width: width)))
            }
            group.children.append(.element(ChartText.label(entry.name, x: cursorX + 28, y: midY + 4, maxCharacters: 40)))
            nodes.append(.element(group))
            cursorX += entryWidth
        }
        return (nodes, Double(row + 1) * rowHeight)
    }

    /// The height the legend of `names` takes in `width`, to lay out the plot before drawing it.
    static func height(_ names: [String], width: Double) -> Double {
        guard !names.isEmpty else { return 0 }
        var cursorX = 0.0
        var rows = 1
        for name in names {
            let entryWidth = 30 + ChartStyle.textWidth(ChartText.truncated(name, maxCharacters: 40)) + 18
            if cursorX > 0, cursorX + entryWidth > width {
                rows += 1
                cursorX = 0
            }
            cursorX += entryWidth
        }
        return Double(rows) * rowHeight
    }

    private static func line(from x1: Double, to x2: Double, y: Double, colour: String, dash: String, width: Double)
        -> SVGElement
    {
        var element = SVGElement("line", [
            "x1": x1.svg, "y1": y.svg, "x2": x2.svg, "y2": y.svg, "stroke": colour, "stroke-width": width.svg,
        ])
        if !dash.isEmpty { element = element.with("stroke-dasharray", dash) }
        return element
    }
}
