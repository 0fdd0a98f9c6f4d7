/// One or more series over ordered x labels (months, weeks). Series differ by colour, dash and
/// marker shape, and a legend names them; points carry their values as text.
public struct LineChart: Chart {
    /// One series: a name and a value per x label (nil: no value there, the line breaks).
    public struct Series: Sendable {
        public let name: String
        public let values: [Double?]

        public init(name: String, values: [Double?]) {
            self.name = name
            self.values = values
        }
    }

    public let title: String
    public let xLabels: [String]
    public let series: [Series]
    public let format: ChartValueFormat
    public let valueAxisTitle: String?

    public init(
        title: String, xLabels: [String], series: [Series], format: ChartValueFormat = .integer,
        valueAxisTitle: String? = nil
    ) {
        self.title = title
        self.xLabels = xLabels
        self.series = series
        self.format = format
        self.valueAxisTitle = valueAxisTitle
    }

    /// Up to this many points every point's value is written; beyond it only each series' last.
    static let labelEveryPointUpTo = 40

    func value(_ series: Series, _ index: Int) -> Double? {
        guard index < series.values.count, let value = series.values[index], value.isFinite else { return nil }
        return value
    }

    var points: [(series: Int, index: Int, value: Double)] {
        series.enumerated().flatMap { s in
            xLabels.indices.compactMap { i in value(s.element, i).map { (s.offset, i, $0) } }
        }
    }

    var summary: String {
        let parts = series.map { s in
            let values = xLabels.indices.compactMap { i in value(s, i).map { "\(xLabels[i]) \(format.string($0))" } }
            return "\(s.name): " + (values.isEmpty ? "no values" : values.joined(separator: ", "))
        }
        let axis = valueAxisTitle.map { " of \($0)" } ?? ""
        return "Line chart\(axis) over \(xLabels.count) points, \(series.count) series. " + parts.joined(separator: "; ") + "."
    }

    public func svgElement(ids: ChartIDs) -> SVGElement {
        let width = 720.0
        let height = 400.0
        let points = self.points
        guard !xLabels.isEmpty, !points.isEmpty else {
            return ChartFrame(width: width, height: 240, title: title, summary: "No data.", ids: ids).noData()
        }
        let legendHeight = ChartLegend.height(series.map(\.name), width: width - 24)
        var top = ChartFrame.headingHeight + legendHeight + 8
        if valueAxisTitle != nil { top += 18 }
        let scale = ChartScale(covering: points.map(\.value), integers: format.decimals == 0)
        let decimals = scale.tickDecimals
        let tickWidth = scale.ticks.map { ChartStyle.textWidth(format.string($0, decimals: decimals)) }.max() ?? 0
        let left = max(40, 18 + tickWidth)
        let right = width - 44
        let plotTop = top + 14
        let bottom = height - 30
        let step = (right - left) / Double(xLabels.count)
        func x(_ index: Int) -> Double { left + step * (Double(index) + 0.5) }
        func y(_ value: Double) -> Double { scale.position(value, from: bottom, to: plotTop) }

        var content: [SVGNode] = []
        let entries = series.enumerated().map { (name: $0.element.name, swatch: ChartLegend.Swatch.line(index: $0.offset)) }
        content += ChartLegend.draw(entries, x: 12, y: ChartFrame.headingHeight, width: width - 24, ids: ids).nodes
        if let valueAxisTitle {
            content.append(.element(ChartText.label(valueAxisTitle, x: 12, y: top - 8, maxCharacters: 80, attributes: [
                "fill": ChartStyle.mutedInk,
            ])))
        }
        for tick in scale.ticks {
            let p = y(tick)
            content.append(.element(SVGElement("line", [
                "x1": left.svg, "y1": p.svg, "x2": right.svg, "y2": p.svg,
                "stroke": tick == 0 ? ChartStyle.axis : ChartStyle.grid, "stroke-width": tick == 0 ? "1.5" : "1",
            ])))
            content.append(.element(ChartText.label(format.string(tick, decimals: decimals), x: left - 6, y: p + 4,
                anchor: "end", attributes: ["fill": ChartStyle.mutedInk])))
        }
        // Every label when they fit, else every n-th so none overlap.
        let labelWidth = min(10, xLabels.map(\.count).max() ?? 1)
        let every = max(1, Int((ChartStyle.textWidth(String(repeating: "m", count: labelWidth)) + 6) / step) + 1)
        for index in xLabels.indices where index % every == 0 {
            content.append(.element(ChartText.label(xLabels[index], x: x(index), y: bottom + 16, anchor: "middle",
                maxCharacters: ChartStyle.characters(fitting: step * Double(every) - 4))))
        }
        for (seriesIndex, s) in series.enumerated() {
            var d = ""
            var drawing = false
            for index in xLabels.indices {
                guard let value = value(s, index) else {
                    drawing = false
                    continue
                }
                d += (drawing ? "L" : "M") + "\(x(index).svg),\(y(value).svg)"
                drawing = true
            }
            guard !d.isEmpty else { continue }
            var line = SVGElement("path", [
                "class": "series", "d": d, "fill": "none", "stroke": ChartStyle.colour(seriesIndex), "stroke-width": "2",
                "stroke-linejoin": "round",
            ])
            let dash = ChartStyle.dash(seriesIndex)
            if !dash.isEmpty { line = line.with("stroke-dasharray", dash) }
            content.append(.element(line))
        }
        let labelAll = points.count <= Self.labelEveryPointUpTo
        for point in points {
            let s = series[point.series]
            let text = format.string(point.value)
            content.append(.element(ChartMarker.marker(point.series, x: x(point.index), y: y(point.value),
                tooltip: "\(s.name), \(xLabels[point.index]): \(text)")))
            let isLast = !xLabels.indices.contains { $0 > point.index && value(s, $0) != nil }
            guard labelAll || isLast else { continue }
            guard labelAll else {
                // Only each series' last value: beside its point, clear of the axis labels below.
                content.append(.element(ChartText.haloLabel(text, x: x(point.index) + 8, y: y(point.value) + 4, anchor: "start")))
                continue
            }
            // Above when no other series is higher here, below when it is the lowest, else to the right.
            let others = series.indices.filter { $0 != point.series }.compactMap { value(series[$0], point.index) }
            let highest = others.allSatisfy { $0 < point.value || ($0 == point.value && point.series < 1) }
            let lowest = others.allSatisfy { $0 > point.value }
            let labelY = highest || others.isEmpty ? y(point.value) - 9 : lowest ? y(point.value) + 18 : y(point.value) + 4
            let labelX = highest || lowest || others.isEmpty ? x(point.index) : x(point.index) + 8
            content.append(.element(ChartText.haloLabel(text, x: labelX, y: labelY,
                anchor: highest || lowest || others.isEmpty ? "middle" : "start")))
        }
        let frame = ChartFrame(width: width, height: height, title: title, summary: summary, ids: ids)
        return frame.svg(content: content)
    }
}
