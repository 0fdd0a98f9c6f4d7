@testable import PaladinViews

/// One realistic example of each chart, for the well-formedness tests and the sample files.
enum ChartSamples {
    static let months = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]

    static let barVertical = BarChart(
        title: "Customers by stage",
        bars: [("Lead", 120), ("Qualified", 80), ("Proposal", 45), ("Negotiation", 20), ("Won", 12), ("Lost", 30)],
        valueAxisTitle: "Customers")

    static let barHorizontalGrouped = BarChart(
        title: "Median days in stage, by segment",
        categories: ["Lead", "Qualified", "Proposal", "Negotiation & contract review with legal department"],
        series: [
            .init(name: "Enterprise", values: [12, 30.5, 21, 44]),
            .init(name: "Mid-market", values: [8, 14, 9.5, 20]),
            .init(name: "Small business", values: [3, 6, 4, 7]),
        ],
        orientation: .horizontal, format: .decimal(1), valueAxisTitle: "Days")

    static let barStackedWithNegatives = BarChart(
        title: "Profit by quarter and value category",
        categories: ["Q1", "Q2", "Q3", "Q4"],
        series: [
            .init(name: "Core", values: [5200, 6100, 4800, 7000]),
            .init(name: "Add-on", values: [1200, 900, 1500, 1100]),
            .init(name: "Service cost", values: [-2100, -2500, -1900, -3200]),
        ],
        layout: .stacked, format: ChartValueFormat(prefix: "€"), valueAxisTitle: "Profit (EUR)")

    static let funnel = FunnelChart(title: "Sales funnel, last 90 days", stages: [
        .init(name: "Lead", count: 1000), .init(name: "Qualified", count: 400), .init(name: "Proposal", count: 150),
        .init(name: "Negotiation", count: 60), .init(name: "Won", count: 24),
    ])

    static let sankey = SankeyChart(
        title: "Moves between journey stages",
        stages: ["Awareness", "Consideration", "Purchase", "Onboarding", "Adoption", "Renewal"],
        links: [
            .init(from: "Awareness", to: "Consideration", count: 400),
            .init(from: "Consideration", to: "Purchase", count: 180),
            .init(from: "Consideration", to: "Awareness", count: 60),
            .init(from: "Purchase", to: "Onboarding", count: 170),
            .init(from: "Onboarding", to: "Adoption", count: 140),
            .init(from: "Adoption", to: "Renewal", count: 90),
            .init(from: "Adoption", to: "Onboarding", count: 25),
            .init(from: "Renewal", to: "Consideration", count: 12),
            .init(from: "Awareness", to: "Purchase", count: 30),
        ])

    static let line = LineChart(
        title: "NPS over time",
        xLabels: months,
        series: [
            .init(name: "All customers", values: [12, 18, 15, 22, 30, 28]),
            .init(name: "Enterprise", values: [-5, 4, nil, 10, 24, 35]),
            .init(name: "First 100 days", values: [40, 32, 25, 20, 26, 21]),
        ],
        valueAxisTitle: "NPS")

    /// 500 customers: a few very profitable, a long tail, and the last ones losing money.
    static let profits: [Double] = (0..<500).map { (i: Int) -> Double in
        let earned: Double = 20_000 / Double(i + 1)
        let cost: Double = i > 380 ? Double(i - 380) * 6 : 0
        return earned - cost
    }

    static let pareto = ParetoChart(title: "Profit concentration (Pareto curve)", profits: profits)

    static let all: [(name: String, chart: any Chart)] = [
        ("bar-vertical", barVertical),
        ("bar-horizontal-grouped", barHorizontalGrouped),
        ("bar-stacked-negative", barStackedWithNegatives),
        ("funnel", funnel),
        ("sankey", sankey),
        ("line", line),
        ("pareto", pareto),
        ("empty-bar", BarChart(title: "Nothing yet", categories: [], series: [])),
        ("single-point-line", LineChart(title: "One month", xLabels: ["2026-06"], series: [.init(name: "NPS", values: [42])])),
        ("pareto-zero-total", ParetoChart(title: "Profit concentration", profits: [0, 0, 0])),
    ]
}
