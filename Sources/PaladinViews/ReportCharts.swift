import PaladinAnalytics
import PaladinCore

/// The chart of each report: what `paladin report KIND --format svg` writes and what the web page inlines. One
/// chart per report, the one that carries its main message; the numbers behind it are in the JSON and table forms.
public enum ReportCharts {
    /// The chart of `report`.
    public static func chart(for report: any Report) -> any Chart {
        switch report {
        case let report as NPSReport: return nps(report)
        case let report as EconomicsReport: return economics(report)
        case let report as ActivityReport: return activity(report)
        default: return journeyChart(for: report)
        }
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
