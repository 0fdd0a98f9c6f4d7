import Foundation
import Testing

/// `paladin analytics` reads files only (no database), so these tests run it without `--db`.
extension Sandbox {
    /// Runs `paladin analytics ARGS` (no `--db`: these commands take none).
    func analytics(_ arguments: [String]) async throws -> RunResult {
        try await run(["analytics"] + arguments, withDB: false)
    }

    /// Runs `paladin analytics ARGS` and requires exit status 0.
    @discardableResult
    func analyticsOK(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws -> RunResult {
        let result = try await analytics(arguments)
        #expect(result.status == 0, "paladin analytics \(arguments.joined(separator: " ")) failed:\n\(result)", sourceLocation: sourceLocation)
        return result
    }

    /// Runs `paladin analytics ARGS --format json`, requires exit status 0 and parses the output.
    func analyticsJSON(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws -> Any {
        let result = try await analyticsOK(arguments + ["--format", "json"], sourceLocation: sourceLocation)
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }
}

/// Test data for `paladin analytics`: a small hand-made log and a simulated one.
enum AnalyticsFixtures {
    /// A hand-made log (weeks in the comments are days / 7).
    ///
    /// With `--observation-end 2024-01-29`:
    /// - A buys on Jan 1 (10 + 5 = 15), Jan 11 (20), Jan 15 (30 + 10 = 40): frequency 2, recency 14 d, T 28 d,
    ///   monetary value (20 + 40) / 2 = 30; its Feb 20 purchase (99) is after the end and left out.
    /// - B buys once on Jan 8: frequency 0, T 21 d.
    /// - C buys on Jan 5 and Jan 29 (100, then 50): frequency 1, recency = T = 24 d, monetary value 50.
    /// - D buys only on Feb 2, after the end: not in the summary.
    /// - E buys once on Jan 20: frequency 0, T 9 d.
    static let handMadeLog = """
        customer_id,date,amount
        A,2024-01-01,10.00
        A,2024-01-01,5.00
        A,2024-01-11,20.00
        A,2024-01-15,30.00
        A,2024-01-15,10.00
        A,2024-02-20,99.00
        B,2024-01-08,7.50
        C,2024-01-05,100
        C,2024-01-29,50
        D,2024-02-02,12.00
        E,2024-01-20,8.00

        """

    /// `2024-01-01` plus `offset` days, as `YYYY-MM-DD`.
    static func date(_ offset: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.date(from: DateComponents(year: 2024, month: 1, day: 1))!
        let parts = calendar.dateComponents([.year, .month, .day], from: calendar.date(byAdding: .day, value: offset, to: start)!)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    /// A 64-bit linear congruential generator: the same stream on every platform.
    struct Stream {
        var state: UInt64
        mutating func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return (Double(state >> 11) + 0.5) / 9_007_199_254_740_992
        }
    }

    /// Number of simulated customers.
    static let simulatedCustomers = 300

    /// A simulated log of `simulatedCustomers` customers C000…C299, every purchase in 2024 (day ≤ 2024-12-30):
    /// a first purchase on one of the first 180 days, then purchases at exponential gaps with a per-customer rate
    /// (four rate groups from 0.01 to 0.12 a day, each spread ×0.5–1.5), ending after each purchase with a
    /// per-customer probability 0.05–0.55 (BG/NBD's story); amounts around a per-customer mean of 20–100.
    static let simulatedLog: String = {
        var stream = Stream(state: 2024)
        var lines = ["customer_id,date,amount"]
        for i in 0..<simulatedCustomers {
            let id = String(format: "C%03d", i)
            let first = Int(stream.uniform() * 180)
            let rate = [0.01, 0.03, 0.06, 0.12][i % 4] * (0.5 + stream.uniform())
            let dropout = 0.05 + 0.5 * stream.uniform()
            let spend = 20 + 80 * stream.uniform()
            lines.append("\(id),\(date(first)),\(String(format: "%.2f", spend * (0.5 + stream.uniform())))")
            var time = Double(first)
            while true {
                time += -log(stream.uniform()) / rate
                if time >= 365 { break }
                lines.append("\(id),\(date(Int(time))),\(String(format: "%.2f", spend * (0.5 + stream.uniform())))")
                if stream.uniform() < dropout { break }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }()
}

/// A CSV output as its header and rows (the outputs here never quote fields).
struct CSVText {
    var header: [String]
    var rows: [[String]]

    init(_ text: String) {
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        header = lines.first ?? []
        rows = Array(lines.dropFirst())
    }

    /// The values of one column.
    func column(_ name: String) -> [String] {
        guard let index = header.firstIndex(of: name) else { return [] }
        return rows.map { $0[index] }
    }

    /// One row by its first field, keyed by header.
    func row(_ id: String) -> [String: String]? {
        rows.first { $0.first == id }.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }
}

@Suite("paladin analytics: summarize, fit, predict and holdout on files")
struct AnalyticsCommandTests {
    /// Writes the simulated log, summarizes it up to 2024-12-31 in weeks and writes the summary to `summary.csv`.
    func simulatedSummary(_ cli: Sandbox) async throws -> CSVText {
        try cli.write("log.csv", AnalyticsFixtures.simulatedLog)
        let summary = try await cli.analyticsOK(["summarize", "log.csv", "--observation-end", "2024-12-31"]).stdout
        try cli.write("summary.csv", summary)
        return CSVText(summary)
    }

    // MARK: summarize

    @Test("summarize: one line per customer, purchase days not purchases, later purchases left out, weeks as fractions")
    func summarizeObservationEnd() async throws {
        try await withSandbox(initialised: false) { cli in
            // given
            try cli.write("log.csv", AnalyticsFixtures.handMadeLog)
            // when
            let weeks = try await cli.analyticsOK(["summarize", "log.csv", "--observation-end", "2024-01-29"])
            let days = try await cli.analyticsOK(["summarize", "log.csv", "--observation-end", "2024-01-29", "--unit", "day"])
            // then
            #expect(weeks.stdout == """
                customer_id,frequency,recency,T,monetary_value
                A,2,2.0,4.0,30.0
                B,0,0.0,3.0,0.0
                C,1,\(24.0 / 7),\(24.0 / 7),50.0
                E,0,0.0,\(9.0 / 7),0.0

                """)
            #expect(CSVText(weeks.stdout).row("C")?["recency"] == "3.4285714285714284")
            #expect(days.stdout == """
                customer_id,frequency,recency,T,monetary_value
                A,2,14.0,28.0,30.0
                B,0,0.0,21.0,0.0
                C,1,24.0,24.0,50.0
                E,0,0.0,9.0,0.0

                """)
            #expect(weeks.stderr.isEmpty)
        }
    }

    @Test("summarize without --observation-end ends on the last transaction's day; --unit month divides by 30")
    func summarizeDefaultEnd() async throws {
        try await withSandbox(initialised: false) { cli in
            // given: the last purchase is A's on 2024-02-20, so A has 3 repeat days (20, 40, 99: mean 53)
            try cli.write("log.csv", AnalyticsFixtures.handMadeLog)
            // when
            let weeks = try await cli.analyticsOK(["summarize", "log.csv"])
            let months = try await cli.analyticsOK(["summarize", "log.csv", "--unit", "month"])
            // then
            #expect(weeks.stdout == """
                customer_id,frequency,recency,T,monetary_value
                A,3,\(50.0 / 7),\(50.0 / 7),53.0
                B,0,0.0,\(43.0 / 7),0.0
                C,1,\(24.0 / 7),\(46.0 / 7),50.0
                D,0,0.0,\(18.0 / 7),0.0
                E,0,0.0,\(31.0 / 7),0.0

                """)
            let a = try #require(CSVText(months.stdout).row("A"))
            #expect(a["recency"] == "\(50.0 / 30)" && a["T"] == "\(50.0 / 30)")
            #expect(CSVText(months.stdout).row("B")?["T"] == "\(43.0 / 30)")
        }
    }

    @Test("summarize --calibration-end measures T to the calibration end and adds frequency_holdout, duration_holdout")
    func summarizeCalibration() async throws {
        try await withSandbox(initialised: false) { cli in
            // given
            try cli.write("log.csv", AnalyticsFixtures.handMadeLog)
            // when: calibration up to Jan 12 (inclusive), holdout Jan 13 – Jan 29 (17 days)
            let result = try await cli.analyticsOK(["summarize", "log.csv", "--calibration-end", "2024-01-12", "--observation-end", "2024-01-29"])
            // then: A calibrates on Jan 1 and Jan 11 (repeat spend 20), buys again on Jan 15; C buys again on Jan 29
            // (the end day counts); E's first purchase (Jan 20) is after the calibration end, so E is left out
            #expect(result.stdout == """
                customer_id,frequency,recency,T,monetary_value,frequency_holdout,duration_holdout
                A,1,\(10.0 / 7),\(11.0 / 7),20.0,1,\(17.0 / 7)
                B,0,0.0,\(4.0 / 7),0.0,0,\(17.0 / 7)
                C,0,0.0,1.0,0.0,1,\(17.0 / 7)

                """)
            #expect(CSVText(result.stdout).row("A")?["recency"] == "1.4285714285714286")
        }
    }

    @Test("summarize with named columns, DD.MM.YYYY dates and decimal commas; a semicolon file is detected")
    func summarizeCustomColumns() async throws {
        try await withSandbox(initialised: false) { cli in
            // given: K-1 buys 1.234,50 on 1 March, then 99,95 + 0,05 = 100,00 on 15 March; K-2 once on 10 March
            try cli.write("eu.csv", """
                Kunde;Tag;Betrag;Notiz
                K-1;01.03.2024;1.234,50;erste
                K-1;15.03.2024;99,95;zweite
                K-1;15.03.2024;0,05;Trinkgeld
                K-2;10.03.2024;5,00;einmal

                """)
            let columns = ["--customer-column", "Kunde", "--date-column", "Tag", "--amount-column", "Betrag", "--date-format", "DD.MM.YYYY"]
            // when
            let result = try await cli.analyticsOK(["summarize", "eu.csv", "--unit", "day", "--decimal-comma"] + columns)
            let withoutComma = try await cli.analytics(["summarize", "eu.csv", "--unit", "day"] + columns)
            let defaults = try await cli.analytics(["summarize", "eu.csv"])
            // then
            #expect(result.stdout == """
                customer_id,frequency,recency,T,monetary_value
                K-1,1,14.0,14.0,100.0
                K-2,0,0.0,5.0,0.0

                """)
            #expect(withoutComma.status == 1)
            #expect(withoutComma.stdout.isEmpty)
            #expect(withoutComma.errorLines.first == "error: eu.csv:2: Betrag: '1.234,50' is not a valid amount (unexpected ',')")
            #expect(withoutComma.errorLines.count == 4)
            #expect(withoutComma.errorLines.allSatisfy { $0.hasPrefix("error: eu.csv:") && $0.contains(": Betrag: ") })
            #expect(defaults.status == 1)
            #expect(defaults.errorLines == ["error: eu.csv:1: customer_id: missing column (found: Kunde, Tag, Betrag, Notiz)"])
        }
    }

    @Test("summarize keeps money exact in cents: the mean of 10.00 and 10.01 is 10.005")
    func summarizeExactMoney() async throws {
        try await withSandbox(initialised: false) { cli in
            // given
            try cli.write("log.csv", "customer,date,total\nM,2024-05-01,1.00\nM,2024-05-02,10.00\nM,2024-05-03,10.01\n")
            // when
            let result = try await cli.analyticsOK(["summarize", "log.csv", "--unit", "day"])
            // then
            #expect(result.stdout == "customer_id,frequency,recency,T,monetary_value\nM,2,2.0,2.0,10.005\n")
        }
    }

    @Test("summarize refuses a negative amount, as every import does (README: amounts are never negative)")
    func summarizeNegativeAmount() async throws {
        try await withSandbox(initialised: false) { cli in
            // given
            try cli.write("log.csv", "customer_id,date,amount\nN,2024-01-02,5.00\nN,2024-01-09,-50.00\n")
            // when
            let result = try await cli.analytics(["summarize", "log.csv", "--unit", "day"])
            // then
            #expect(result.status == 1)
            #expect(result.stderr.contains("log.csv:3: amount: '-50.00' is negative"))
            #expect(result.stdout.isEmpty)
        }
    }

    @Test("a summary naming a customer twice is refused on the second line; an empty log is named by its path")
    func duplicatesAndEmptyLog() async throws {
        try await withSandbox(initialised: false) { cli in
            // given
            try cli.write("twice.csv", "customer_id,frequency,recency,T\nA,1,2,3\nB,0,0,3\nA,2,2,4\n")
            try cli.write("empty.csv", "customer_id,date,amount\n")
            // when
            let fit = try await cli.analytics(["fit", "--model", "bgnbd", "--input", "twice.csv"])
            let summary = try await cli.analytics(["summarize", "empty.csv"])
            // then
            #expect(fit.status == 1 && fit.stderr.contains("twice.csv:4: customer_id: 'A' appears again (first on line 2)"))
            #expect(summary.status == 1 && summary.stderr.contains("empty.csv: has no transactions"))
        }
    }

    @Test("--observation-end may be written in the log's --date-format")
    func endInFileFormat() async throws {
        try await withSandbox(initialised: false) { cli in
            // given a log in DD.MM.YYYY with a purchase after the end
            try cli.write("log.csv", "customer_id,date,amount\nA,01.01.2024,1\nA,08.01.2024,1\nA,20.01.2024,1\n")
            // when
            let result = try await cli.analytics(["summarize", "log.csv", "--date-format", "DD.MM.YYYY", "--unit", "day", "--observation-end", "10.01.2024"])
            // then the third purchase is left out and T runs to the 10th
            #expect(result.status == 0)
            #expect(result.stdout == "customer_id,frequency,recency,T,monetary_value\nA,1,7.0,9.0,1.0\n")
        }
    }

    // MARK: fit

    @Test("fit --model bgnbd on a simulated summary converges; JSON has model, params r/alpha/a/b, log-likelihood, iterations, customers")
    func fitBGNBD() async throws {
        try await withSandbox(initialised: false) { cli in
            // given
            let summary = try await simulatedSummary(cli)
            #expect(summary.rows.count == AnalyticsFixtures.simulatedCustomers)
            // when
            let fit = try #require(try await cli.analyticsJSON(["fit", "--model", "bgnbd", "--input", "summary.csv"]) as? [String: Any])
            let again = try await cli.analyticsOK(["fit", "--model", "bgnbd", "--input", "summary.csv", "--format", "json"])
            // then
            #expect(Set(fit.keys) == ["model", "params", "log_likelihood", "iterations", "converged", "customers", "message"])
            #expect(fit["model"] as? String == "bgnbd")
            #expect(fit["converged"] as? Bool == true)
            #expect(fit["customers"] as? Int == 300)
            #expect((fit["iterations"] as? Int ?? 0) > 0)
            let ll = try #require(fit["log_likelihood"] as? Double)
            #expect(ll < 0 && ll.isFinite)
            let params = try #require(fit["params"] as? [String: Double])
            #expect(Set(params.keys) == ["r", "alpha", "a", "b"])
            #expect(params.values.allSatisfy { $0 > 0 && $0.isFinite })
            // the simulation's mean purchase rate is 0.055 a day = 0.385 a week (r/α) and its mean dropout 0.30 (a/(a+b))
            let rate = params["r"]! / params["alpha"]!, dropout = params["a"]! / (params["a"]! + params["b"]!)
            #expect(rate > 0.25 && rate < 0.5, "r/alpha = \(rate)")
            #expect(dropout > 0.15 && dropout < 0.45, "a/(a+b) = \(dropout)")
            // the same file gives the same fit
            let repeated = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
            #expect(repeated["params"] as? [String: Double] == params)
        }
    }

    @Test("fit as a table: the verdict, one line per parameter in name order, the log-likelihood")
    func fitTable() async throws {
        try await withSandbox(initialised: false) { cli in
            // given
            _ = try await simulatedSummary(cli)
            // when
            let result = try await cli.analyticsOK(["fit", "--model", "bgnbd", "--input", "summary.csv"])
            // then
            let lines = result.stdout.split(separator: "\n").map(String.init)
            #expect(lines.count == 6)
            #expect(lines.first?.hasPrefix("bgnbd: converged after ") == true)
            #expect(lines.first?.contains(" iterations on 300 customers — ") == true)
            #expect(lines.dropFirst().map { $0.split(separator: "=").first.map { String($0) } } == ["  a ", "  alpha ", "  b ", "  r ", "  log-likelihood "])
        }
    }

    @Test("fit --model gammagamma uses the customers with a repeat purchase; JSON params p, q, gamma")
    func fitGammaGamma() async throws {
        try await withSandbox(initialised: false) { cli in
            // given
            let summary = try await simulatedSummary(cli)
            let repeaters = summary.column("frequency").filter { $0 != "0" }.count
            #expect(repeaters > 250 && repeaters < 300)
            // when
            let fit = try #require(try await cli.analyticsJSON(["fit", "--model", "gammagamma", "--input", "summary.csv"]) as? [String: Any])
            // then
            #expect(fit["model"] as? String == "gammagamma")
            #expect(fit["converged"] as? Bool == true)
            #expect(fit["customers"] as? Int == repeaters)
            let params = try #require(fit["params"] as? [String: Double])
            #expect(Set(params.keys) == ["p", "q", "gamma"])
            #expect(params.values.allSatisfy { $0 > 0 && $0.isFinite })
            // mean spend p·γ/(q-1) is near the simulated customers' mean of 60
            let meanSpend = params["p"]! * params["gamma"]! / (params["q"]! - 1)
            #expect(meanSpend > 40 && meanSpend < 80, "p·gamma/(q-1) = \(meanSpend)")
        }
    }

    @Test("fit --model paretonbd on the same summary; JSON params r, alpha, s, beta")
    func fitParetoNBD() async throws {
        try await withSandbox(initialised: false) { cli in
            // given
            _ = try await simulatedSummary(cli)
            // when
            let fit = try #require(try await cli.analyticsJSON(["fit", "--model", "paretonbd", "--input", "summary.csv"]) as? [String: Any])
            // then
            #expect(fit["model"] as? String == "paretonbd")
            #expect(fit["converged"] as? Bool == true)
            #expect(fit["customers"] as? Int == 300)
            let params = try #require(fit["params"] as? [String: Double])
            #expect(Set(params.keys) == ["r", "alpha", "s", "beta"])
            #expect(params.values.allSatisfy { $0 > 0 && $0.isFinite })
            #expect((fit["log_likelihood"] as? Double ?? 0) < 0)
        }
    }

    /// 20 customers who never came back and 3 identical repeat buyers with identical spend.
    static let degenerateSummary = "customer_id,frequency,recency,T,monetary_value\n"
        + (1...20).map { "Z\($0),0,0.0,10.0,0.0\n" }.joined()
        + (1...3).map { "R\($0),1,5.0,10.0,25.0\n" }.joined()

    @Test("a degenerate summary: every model either converges with parameters (exit 0) or says converged false with params null (exit 4)",
          arguments: ["bgnbd", "paretonbd", "gammagamma"])
    func fitDegenerate(model: String) async throws {
        try await withSandbox(initialised: false) { cli in
            // given
            try cli.write("degenerate.csv", Self.degenerateSummary)
            // when
            let first = try await cli.analytics(["fit", "--model", model, "--input", "degenerate.csv", "--format", "json"])
            let second = try await cli.analytics(["fit", "--model", model, "--input", "degenerate.csv", "--format", "json"])
            let table = try await cli.analytics(["fit", "--model", model, "--input", "degenerate.csv"])
            // then: the verdict is the same every time, and parameters are printed exactly when it converged
            #expect(first.stdout == second.stdout && first.status == second.status)
            let fit = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any], "\(first)")
            let converged = try #require(fit["converged"] as? Bool)
            #expect(fit["model"] as? String == model)
            #expect(fit["customers"] as? Int == (model == "gammagamma" ? 3 : 23))
            #expect((fit["params"] is NSNull) == !converged)
            #expect((fit["log_likelihood"] is NSNull) == !converged)
            #expect(first.status == (converged ? 0 : 4))
            #expect(table.status == first.status)
            #expect(table.stdout.hasPrefix("\(model): \(converged ? "converged" : "did NOT converge") after "))
            #expect(table.stdout.contains("log-likelihood") == converged)
            if converged {
                let params = try #require(fit["params"] as? [String: Double])
                #expect(params.values.allSatisfy { $0 > 0 && $0.isFinite })
            } else {
                #expect((fit["message"] as? String)?.isEmpty == false)
            }
            if model == "gammagamma" {
                // three equal spends have no spread to fit: p and q run off to infinity
                #expect(!converged)
                #expect((fit["message"] as? String)?.contains("not identifiable") == true)
            }
        }
    }

    // MARK: predict

    @Test("predict --horizon 10: one CSV row per customer in summary order, p_alive in [0, 1], nothing negative")
    func predictCSV() async throws {
        try await withSandbox(initialised: false) { cli in
            // given
            let summary = try await simulatedSummary(cli)
            // when
            let ten = CSVText(try await cli.analyticsOK(["predict", "--input", "summary.csv", "--horizon", "10"]).stdout)
            let twenty = CSVText(try await cli.analyticsOK(["predict", "--input", "summary.csv", "--horizon", "20"]).stdout)
            let zero = CSVText(try await cli.analyticsOK(["predict", "--input", "summary.csv", "--horizon", "0"]).stdout)
            let json = try #require(try await cli.analyticsJSON(["predict", "--input", "summary.csv", "--horizon", "10"]) as? [[String: Any]])
            // then
            #expect(ten.header == ["customer_id", "p_alive", "expected_purchases", "expected_spend", "clv"])
            #expect(ten.column("customer_id") == summary.column("customer_id"))
            #expect(ten.rows.allSatisfy { $0.count == 5 })
            let alive = ten.column("p_alive").compactMap(Double.init)
            #expect(alive.count == 300)
            #expect(alive.allSatisfy { $0 >= 0 && $0 <= 1 })
            for column in ["expected_purchases", "expected_spend", "clv"] {
                let values = ten.column(column).compactMap(Double.init)
                #expect(values.count == 300, "\(column) has empty cells")
                #expect(values.allSatisfy { $0 >= 0 && $0.isFinite }, "\(column)")
            }
            // BG/NBD: a customer without a repeat purchase has not had the chance to drop out
            let frequency = summary.column("frequency")
            for (index, x) in frequency.enumerated() where x == "0" { #expect(alive[index] == 1) }
            // customers without repeat purchases share the population's mean spend
            let firstTimers = Set(frequency.indices.filter { frequency[$0] == "0" }.map { ten.column("expected_spend")[$0] })
            #expect(firstTimers.count == 1)
            // a longer horizon never expects fewer purchases; a zero horizon expects none
            let purchases10 = ten.column("expected_purchases").compactMap(Double.init)
            let purchases20 = twenty.column("expected_purchases").compactMap(Double.init)
            #expect(zip(purchases10, purchases20).allSatisfy { $0 <= $1 })
            #expect(purchases10.contains { $0 > 0 })
            #expect(zero.column("expected_purchases").allSatisfy { $0 == "0.0" })
            #expect(zero.column("p_alive") == ten.column("p_alive"))
            // JSON carries the same rows
            #expect(json.count == 300)
            #expect(json.compactMap { $0["customer_id"] as? String } == ten.column("customer_id"))
            // (Foundation's JSONSerialization on Linux may parse the last digit one ulp off, so compare closely, not exactly)
            let jsonAlive = json.compactMap { $0["p_alive"] as? Double }
            #expect(jsonAlive.count == alive.count)
            #expect(zip(jsonAlive, alive).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) })
        }
    }

    @Test("predict refuses --model gammagamma and a negative horizon as malformed command lines (exit 64)")
    func predictBadOptions() async throws {
        try await withSandbox(initialised: false) { cli in
            // given
            _ = try await simulatedSummary(cli)
            // when
            let gamma = try await cli.analytics(["predict", "--input", "summary.csv", "--horizon", "10", "--model", "gammagamma"])
            let negative = try await cli.analytics(["predict", "--input", "summary.csv", "--horizon=-1"])
            // then
            #expect(gamma.status == 64 && gamma.stderr.contains("--model must be bgnbd or paretonbd"))
            #expect(negative.status == 64 && negative.stderr.contains("--horizon must be a number ≥ 0"))
            #expect(gamma.stdout.isEmpty && negative.stdout.isEmpty)
        }
    }

    // MARK: holdout

    @Test("holdout --format json: total_actual is the number of distinct purchase days in the holdout period")
    func holdoutJSON() async throws {
        try await withSandbox(initialised: false) { cli in
            // given: the simulated 2024 (calibration, up to 2024-12-31) and hand-made 2025 purchases
            let holdout = """
                C001,2025-01-10,10.00
                C001,2025-01-10,12.00
                C001,2025-01-20,30.00
                C002,2025-02-01,40.00
                C003,2025-03-15,50.00
                C004,2024-12-31,20.00
                C005,2025-03-01,25.00
                NEW1,2025-01-05,60.00
                NEW1,2025-02-05,60.00

                """
            // C001: 2 days (Jan 10 twice counts once); C002: 1; C003's Mar 15 is after the observation end: 0;
            // C004's Dec 31 is the calibration end itself: 0; C005 on the observation end day: 1;
            // NEW1 first buys after the calibration end and is left out. Total 4.
            try cli.write("log.csv", AnalyticsFixtures.simulatedLog + holdout)
            let period = ["--calibration-end", "2024-12-31", "--observation-end", "2025-03-01"]
            // when
            let report = try #require(try await cli.analyticsJSON(["holdout", "log.csv"] + period) as? [String: Any])
            let rows = CSVText(try await cli.analyticsOK(["holdout", "log.csv", "--format", "csv"] + period).stdout)
            let table = try await cli.analyticsOK(["holdout", "log.csv"] + period)
            // then
            #expect(report["total_actual"] as? Double == 4)
            #expect(report["customers"] as? Int == 300)
            let fit = try #require(report["fit"] as? [String: Any])
            #expect(fit["model"] as? String == "bgnbd" && fit["converged"] as? Bool == true)
            #expect((report["total_predicted"] as? Double ?? -1) > 0)
            let buckets = try #require(report["buckets"] as? [[String: Any]])
            #expect(buckets.compactMap { $0["frequency"] as? String } == ["0", "1", "2", "3", "4", "5", "6", "7+"])
            #expect(buckets.compactMap { $0["customers"] as? Int }.reduce(0, +) == 300)
            #expect(rows.header == ["customer_id", "frequency", "predicted", "actual"])
            #expect(rows.rows.count == 300)
            #expect(rows.row("C001")?["actual"] == "2")
            #expect(rows.row("C002")?["actual"] == "1")
            #expect(rows.row("C003")?["actual"] == "0")
            #expect(rows.row("C004")?["actual"] == "0")
            #expect(rows.row("C005")?["actual"] == "1")
            #expect(rows.row("NEW1") == nil)
            #expect(rows.column("actual").compactMap(Int.init).reduce(0, +) == 4)
            #expect(table.stdout.contains("customers 300 · predicted "))
            #expect(table.stdout.contains(" · actual 4 purchases in the holdout"))
        }
    }

    // MARK: bad input

    @Test("a summary with bad rows: exit 1, every problem as FILE:LINE: COLUMN: problem, nothing on stdout")
    func badSummaryRows() async throws {
        try await withSandbox(initialised: false) { cli in
            // given
            try cli.write("bad.csv", """
                customer_id,frequency,recency,T,monetary_value
                A,2,12,10,5
                B,1.5,3,10,5
                C,-1,0,10,0
                D,,3,10,5
                E,1,NaN,10,5
                F,0,2,10,0
                G,1,-2,10,-3
                H,1,3,10,5

                """)
            // when
            let results = [
                try await cli.analytics(["fit", "--model", "bgnbd", "--input", "bad.csv", "--format", "json"]),
                try await cli.analytics(["fit", "--model", "gammagamma", "--input", "bad.csv"]),
                try await cli.analytics(["predict", "--input", "bad.csv", "--horizon", "5"]),
            ]
            // then
            for result in results {
                #expect(result.status == 1)
                #expect(result.stdout.isEmpty)
                #expect(result.errorLines == [
                    "error: bad.csv:2: recency: 12.0 is greater than T (10.0)",
                    "error: bad.csv:3: frequency: 1.5 is not a whole number",
                    "error: bad.csv:4: frequency: -1.0 is negative",
                    "error: bad.csv:5: frequency: is empty",
                    "error: bad.csv:6: recency: 'NaN' is not a number",
                    "error: bad.csv:7: recency: must be 0 when frequency is 0, not 2.0",
                    "error: bad.csv:8: monetary_value: -3.0 is negative",
                    "error: bad.csv:8: recency: -2.0 is negative",
                ])
            }
        }
    }

    @Test("more than 100 bad rows: the first 100 and a count")
    func manyBadRows() async throws {
        try await withSandbox(initialised: false) { cli in
            // given
            try cli.write("bad.csv", "customer_id,frequency,recency,T\n" + (1...130).map { "C\($0),1,20,10\n" }.joined())
            // when
            let result = try await cli.analytics(["fit", "--model", "bgnbd", "--input", "bad.csv"])
            // then
            #expect(result.status == 1)
            #expect(result.errorLines.count == 101)
            #expect(result.errorLines.first == "error: bad.csv:2: recency: 20.0 is greater than T (10.0)")
            #expect(result.errorLines[99] == "error: bad.csv:101: recency: 20.0 is greater than T (10.0)")
            #expect(result.errorLines.last == "error: … and 30 more problems")
        }
    }

    @Test("a summary without T, with too few customers, with no repeat buyer, or without rows: exit 1 naming the problem")
    func badSummaryFiles() async throws {
        try await withSandbox(initialised: false) { cli in
            // given
            try cli.write("no-t.csv", "customer_id,frequency,recency,monetary_value\nA,2,5,10\n")
            try cli.write("two.csv", "customer_id,frequency,recency,T,monetary_value\nA,2,5,10,20\nB,1,4,10,30\n")
            try cli.write("no-repeat.csv", "id,frequency,recency,T\nA,0,0,10\nB,0,0,8\nC,0,0,3\n")
            try cli.write("header-only.csv", "customer_id,frequency,recency,T\n")
            // when
            let noT = try await cli.analytics(["fit", "--model", "bgnbd", "--input", "no-t.csv"])
            let two = try await cli.analytics(["fit", "--model", "bgnbd", "--input", "two.csv"])
            let twoGamma = try await cli.analytics(["fit", "--model", "gammagamma", "--input", "two.csv"])
            let twoPredict = try await cli.analytics(["predict", "--input", "two.csv", "--horizon", "5"])
            let noRepeat = try await cli.analytics(["fit", "--model", "paretonbd", "--input", "no-repeat.csv"])
            let noMoney = try await cli.analytics(["fit", "--model", "gammagamma", "--input", "no-repeat.csv"])
            let empty = try await cli.analytics(["fit", "--model", "bgnbd", "--input", "header-only.csv"])
            // then
            #expect(noT.errorLines == ["error: no-t.csv:1: T: missing column (found: customer_id, frequency, recency, monetary_value)"])
            #expect(two.errorLines == ["error: --input: too few customers for a BG/NBD fit: need at least 3, found 2"])
            #expect(twoGamma.errorLines == ["error: --input: too few customers for a Gamma-Gamma fit (customers with frequency > 0): need at least 3, found 2"])
            #expect(twoPredict.errorLines == two.errorLines)
            #expect(noRepeat.errorLines == ["error: --input: too few customers for a Pareto/NBD fit (customers with a repeat purchase): need at least 1, found 0"])
            #expect(noMoney.errorLines == ["error: --input: Gamma-Gamma needs a monetary_value column"])
            #expect(empty.errorLines == ["error: --input: empty input: no customers"])
            for result in [noT, two, twoGamma, twoPredict, noRepeat, noMoney, empty] {
                #expect(result.status == 1, "\(result)")
                #expect(result.stdout.isEmpty)
            }
        }
    }

    @Test("a transaction log with bad rows: every bad date, empty customer and bad amount named by line and column")
    func badLogRows() async throws {
        try await withSandbox(initialised: false) { cli in
            // given
            try cli.write("log.csv", """
                customer_id,date,amount
                A,2024-13-01,5
                B,,5
                ,2024-01-01,5
                C,2024-01-02,five
                D,2024-01-03,5

                """)
            // when
            let summarize = try await cli.analytics(["summarize", "log.csv"])
            let holdout = try await cli.analytics(["holdout", "log.csv", "--calibration-end", "2024-01-02", "--observation-end", "2024-01-03"])
            // then
            for result in [summarize, holdout] {
                #expect(result.status == 1)
                #expect(result.stdout.isEmpty)
                #expect(result.errorLines.count == 4, "\(result)")
                #expect(result.errorLines.prefix(3) == [
                    "error: log.csv:2: date: '2024-13-01' is not a valid date (expected YYYY-MM-DD)",
                    "error: log.csv:3: date: the date is empty",
                    "error: log.csv:4: customer_id: is empty",
                ])
                #expect(result.errorLines.last?.hasPrefix("error: log.csv:5: amount: ") == true)
            }
        }
    }

    @Test("an unknown --date-format token, a calibration end after the observation end, a missing file: exit 1, one message")
    func badOptionsAndFiles() async throws {
        try await withSandbox(initialised: false) { cli in
            // given
            try cli.write("log.csv", AnalyticsFixtures.handMadeLog)
            // when
            let token = try await cli.analytics(["summarize", "log.csv", "--date-format", "QQ.MM.YYYY"])
            let order = try await cli.analytics(["summarize", "log.csv", "--calibration-end", "2024-02-01", "--observation-end", "2024-01-29"])
            let badEnd = try await cli.analytics(["summarize", "log.csv", "--observation-end", "end of January"])
            let missingLog = try await cli.analytics(["summarize", "missing.csv"])
            let missingSummary = try await cli.analytics(["fit", "--model", "bgnbd", "--input", "missing.csv"])
            let missingPredict = try await cli.analytics(["predict", "--input", "missing.csv", "--horizon", "5"])
            let missingHoldout = try await cli.analytics(["holdout", "missing.csv", "--calibration-end", "2024-01-12", "--observation-end", "2024-01-29"])
            // then
            #expect(token.errorLines == ["error: --date-format: unknown token 'QQ' in date format 'QQ.MM.YYYY' (use YYYY, MM, M, DD, D, HH, mm, ss; other letters except T and Z are not allowed)"])
            #expect(order.errorLines == ["error: --calibration-end: must be before the observation end"])
            #expect(badEnd.errorLines.count == 1 && badEnd.errorLines.first?.hasPrefix("error: --observation-end: 'end of January' is not a valid date") == true)
            for result in [missingLog, missingSummary, missingPredict, missingHoldout] {
                #expect(result.errorLines == ["error: missing.csv: cannot read the file (missing or not readable)"])
            }
            for result in [token, order, badEnd, missingLog, missingSummary, missingPredict, missingHoldout] {
                #expect(result.status == 1, "\(result)")
                #expect(result.stdout.isEmpty)
            }
        }
    }
}
