/// Where a bar chart's plot sits and how categories and values map to pixels, for both orientations.
struct BarLayout {
    let vertical: Bool
    /// The plot area: x from `left` to `right`, y from `top` to `bottom`.
    let left: Double, right: Double, top: Double, bottom: Double
    let height: Double
    /// The room of one category along the category axis.
    let band: Double

    static func vertical(chart: BarChart, scale: ChartScale, width: Double, height: Double, top: Double) -> BarLayout {
        let tickWidth = scale.ticks.map { ChartStyle.textWidth(chart.format.string($0, decimals: tickDecimals(chart, scale))) }.max() ?? 0
        let left = max(40, 18 + tickWidth)
        let right = width - 16
        let bottom = height - 30
        return BarLayout(vertical: true, left: left, right: right, top: top + 14, bottom: bottom, height: height,
            band: (right - left) / Double(chart.categories.count))
    }

    static func horizontal(chart: BarChart, scale: ChartScale, width: Double, top: Double) -> BarLayout {
        let perSeries = chart.layout == .grouped ? Double(chart.series.count) : 1
        let band = max(30, perSeries * 18 + 12)
        let plotTop = top + 4
        let bottom = plotTop + band * Double(chart.categories.count)
        let longest = chart.categories.map { ChartStyle.textWidth(ChartText.truncated($0, maxCharacters: 28)) }.max() ?? 0
        return BarLayout(vertical: false, left: min(200, max(60, 16 + longest)), right: width - 80, top: plotTop,
            bottom: bottom, height: bottom + 32, band: band)
    }

    // Ticks are round numbers: as many decimals as the step needs, not the values' format.
    static func tickDecimals(_ chart: BarChart, _ scale: ChartScale) -> Int { scale.tickDecimals }

    /// The pixel on the value axis for `value`.
    func valuePosition(_ value: Double, _ scale: ChartScale) -> Double {
        vertical ? scale.position(value, from: bottom, to: top) : scale.position(value, from: left, to: right)
    }

    /// The start of category `index` on the category axis.
    func categoryStart(_ index: Int) -> Double { (vertical ? left : top) + Double(index) * band }

    /// A rectangle `from`–`to` on the value axis, `start`–`start + length` on the category axis.
    func rect(start: Double, length: Double, from: Double, to: Double) -> (x: Double, y: Double, w: Double, h: Double) {
        vertical
            ? (start, min(from, to), length, abs(to - from))
            : (min(from, to), start, abs(to - from), length)
    }

    func draw(chart: BarChart, scale: ChartScale, ids: ChartIDs) -> [SVGNode] {
        var nodes = axis(chart: chart, scale: scale)
        let seriesCount = chart.series.count
        let inner = band * (chart.layout == .grouped && seriesCount > 1 ? 0.8 : 0.64)
        let zero = valuePosition(0, scale)
        for index in chart.categories.indices {
            let bandStart = categoryStart(index) + (band - inner) / 2
            var positiveEnd = 0.0
            var negativeEnd = 0.0
            for (seriesIndex, series) in chart.series.enumerated() {
                guard let value = chart.value(series, index) else { continue }
                let from: Double
                let to: Double
                var start = bandStart
                var length = inner
                switch chart.layout {
                case .grouped:
                    length = inner / Double(seriesCount)
                    start = bandStart + Double(seriesIndex) * length
                    from = 0
                    to = value
                case .stacked:
                    from = value >= 0 ? positiveEnd : negativeEnd
                    to = from + value
                    if value >= 0 { positiveEnd = to } else { negativeEnd = to }
                }
                let box = rect(start: start, length: length, from: valuePosition(from, scale), to: valuePosition(to, scale))
                let name = series.name.isEmpty ? "" : " — \(series.name)"
                var bar = SVGElement("rect", [
                    "class": "bar", "x": box.x.svg, "y": box.y.svg, "width": box.w.svg, "height": box.h.svg,
                    "fill": ChartPattern.fill(seriesIndex, ids: ids), "stroke": ChartStyle.axis, "stroke-width": "0.75",
                ])
                bar.children.append(ChartText.tooltip("\(chart.categories[index])\(name): \(chart.format.string(value))"))
                nodes.append(.element(bar))
                let text = chart.format.string(value)
                if chart.layout == .grouped {
                    nodes.append(.element(endLabel(text, start: start, length: length, end: valuePosition(to, scale),
                        negative: value < 0)))
                } else if (vertical ? box.h : box.w) >= (vertical ? 16 : ChartStyle.textWidth(text, fontSize: 11) + 6),
                    !vertical || box.w >= ChartStyle.textWidth(text, fontSize: 11) + 2
                {
                    // A segment's own value inside it when it fits; every segment has it in its tooltip.
                    nodes.append(.element(ChartText.haloLabel(text, x: box.x + box.w / 2, y: box.y + box.h / 2 + 4)))
                }
            }
            if chart.layout == .stacked {
                let values = chart.series.compactMap { chart.value($0, index) }
                if values.contains(where: { $0 >= 0 }) {
                    nodes.append(.element(endLabel(chart.format.string(positiveEnd), start: bandStart, length: inner,
                        end: valuePosition(positiveEnd, scale), negative: false, bold: true)))
                }
                if values.contains(where: { $0 < 0 }) {
                    nodes.append(.element(endLabel(chart.format.string(negativeEnd), start: bandStart, length: inner,
                        end: valuePosition(negativeEnd, scale), negative: true, bold: true)))
                }
            }
            nodes.append(.element(categoryLabel(chart.categories[index], index: index)))
        }
        nodes.append(.element(zeroLine(zero)))
        return nodes
    }

