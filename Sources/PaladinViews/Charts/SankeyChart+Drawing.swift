extension SankeyChart {
    static let nodeWidth: Double = 14
    static let laneHeight: Double = 24

    public func svgElement(ids: ChartIDs) -> SVGElement {
        let width = 960.0
        guard !nodes.isEmpty, !links.isEmpty else {
            return ChartFrame(width: width, height: 240, title: title, summary: "No data.", ids: ids).noData()
        }
        let legend: [(name: String, swatch: ChartLegend.Swatch)] = [
            ("Forward move: band as wide as its count", .stroke(colour: ChartStyle.colour(0), dash: "", width: 6)),
            ("Backward move: dashed arc below", .stroke(colour: ChartStyle.axis, dash: "8 5", width: 2)),
        ]
        let legendDrawn = ChartLegend.draw(legend, x: 12, y: ChartFrame.headingHeight, width: width - 24, ids: ids)
        let layout = SankeyLayout(chart: self, width: width, top: ChartFrame.headingHeight + legendDrawn.height + 14)
        var content = legendDrawn.nodes
        // Marks first, then every count on top of them, so no band or node hides a number.
        let forward = layout.forwardLinks()
        let backward = layout.backwardLinks(ids: ids)
        let nodes = layout.nodeMarks()
        content += forward.marks + backward.marks + nodes.marks + forward.labels + backward.labels + nodes.labels
        let arrow = SVGElement("marker", [
            "id": ids.arrow, "viewBox": "0 0 10 10", "refX": "8", "refY": "5", "markerUnits": "userSpaceOnUse",
            "markerWidth": "10", "markerHeight": "10", "orient": "auto",
        ], children: [.element(SVGElement("path", ["d": "M0,0L10,5L0,10Z", "fill": ChartStyle.axis]))])
        return ChartFrame(width: width, height: layout.height, title: title, summary: summary, ids: ids)
            .svg(definitions: [.element(arrow)], content: content)
    }
}

/// Where a Sankey chart's nodes, bands and arcs go.
struct SankeyLayout {
    let chart: SankeyChart
    /// Each node's top-left corner and height, by node index.
    var boxes: [(x: Double, y: Double, height: Double)] = []
    /// Pixels per unit of count.
    let unit: Double
    let nodesBottom: Double
    let backward: [SankeyChart.Link]
    let height: Double
    let columnSpacing: Double

    init(chart: SankeyChart, width: Double, top: Double) {
        self.chart = chart
        let columns = (chart.nodes.map(\.column).max() ?? 0) + 1
        columnSpacing = (width - 24 - 150 - SankeyChart.nodeWidth) / Double(max(1, columns - 1))
        let gap = 22.0
        let areaHeight = 320.0
        var largest = 1.0
        var mostNodes = 1
        for column in 0..<columns {
            let members = chart.nodes.filter { $0.column == column }
            largest = max(largest, Double(members.reduce(0) { $0 + chart.total($1.id).value }))
            mostNodes = max(mostNodes, members.count)
        }
        unit = (areaHeight - gap * Double(mostNodes - 1)) / largest
        var nextY = [Int: Double]()
        for node in chart.nodes {
            let y = nextY[node.column] ?? top
            let h = max(4, Double(chart.total(node.id).value) * unit)
            boxes.append((24 + Double(node.column) * columnSpacing, y, h))
            nextY[node.column] = y + h + gap
        }
        nodesBottom = boxes.map { $0.y + $0.height }.max() ?? top
        // Shorter arcs on inner lanes, so arcs nest instead of crossing.
        backward = chart.links.filter(chart.isBackward).sorted { a, b in
            let spanA = span(chart, a)
            let spanB = span(chart, b)
            return spanA != spanB ? spanA < spanB : (chart.node(a.from)?.index ?? 0) < (chart.node(b.from)?.index ?? 0)
        }
        height = nodesBottom + 16 + Double(backward.count) * SankeyChart.laneHeight + 16
    }

