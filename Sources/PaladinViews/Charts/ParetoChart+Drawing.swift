extension ParetoChart {
    public func svgElement(ids: ChartIDs) -> SVGElement {
        let width = 640.0
        let height = 540.0
        guard points.count >= 2 else {
            return ChartFrame(width: width, height: 240, title: title, summary: emptyMessage + ".", ids: ids)
                .noData(emptyMessage)
        }
        let neutral = "#777777"
        let legend: [(name: String, swatch: ChartLegend.Swatch)] = [
            ("Cumulative profit", .stroke(colour: ChartStyle.colour(0), dash: "", width: 2.5)),
            ("Equal shares (diagonal)", .stroke(colour: neutral, dash: "6 4", width: 1.5)),
            ("80 % of profit", .stroke(colour: ChartStyle.colour(4), dash: "2 3", width: 1.5)),
        ]
        let legendDrawn = ChartLegend.draw(legend, x: 12, y: ChartFrame.headingHeight, width: width - 24, ids: ids)
        let top = ChartFrame.headingHeight + legendDrawn.height + 34
        let left = 64.0
        let right = width - 30
        let bottom = height - 52
        let yScale = ChartScale(covering: points.map { $0.profitShare * 100 } + [100], count: 5)
        func x(_ share: Double) -> Double { left + share * (right - left) }
        func y(_ share: Double) -> Double { yScale.position(share * 100, from: bottom, to: top) }

        var content = legendDrawn.nodes
        content.append(.element(ChartText.label("Profit, cumulative share", x: 12, y: top - 14, attributes: [
            "fill": ChartStyle.mutedInk,
        ])))
        for tick in yScale.ticks {
            content.append(.element(SVGElement("line", [
                "x1": left.svg, "y1": y(tick / 100).svg, "x2": right.svg, "y2": y(tick / 100).svg,
                "stroke": tick == 0 ? ChartStyle.axis : ChartStyle.grid,
            ])))
            content.append(.element(ChartText.label(ChartValueFormat.percent(decimals: 0).string(tick), x: left - 6,
                y: y(tick / 100) + 4, anchor: "end", attributes: ["fill": ChartStyle.mutedInk])))
        }
        for tick in stride(from: 0, through: 100, by: 20) {
            let p = x(Double(tick) / 100)
            content.append(.element(SVGElement("line", [
                "x1": p.svg, "y1": top.svg, "x2": p.svg, "y2": bottom.svg, "stroke": tick == 0 ? ChartStyle.axis : ChartStyle.grid,
            ])))
            content.append(.element(ChartText.label("\(tick) %", x: p, y: bottom + 16, anchor: "middle", attributes: [
                "fill": ChartStyle.mutedInk,
            ])))
        }
        content.append(.element(ChartText.label("Customers, most profitable first, cumulative share",
            x: (left + right) / 2, y: bottom + 36, anchor: "middle", attributes: ["fill": ChartStyle.mutedInk])))
        // The equality diagonal and the 80 % line, each with its name on it.
        content.append(.element(SVGElement("line", [
            "class": "diagonal", "x1": x(0).svg, "y1": y(0).svg, "x2": x(1).svg, "y2": y(1).svg,
            "stroke": neutral, "stroke-width": "1.5", "stroke-dasharray": "6 4",
        ])))
        content.append(.element(ChartText.haloLabel("Equal shares", x: x(0.62) + 6, y: y(0.58) + 4, anchor: "start")))
        content.append(.element(SVGElement("line", [
            "class": "eighty", "x1": left.svg, "y1": y(0.8).svg, "x2": right.svg, "y2": y(0.8).svg,
            "stroke": ChartStyle.colour(4), "stroke-width": "1.5", "stroke-dasharray": "2 3",
        ])))
        content.append(.element(ChartText.haloLabel("80 % of profit", x: right - 4, y: y(0.8) + 15, anchor: "end")))
        let d = points.enumerated().map { ($0.offset == 0 ? "M" : "L") + "\(x($0.element.customerShare).svg),\(y($0.element.profitShare).svg)" }
        var curve = SVGElement("path", [
            "class": "curve", "d": d.joined(), "fill": "none", "stroke": ChartStyle.colour(0), "stroke-width": "2.5",
            "stroke-linejoin": "round",
        ])
        curve.children.append(ChartText.tooltip(summary))
        content.append(.element(curve))
        if let share = customerShare(reaching: 0.8), let eightyText {
            content.append(.element(SVGElement("line", [
                "x1": x(share).svg, "y1": y(0.8).svg, "x2": x(share).svg, "y2": bottom.svg,
                "stroke": ChartStyle.colour(4), "stroke-width": "1", "stroke-dasharray": "2 3",
            ])))
            content.append(.element(ChartMarker.marker(0, x: x(share), y: y(0.8), size: 9, tooltip: eightyText)))
            let rightSide = share < 0.5
            content.append(.element(ChartText.haloLabel(eightyText, x: x(share) + (rightSide ? 10 : -10), y: y(0.8) - 10,
                anchor: rightSide ? "start" : "end", fontSize: 12)))
        }
        if let peak, let peakText {
            content.append(.element(ChartMarker.marker(3, x: x(peak.customerShare), y: y(peak.profitShare), size: 10,
                tooltip: peakText)))
            content.append(.element(ChartText.haloLabel(peakText, x: x(peak.customerShare), y: y(peak.profitShare) - 12,
                anchor: peak.customerShare > 0.6 ? "end" : "middle", fontSize: 12)))
        }
        if let last = points.last {
            content.append(.element(ChartText.haloLabel(percentText(last.profitShare), x: x(last.customerShare) - 4,
                y: y(last.profitShare) + 16, anchor: "end")))
        }
        return ChartFrame(width: width, height: height, title: title, summary: summary, ids: ids).svg(content: content)
    }
}