    /// The value written just beyond the end of a bar.
    private func endLabel(_ text: String, start: Double, length: Double, end: Double, negative: Bool, bold: Bool = false)
        -> SVGElement
    {
        let label = vertical
            ? ChartText.label(text, x: start + length / 2, y: negative ? end + 13 : end - 4, anchor: "middle",
                attributes: ["font-size": "11"])
            : ChartText.label(text, x: negative ? end - 4 : end + 4, y: start + length / 2 + 4,
                anchor: negative ? "end" : "start", attributes: ["font-size": "11"])
        return bold ? label.with("font-weight", "bold") : label
    }

    private func categoryLabel(_ text: String, index: Int) -> SVGElement {
        let middle = categoryStart(index) + band / 2
        return vertical
            ? ChartText.label(text, x: middle, y: bottom + 16, anchor: "middle",
                maxCharacters: ChartStyle.characters(fitting: band - 4))
            : ChartText.label(text, x: left - 8, y: middle + 4, anchor: "end",
                maxCharacters: ChartStyle.characters(fitting: left - 16))
    }

    private func axis(chart: BarChart, scale: ChartScale) -> [SVGNode] {
        let decimals = Self.tickDecimals(chart, scale)
        return scale.ticks.flatMap { tick -> [SVGNode] in
            let p = valuePosition(tick, scale)
            let text = chart.format.string(tick, decimals: decimals)
            return vertical
                ? [
                    .element(SVGElement("line", ["x1": left.svg, "y1": p.svg, "x2": right.svg, "y2": p.svg, "stroke": ChartStyle.grid])),
                    .element(ChartText.label(text, x: left - 6, y: p + 4, anchor: "end", attributes: ["fill": ChartStyle.mutedInk])),
                ]
                : [
                    .element(SVGElement("line", ["x1": p.svg, "y1": top.svg, "x2": p.svg, "y2": bottom.svg, "stroke": ChartStyle.grid])),
                    .element(ChartText.label(text, x: p, y: bottom + 16, anchor: "middle", attributes: ["fill": ChartStyle.mutedInk])),
                ]
        }
    }

    private func zeroLine(_ zero: Double) -> SVGElement {
        vertical
            ? SVGElement("line", ["x1": left.svg, "y1": zero.svg, "x2": right.svg, "y2": zero.svg, "stroke": ChartStyle.axis, "stroke-width": "1.5"])
            : SVGElement("line", ["x1": zero.svg, "y1": top.svg, "x2": zero.svg, "y2": bottom.svg, "stroke": ChartStyle.axis, "stroke-width": "1.5"])
    }
}