    func forwardLinks() -> (marks: [SVGNode], labels: [SVGNode]) {
        let forward = chart.links.filter { !chart.isBackward($0) }
        var outOffset = [String: Double]()
        var inOffset = [String: Double]()
        func order(_ id: String) -> Int { chart.node(id)?.index ?? 0 }
        var bands: [SVGNode] = []
        var labels: [SVGNode] = []
        // Bands leave a node in the order of their targets and enter in the order of their sources.
        let byTarget = forward.sorted { (order($0.from), order($0.to)) < (order($1.from), order($1.to)) }
        var starts = [Int: Double]()
        for (index, link) in byTarget.enumerated() {
            let source = boxes[order(link.from)]
            starts[index] = source.y + (outOffset[link.from] ?? 0)
            outOffset[link.from, default: 0] += Double(link.count) * unit
        }
        // Bands enter a node in the order they leave their sources, top to bottom, so they do not cross there.
        let bySource = byTarget.indices.sorted {
            (order(byTarget[$0].to), starts[$0] ?? 0, $0) < (order(byTarget[$1].to), starts[$1] ?? 0, $1)
        }
        for index in bySource {
            let link = byTarget[index]
            let source = boxes[order(link.from)]
            let target = boxes[order(link.to)]
            let thickness = max(1, Double(link.count) * unit)
            let y0 = (starts[index] ?? source.y) + thickness / 2
            let y1 = target.y + (inOffset[link.to] ?? 0) + thickness / 2
            inOffset[link.to, default: 0] += Double(link.count) * unit
            let x0 = source.x + SankeyChart.nodeWidth
            let x1 = target.x
            let mid = (x0 + x1) / 2
            let count = ChartValueFormat.integer.string(Double(link.count))
            let from = chart.nodes[order(link.from)].label
            let to = chart.nodes[order(link.to)].label
            var band = SVGElement("path", [
                "class": "link forward", "d": "M\(x0.svg),\(y0.svg)C\(mid.svg),\(y0.svg) \(mid.svg),\(y1.svg) \(x1.svg),\(y1.svg)",
                "fill": "none", "stroke": ChartStyle.colour(order(link.from)), "stroke-opacity": "0.45",
                "stroke-width": thickness.svg,
            ])
            band.children.append(ChartText.tooltip("\(from) to \(to): \(count)"))
            bands.append(.element(band))
            labels.append(.element(ChartText.haloLabel(count, x: mid, y: (y0 + y1) / 2 + 4)))
        }
        return (bands, labels)
    }

    func backwardLinks(ids: ChartIDs) -> (marks: [SVGNode], labels: [SVGNode]) {
        var nodes: [SVGNode] = []
        var labels: [SVGNode] = []
        var leaving = [String: Int]()
        var arriving = [String: Int]()
        for (lane, link) in backward.enumerated() {
            guard let from = chart.node(link.from), let to = chart.node(link.to) else { continue }
            let source = boxes[from.index]
            let target = boxes[to.index]
            // Arcs leave from the right half of a node's foot and arrive at its left half.
            let out = leaving[link.from, default: 0]
            let arrive = arriving[link.to, default: 0]
            leaving[link.from] = out + 1
            arriving[link.to] = arrive + 1
            let x0 = source.x + SankeyChart.nodeWidth * 0.75 + Double(out) * 6
            let x1 = target.x + SankeyChart.nodeWidth * 0.25 - Double(arrive) * 6
            let y0 = source.y + source.height
            let y1 = target.y + target.height + 2
            let laneY = nodesBottom + 16 + Double(lane) * SankeyChart.laneHeight + 10
            let r = min(8, abs(x0 - x1) / 2)
            let d = "M\(x0.svg),\(y0.svg)V\((laneY - r).svg)Q\(x0.svg),\(laneY.svg) \((x0 - r).svg),\(laneY.svg)"
                + "H\((x1 + r).svg)Q\(x1.svg),\(laneY.svg) \(x1.svg),\((laneY - r).svg)V\(y1.svg)"
            let count = ChartValueFormat.integer.string(Double(link.count))
            var arc = SVGElement("path", [
                "class": "link backward", "d": d, "fill": "none", "stroke": ChartStyle.colour(from.index),
                "stroke-width": min(3, max(1.5, Double(link.count) * unit)).svg, "stroke-dasharray": "8 5",
                "marker-end": "url(#\(ids.arrow))",
            ])
            arc.children.append(ChartText.tooltip("Back from \(from.node.label) to \(to.node.label): \(count)"))
            nodes.append(.element(arc))
            labels.append(.element(ChartText.haloLabel(count, x: (x0 + x1) / 2, y: laneY + 4)))
        }
        return (nodes, labels)
    }

    func nodeMarks() -> (marks: [SVGNode], labels: [SVGNode]) {
        var marks: [SVGNode] = []
        var labels: [SVGNode] = []
        for (index, node) in chart.nodes.enumerated() {
            let box = boxes[index]
            let total = chart.total(node.id)
            let value = ChartValueFormat.integer.string(Double(total.value))
            var rect = SVGElement("rect", [
                "class": "node", "x": box.x.svg, "y": box.y.svg, "width": SankeyChart.nodeWidth.svg, "height": box.height.svg,
                "fill": ChartStyle.colour(index), "stroke": ChartStyle.axis, "stroke-width": "0.75",
            ])
            rect.children.append(ChartText.tooltip(
                "\(node.label): \(ChartValueFormat.integer.string(Double(total.incoming))) in, "
                    + "\(ChartValueFormat.integer.string(Double(total.outgoing))) out"))
            let maxCharacters = max(8, ChartStyle.characters(fitting: columnSpacing - SankeyChart.nodeWidth - 12))
            let x = box.x + SankeyChart.nodeWidth + 5
            marks.append(.element(rect))
            labels.append(.element(ChartText.label(node.label, x: x, y: box.y + 12, maxCharacters: maxCharacters, attributes: [
                "font-weight": "bold", "stroke": "#ffffff", "stroke-width": "3", "paint-order": "stroke",
            ])))
            labels.append(.element(ChartText.haloLabel(value, x: x, y: box.y + 26, anchor: "start")))
        }
        return (marks, labels)
    }
}

private func span(_ chart: SankeyChart, _ link: SankeyChart.Link) -> Int {
    (chart.node(link.from)?.node.column ?? 0) - (chart.node(link.to)?.node.column ?? 0)
}
