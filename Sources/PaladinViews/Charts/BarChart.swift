/// Bars for categories, vertical or horizontal, one or more series grouped side by side or
/// stacked; every bar carries its value as text and its category on the axis. Negative values
/// go below (or left of) the zero line.
public struct BarChart: Chart {
    public enum Orientation: Sendable { case vertical, horizontal }
    public enum Layout: Sendable { case grouped, stacked }

    /// One series: a name for the legend and a value per category (missing or non-finite: no bar).
    public struct Series: Sendable {
        public let name: String
        public let values: [Double]

        public init(name: String, values: [Double]) {
            self.name = name
            self.values = values
        }
    }

    public let title: String
    public let categories: [String]
    public let series: [Series]
    public let orientation: Orientation
    public let layout: Layout
    public let format: ChartValueFormat
    /// What the values are ("customers", "days"), written by the value axis.
    public let valueAxisTitle: String?

    public init(
        title: String, categories: [String], series: [Series], orientation: Orientation = .vertical,
        layout: Layout = .grouped, format: ChartValueFormat = .integer, valueAxisTitle: String? = nil
    ) {
        self.title = title
        self.categories = categories
        self.series = series
        self.orientation = orientation
        self.layout = layout
        self.format = format
        self.valueAxisTitle = valueAxisTitle
    }

    /// One series: a bar per category.
    public init(
        title: String, bars: [(category: String, value: Double)], orientation: Orientation = .vertical,
        format: ChartValueFormat = .integer, valueAxisTitle: String? = nil
    ) {
        self.init(
            title: title, categories: bars.map(\.category), series: [Series(name: "", values: bars.map(\.value))],
            orientation: orientation, format: format, valueAxisTitle: valueAxisTitle)
    }

    /// The value of `series` for category `index`, nil when there is none.
    func value(_ series: Series, _ index: Int) -> Double? {
        guard index < series.values.count, series.values[index].isFinite else { return nil }
        return series.values[index]
    }

    var isEmpty: Bool {
        categories.isEmpty || !series.contains { s in categories.indices.contains { value(s, $0) != nil } }
    }

    /// The text a screen reader reads: every category's values.
    var summary: String {
        let named = series.count > 1
        let parts = categories.indices.prefix(50).map { index in
            let values = series.map { s in
                let text = value(s, index).map(format.string) ?? "none"
                return named ? "\(s.name) \(text)" : text
            }
            return "\(categories[index]): \(values.joined(separator: ", "))"
        }
        let more = categories.count > 50 ? "; and \(categories.count - 50) more" : ""
        let kind = orientation == .vertical ? "Bar chart" : "Horizontal bar chart"
        let axis = valueAxisTitle.map { " of \($0)" } ?? ""
        return "\(kind)\(axis), \(categories.count) categories. " + parts.joined(separator: "; ") + more + "."
    }

    /// The extent of each category's bars: per value when grouped, the sums of each sign when stacked.
    var extents: [Double] {
        switch layout {
        case .grouped:
            return series.flatMap { s in categories.indices.compactMap { value(s, $0) } }
        case .stacked:
            return categories.indices.flatMap { index -> [Double] in
                let values = series.compactMap { value($0, index) }
                return [values.filter { $0 > 0 }.reduce(0, +), values.filter { $0 < 0 }.reduce(0, +)]
            }
        }
    }

    public func svgElement(ids: ChartIDs) -> SVGElement {
        let width = 720.0
        if isEmpty {
            return ChartFrame(width: width, height: 240, title: title, summary: "No data.", ids: ids).noData()
        }
        let legendNames = series.count > 1 ? series.map(\.name) : []
        let legendHeight = ChartLegend.height(legendNames, width: width - 24)
        var top = ChartFrame.headingHeight + legendHeight + (legendHeight > 0 ? 8 : 0)
        if valueAxisTitle != nil { top += 18 }
        let scale = ChartScale(covering: extents, integers: format.decimals == 0)
        let layoutBox: BarLayout
        switch orientation {
        case .vertical: layoutBox = BarLayout.vertical(chart: self, scale: scale, width: width, height: 400, top: top)
        case .horizontal: layoutBox = BarLayout.horizontal(chart: self, scale: scale, width: width, top: top)
        }
        let frame = ChartFrame(width: width, height: layoutBox.height, title: title, summary: summary, ids: ids)
        var content: [SVGNode] = []
        if !legendNames.isEmpty {
            let entries = legendNames.enumerated().map { (name: $0.element, swatch: ChartLegend.Swatch.fill(index: $0.offset)) }
            content += ChartLegend.draw(entries, x: 12, y: ChartFrame.headingHeight, width: width - 24, ids: ids).nodes
        }
        if let valueAxisTitle {
            content.append(.element(ChartText.label(valueAxisTitle, x: 12, y: top - 8, maxCharacters: 80, attributes: [
                "fill": ChartStyle.mutedInk,
            ])))
        }
        content += layoutBox.draw(chart: self, scale: scale, ids: ids)
        return frame.svg(definitions: ChartPattern.definitions(seriesCount: series.count, ids: ids), content: content)
    }
}
