/// A funnel: stages in order, each a centred bar as wide as its count, with the count and the
/// conversion from the stage before written beside it.
public struct FunnelChart: Chart {
    /// One stage and how many reached it.
    public struct Stage: Sendable {
        public let name: String
        public let count: Int

        public init(name: String, count: Int) {
            self.name = name
            self.count = count
        }
    }

    public let title: String
    public let stages: [Stage]

    public init(title: String, stages: [Stage]) {
        self.title = title
        self.stages = stages
    }

    static let rowHeight: Double = 46
    static let barHeight: Double = 30

    /// The share of stage `index` from the stage before, nil for the first stage or after a stage of 0.
    func conversion(_ index: Int) -> Double? {
        guard index > 0, stages[index - 1].count > 0 else { return nil }
        return Double(stages[index].count) / Double(stages[index - 1].count)
    }

    /// The text beside stage `index`'s count.
    func conversionText(_ index: Int) -> String {
        if index == 0 { return "first stage" }
        guard let share = conversion(index) else { return "n/a: previous stage is 0" }
        return "\(percentText(share)) of previous"
    }

    var summary: String {
        let parts = stages.indices.map { index in
            let count = ChartValueFormat.integer.string(Double(stages[index].count))
            return index == 0 ? "\(stages[index].name) \(count)" : "\(stages[index].name) \(count) (\(conversionText(index)))"
        }
        return "Funnel of \(stages.count) stages: " + parts.joined(separator: "; ") + "."
    }

    public func svgElement(ids: ChartIDs) -> SVGElement {
        let width = 720.0
        guard !stages.isEmpty else {
            return ChartFrame(width: width, height: 240, title: title, summary: "No data.", ids: ids).noData()
        }
        let top = ChartFrame.headingHeight + 10
        let height = top + Self.rowHeight * Double(stages.count) + 10
        let frame = ChartFrame(width: width, height: height, title: title, summary: summary, ids: ids)
        let labelRight = 168.0
        let barLeft = 180.0
        let barWidth = 360.0
        let centre = barLeft + barWidth / 2
        let largest = max(1, stages.map(\.count).max() ?? 0)
        let widths = stages.map { max(2, Double(max(0, $0.count)) / Double(largest) * barWidth) }
        var content: [SVGNode] = []
        for (index, stage) in stages.enumerated() {
            let y = top + Double(index) * Self.rowHeight
            let w = widths[index]
            if index + 1 < stages.count {
                // The narrowing between this stage and the next, so the eye follows the funnel.
                let next = widths[index + 1]
                let y1 = y + Self.barHeight
                let y2 = y + Self.rowHeight
                content.append(.element(SVGElement("path", [
                    "d": "M\((centre - w / 2).svg),\(y1.svg)L\((centre + w / 2).svg),\(y1.svg)"
                        + "L\((centre + next / 2).svg),\(y2.svg)L\((centre - next / 2).svg),\(y2.svg)Z",
                    "fill": "#dbe8f3",
                ])))
            }
            let count = ChartValueFormat.integer.string(Double(stage.count))
            var bar = SVGElement("rect", [
                "class": "stage", "x": (centre - w / 2).svg, "y": y.svg, "width": w.svg, "height": Self.barHeight.svg,
                "fill": ChartStyle.colour(0), "stroke": ChartStyle.axis, "stroke-width": "0.75",
            ])
            bar.children.append(ChartText.tooltip("\(stage.name): \(count) (\(conversionText(index)))"))
            content.append(.element(bar))
            content.append(.element(ChartText.label(stage.name, x: labelRight, y: y + 19, anchor: "end",
                maxCharacters: ChartStyle.characters(fitting: labelRight - 12))))
            let textX = barLeft + barWidth + 14
            content.append(.element(ChartText.label(count, x: textX, y: y + 13, attributes: ["font-weight": "bold"])))
            content.append(.element(ChartText.label(conversionText(index), x: textX, y: y + 28, attributes: [
                "font-size": "11", "fill": ChartStyle.mutedInk,
            ])))
        }
        return frame.svg(content: content)
    }
}
