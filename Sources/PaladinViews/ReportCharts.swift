import PaladinAnalytics
import PaladinCore

/// The chart of each report: what `paladin report KIND --format svg` writes and what the web page inlines. One
/// chart per report, the one that carries its main message; the numbers behind it are in the JSON and table forms.
public enum ReportCharts {
    /// The chart of `report`; `stages` is the model's stage order where the report is about one model's stages
    /// (without it, the order the report met them in).
    public static func chart(for report: any Report, stages: [String]? = nil) -> any Chart {
        switch report {
        case let report as FunnelReport:
            return FunnelChart(title: "Funnel: \(report.model)", stages: report.stages.map { .init(name: $0.stage, count: $0.reached) })
        case let report as FlowReport: return flow(report, stages: stages)
        case let report as TimeInStageReport: return timeInStage(report)
        case let report as StallsReport:
            return BarChart(title: "Stalled customers by stage: \(report.model)",
                            bars: report.stages.map { (category: $0.stage, value: Double($0.stalled)) },
                            orientation: .horizontal, valueAxisTitle: "customers")
        case let report as FirstHundredDaysReport: return firstHundredDays(report)
        case let report as NPSReport: return nps(report)
        case let report as EconomicsReport: return economics(report)
        case let report as ActivityReport: return activity(report)
        default:
            return BarChart(title: "\(report.kind.rawValue)", bars: [])
        }
    }

    /// Moves between stages; backward moves are drawn as such. Entries (from no stage) are left out of the drawing.
    static func flow(_ report: FlowReport, stages: [String]?) -> any Chart {
        var counts: [String: Int] = [:]
        var order: [String] = []
        for transition in report.transitions {
            guard let from = transition.from, let to = transition.to, from != to else { continue }
            for stage in [from, to] where !order.contains(stage) { order.append(stage) }
            counts["\(from)\u{1F}\(to)", default: 0] += transition.count
        }
        let nodes = (stages ?? []).filter(order.contains) + order.filter { !(stages ?? []).contains($0) }
        let links = counts.sorted { $0.key < $1.key }.map { key, count in
            let parts = key.split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
            return SankeyChart.Link(from: parts[0], to: parts[1], count: count)
        }
        return SankeyChart(title: "Moves between stages: \(report.model)", stages: nodes, links: links)
    }

    /// Median, p75 and p90 days per stage beside the expected days.
    static func timeInStage(_ report: TimeInStageReport) -> any Chart {
        let rows = report.stages
        func values(_ pick: (TimeInStageReport.Row) -> Int?) -> [Double] { rows.map { Double(pick($0) ?? 0) } }
        return BarChart(
            title: "Days in stage: \(report.model)", categories: rows.map(\.stage),
            series: [
                .init(name: "median", values: values(\.medianDays)), .init(name: "p75", values: values(\.p75Days)),
                .init(name: "p90", values: values(\.p90Days)), .init(name: "expected", values: values(\.expectedDays)),
            ],
            orientation: .horizontal, valueAxisTitle: "days")
    }

    /// The share of customers (all cohorts, weighted by their size) who reached each stage by day 30, 60 and 100.
    static func firstHundredDays(_ report: FirstHundredDaysReport) -> any Chart {
        var order: [String] = []
        for cohort in report.cohorts { for share in cohort.stages where !order.contains(share.stage) { order.append(share.stage) } }
        func average(_ stage: String, _ pick: (FirstHundredDaysReport.StageShare) -> Double?) -> Double {
            var weighted = 0.0, customers = 0
            for cohort in report.cohorts {
                guard let share = cohort.stages.first(where: { $0.stage == stage }), let value = pick(share) else { continue }
                weighted += value * Double(cohort.customers)
                customers += cohort.customers
            }
            return customers == 0 ? 0 : 100 * weighted / Double(customers)
        }
        return BarChart(
            title: "First 100 days: \(report.model)", categories: order,
            series: [
                .init(name: "by day 30", values: order.map { average($0, \.byDay30) }),
                .init(name: "by day 60", values: order.map { average($0, \.byDay60) }),
                .init(name: "by day 100", values: order.map { average($0, \.byDay100) }),
            ],
            orientation: .horizontal, format: .percent(decimals: 0), valueAxisTitle: "% of the cohort")
    }

    /// NPS per month of answers (a gap where a month had none).
    static func nps(_ report: NPSReport) -> any Chart {
        LineChart(
            title: "NPS by month", xLabels: report.months.map { $0.group ?? "" },
            series: [.init(name: "NPS", values: report.months.map(\.nps))], format: .decimal(1), valueAxisTitle: "NPS")
    }

    /// The Pareto curve of profit over customers, most profitable first.
    static func economics(_ report: EconomicsReport) -> any Chart {
        let points = report.pareto.points.compactMap { point in
            point.profitShare.map { ParetoChart.Point(customerShare: point.customerShare, profitShare: $0) }
        }
        return ParetoChart(title: "Profit over customers", points: points)
    }

    /// Follow-ups due in the window by outcome, per person (stacked).
    static func activity(_ report: ActivityReport) -> any Chart {
        let rows = report.followUpsByAssignee
        return BarChart(
            title: "Follow-ups by outcome", categories: rows.map { $0.assignee ?? "(nobody)" },
            series: [
                .init(name: "on time", values: rows.map { Double($0.onTime) }),
                .init(name: "late", values: rows.map { Double($0.late) }),
                .init(name: "missed", values: rows.map { Double($0.missed) }),
                .init(name: "open", values: rows.map { Double($0.open) }),
            ],
            orientation: .horizontal, layout: .stacked, valueAxisTitle: "follow-ups")
    }
}
