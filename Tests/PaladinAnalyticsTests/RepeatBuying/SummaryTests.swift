import Testing
import PaladinAnalytics

/// Hand-made transaction log (days since 1970, cents).
///
/// A: day 100 (1000 + 500 = 1500), day 103 (2000), day 110 (300 + 700 = 1000), day 130 (after end).
/// B: day 105 (400).  C: day 125 only (after end).  D: three purchases on day 101.
/// E: days 108 and 112 (first purchase after the calibration end 106).
/// The expected values were worked out by hand and agree with lifetimes 0.11.3.
private let log: [Transaction] = [
    Transaction(customer: "A", day: 110, amount: 300),
    Transaction(customer: "A", day: 100, amount: 1000),
    Transaction(customer: "B", day: 105, amount: 400),
    Transaction(customer: "A", day: 103, amount: 2000),
    Transaction(customer: "A", day: 100, amount: 500),
    Transaction(customer: "C", day: 125, amount: 50),
    Transaction(customer: "A", day: 110, amount: 700),
    Transaction(customer: "A", day: 130, amount: 999),
    Transaction(customer: "D", day: 101, amount: 100),
    Transaction(customer: "D", day: 101, amount: 50),
    Transaction(customer: "D", day: 101, amount: 25),
    Transaction(customer: "E", day: 108, amount: 10),
    Transaction(customer: "E", day: 112, amount: 20),
]

@Suite("Summary from transactions")
struct SummaryTests {
    @Test("days: same-day purchases count once, later purchases ignored")
    func dailySummary() throws {
        let rows = try summarize(log, observationEnd: 120)
        #expect(rows.map(\.customer) == ["A", "B", "D", "E"])
        // A: distinct days 100, 103, 110 -> x = 2; recency 110-100; T 120-100;
        // repeat-day totals 2000 and 1000 -> mean 1500.
        #expect(rows[0] == CustomerSummary(customer: "A", frequency: 2, recency: 10, T: 20, monetaryValue: 1500))
        #expect(rows[1] == CustomerSummary(customer: "B", frequency: 0, recency: 0, T: 15, monetaryValue: 0))
        // D: three purchases on one day are one purchase day.
        #expect(rows[2] == CustomerSummary(customer: "D", frequency: 0, recency: 0, T: 19, monetaryValue: 0))
        #expect(rows[3] == CustomerSummary(customer: "E", frequency: 1, recency: 4, T: 12, monetaryValue: 20))
        #expect(rows.allSatisfy { $0.frequencyHoldout == nil && $0.durationHoldout == nil })
    }

    @Test("weeks are fractions of 7 days")
    func weeklySummary() throws {
        let rows = try summarize(log, observationEnd: 120, unit: .week)
        let a = try #require(rows.first { $0.customer == "A" })
        #expect(a.frequency == 2)
        #expect(abs(a.recency - 10.0 / 7) < 1e-12)
        #expect(abs(a.T - 20.0 / 7) < 1e-12)
        let e = try #require(rows.first { $0.customer == "E" })
        #expect(abs(e.recency - 4.0 / 7) < 1e-12)
        #expect(abs(e.T - 12.0 / 7) < 1e-12)
        let months = try summarize(log, observationEnd: 120, unit: .month)
        #expect(abs(months[0].T - 20.0 / 30) < 1e-12)
    }

    @Test("calibration and holdout columns")
    func holdoutColumns() throws {
        let rows = try summarize(log, observationEnd: 120, calibrationEnd: 106)
        // E starts after the calibration end and C after the observation end: both left out.
        #expect(rows.map(\.customer) == ["A", "B", "D"])
        // A: calibration days 100, 103 -> x = 1, t_x = 3, T = 106-100 = 6, m = 2000;
        // holdout: day 110 only (130 is after the end).
        #expect(rows[0] == CustomerSummary(
            customer: "A", frequency: 1, recency: 3, T: 6, monetaryValue: 2000,
            frequencyHoldout: 1, durationHoldout: 14))
        #expect(rows[1] == CustomerSummary(
            customer: "B", frequency: 0, recency: 0, T: 1, monetaryValue: 0,
            frequencyHoldout: 0, durationHoldout: 14))
        #expect(rows[2].T == 5)
        #expect(rows[2].frequencyHoldout == 0)
        let weekly = try summarize(log, observationEnd: 120, calibrationEnd: 106, unit: .week)
        #expect(weekly[0].durationHoldout == 2)
        #expect(abs(weekly[0].T - 6.0 / 7) < 1e-12)
    }

    @Test("empty log and a calibration end equal to the observation end")
    func edges() throws {
        #expect(try summarize([], observationEnd: 10).isEmpty)
        let rows = try summarize(log, observationEnd: 120, calibrationEnd: 120)
        #expect(rows.count == 4)
        #expect(rows.allSatisfy { $0.frequencyHoldout == 0 && $0.durationHoldout == 0 })
    }

    @Test("summaries convert to model input")
    func toRFMData() throws {
        let data = RFMData(summaries: try summarize(log, observationEnd: 120))
        #expect(data.frequency == [2, 0, 0, 1])
        #expect(data.recency == [10, 0, 0, 4])
        #expect(data.T == [20, 15, 19, 12])
        #expect(data.monetaryValue == [1500, 0, 0, 20])
        try data.validate()
    }
}
