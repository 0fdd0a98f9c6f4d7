import ArgumentParser
import Foundation
import PaladinAnalytics
import PaladinCore
import PaladinViews

struct AnalyticsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analytics",
        abstract: "Repeat-buying statistics on files: summarize a transaction log, fit BG/NBD, Pareto/NBD or Gamma-Gamma, predict, validate on a holdout.",
        discussion: "Definitions match the Python library lifetimes, so results can be compared. These commands read files only; `paladin score` applies the same models to the database.",
        subcommands: [Summarize.self, Fit.self, Predict.self, Holdout.self])

    /// Options shared by the commands that read a transaction log.
    struct TransactionOptions: ParsableArguments {
        @Option(help: "The customer column (default: customer_id, customer or id).") var customerColumn: String?
        @Option(help: "The date column (default: date).") var dateColumn: String?
        @Option(help: "The amount column (default: amount; without one, monetary values are 0).") var amountColumn: String?
        @Option(help: "Date format such as DD.MM.YYYY (default ISO 8601).") var dateFormat: String?
        @Flag(help: "Amounts are written like 1.234,56.") var decimalComma = false
        @Option(help: "day, week (7 days) or month (30 days).") var unit = UnitOption.week

        func transactions(_ file: String) throws -> [Transaction] {
            let dates: DateParser
            do { dates = try DateParser(format: dateFormat) } catch { throw UserInputError("--date-format", error.message) }
            do {
                return try TransactionFile.read(
                    try readBytes(file), source: file,
                    columns: .init(customer: customerColumn, date: dateColumn, amount: amountColumn),
                    dates: dates, amounts: AmountParser(decimalComma: decimalComma))
            } catch let error as AnalyticsFileError {
                throw FileProblems(text: error.description)
            }
        }
    }

    enum UnitOption: String, ExpressibleByArgument {
        case day, week, month
        var unit: TimeUnit { self == .day ? .day : (self == .week ? .week : .month) }
    }

    enum ModelOption: String, ExpressibleByArgument {
        case bgnbd, paretonbd, gammagamma
    }

    struct Summarize: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per customer: frequency, recency, T, monetary_value (CSV), as lifetimes' summary_data_from_transaction_data.")
        @Argument(help: "Transaction log CSV.") var file: String
        @OptionGroup var options: TransactionOptions
        @Option(help: "Last day observed (default: the last transaction's day).") var observationEnd: String?
        @Option(help: "End of the calibration period; adds frequency_holdout and duration_holdout.") var calibrationEnd: String?

        func run() async throws {
            try await CommandFailure.mapping {
                let transactions = try options.transactions(file)
                let (end, calibration) = try periodDays(transactions, file: file, format: options.dateFormat, observationEnd: observationEnd, calibrationEnd: calibrationEnd)
                let rows = try summarize(transactions, observationEnd: end, calibrationEnd: calibration, unit: options.unit.unit)
                var header = ["customer_id", "frequency", "recency", "T", "monetary_value"]
                if calibration != nil { header += ["frequency_holdout", "duration_holdout"] }
                var text = CSVWriter.line(header)
                for row in rows {
                    var fields = [row.customer, String(row.frequency), number(row.recency), number(row.T), number(row.monetaryValue / 100)]
                    if calibration != nil { fields += [String(row.frequencyHoldout ?? 0), number(row.durationHoldout ?? 0)] }
                    text += CSVWriter.line(fields)
                }
                Output.write(text)
            }
        }
    }

    struct Fit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Maximum-likelihood fit of a model to a summary CSV; a fit that does not converge says so and exits 4.")
        @Option(help: "bgnbd, paretonbd or gammagamma.") var model: ModelOption
        @Option(help: "Summary CSV: customer_id (or id), frequency, recency, T, monetary_value.") var input: String
        @Option(help: "json or table.") var format = FitFormat.table

        enum FitFormat: String, ExpressibleByArgument { case json, table }

        func run() async throws {
            let result = try await CommandFailure.mapping {
                let (_, data) = try readSummary(input)
                return try fit(model, data)
            }
            if format == .json {
                Output.line(Output.json(FitView(model: model.rawValue, result: result)))
            } else {
                Output.line("\(model.rawValue): \(result.converged ? "converged" : "did NOT converge") after \(result.iterations) iterations on \(result.customers) customers — \(result.message)")
                if result.converged {
                    for key in result.params.keys.sorted() { Output.line("  \(key) = \(result.params[key]!)") }
                    Output.line("  log-likelihood = \(result.logLikelihood)")
                }
            }
            if !result.converged { throw ExitCode(4) }
        }
    }

    struct Predict: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit on a summary CSV, then per customer: p_alive, expected_purchases over the horizon, expected_spend, clv (12 months, 1% a month).")
        @Option(help: "Summary CSV: customer_id, frequency, recency, T, monetary_value.") var input: String
        @Option(help: "Horizon, in the summary's time unit.") var horizon: Double
        @Option(help: "bgnbd or paretonbd.") var model = ModelOption.bgnbd
        @Option(help: "The summary's time unit, for CLV's months: day, week or month.") var unit = UnitOption.week
        @Option(help: "csv or json.") var format = PredictFormat.csv

        enum PredictFormat: String, ExpressibleByArgument { case csv, json }

        func validate() throws {
            if model == .gammagamma { throw ValidationError("--model must be bgnbd or paretonbd (Gamma-Gamma is fitted alongside for spend)") }
            if !(horizon >= 0) || !horizon.isFinite { throw ValidationError("--horizon must be a number ≥ 0") }
        }

        func run() async throws {
            let rows: [PredictionView] = try await CommandFailure.mapping {
                let (ids, data) = try readSummary(input)
                let purchaseResult = try fit(model, data)
                guard purchaseResult.converged else { throw UserInputError("--model", "the \(model.rawValue) fit did not converge: \(purchaseResult.message)") }
                let purchases: any PurchasePredicting = model == .bgnbd
                    ? BGNBDModel(params: BGNBDParameters(r: purchaseResult.params["r"]!, alpha: purchaseResult.params["alpha"]!, a: purchaseResult.params["a"]!, b: purchaseResult.params["b"]!))
                    : ParetoNBDModel(params: ParetoNBDParameters(r: purchaseResult.params["r"]!, alpha: purchaseResult.params["alpha"]!, s: purchaseResult.params["s"]!, beta: purchaseResult.params["beta"]!))
                var spend: GammaGammaModel?
                if !data.monetaryValue.isEmpty, let (model, result) = try? GammaGammaModel.fit(data), result.converged { spend = model }
                return try ids.indices.map { index in
                    let x = data.frequency[index], tx = data.recency[index], t = data.T[index]
                    let m = data.monetaryValue.isEmpty ? 0 : data.monetaryValue[index]
                    let customer = CustomerSummary(customer: ids[index], frequency: Int(x), recency: tx, T: t, monetaryValue: m)
                    let expectedSpend = try spend.map { x > 0 ? try $0.conditionalExpectedAverageProfit(frequency: x, monetaryValue: m) : try $0.populationMeanSpend() }
                    return PredictionView(
                        customer_id: ids[index],
                        p_alive: try purchases.conditionalProbabilityAlive(frequency: x, recency: tx, T: t),
                        expected_purchases: try purchases.conditionalExpectedPurchases(t: horizon, frequency: x, recency: tx, T: t),
                        expected_spend: expectedSpend,
                        clv: try spend.map { try customerLifetimeValue(model: purchases, spend: $0, customer: customer, unit: unit.unit) })
                }
            }
            if format == .json {
                Output.line(Output.json(rows))
                return
            }
            var text = CSVWriter.line(["customer_id", "p_alive", "expected_purchases", "expected_spend", "clv"])
            for row in rows {
                text += CSVWriter.line([row.customer_id, number(row.p_alive), number(row.expected_purchases),
                                        row.expected_spend.map(number) ?? "", row.clv.map(number) ?? ""])
            }
            Output.write(text)
        }
    }

    struct Holdout: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fit BG/NBD on the log up to the calibration end, predict each customer's purchases after it, compare with what happened.")
        @Argument(help: "Transaction log CSV.") var file: String
        @OptionGroup var options: TransactionOptions
        @Option(help: "End of the calibration period.") var calibrationEnd: String
        @Option(help: "End of the observation (holdout) period.") var observationEnd: String
        @Option(help: "table, csv (per customer) or json.") var format = OutputFormat.table

        func run() async throws {
            let (report, result) = try await CommandFailure.mapping {
                let transactions = try options.transactions(file)
                let (end, calibration) = try periodDays(transactions, file: file, format: options.dateFormat, observationEnd: observationEnd, calibrationEnd: calibrationEnd)
                let summary = try summarize(transactions, observationEnd: end, calibrationEnd: calibration, unit: options.unit.unit)
                let (model, result) = try BGNBDModel.fit(RFMData(summaries: summary))
                guard result.converged else { throw UserInputError("fit", "BG/NBD did not converge on the calibration period: \(result.message)") }
                return (try holdout(summary: summary, model: model), result)
            }
            switch format {
            case .json:
                Output.line(Output.json(HoldoutView(report: report, fit: FitView(model: "bgnbd", result: result))))
            case .csv:
                Output.rows(.csv, ["customer_id", "frequency", "predicted", "actual"], report.rows.map {
                    [$0.customer, String($0.frequency), number($0.predicted), String($0.actual)]
                })
            case .table:
                Output.line("BG/NBD fitted on the calibration period: " + result.params.keys.sorted().map { "\($0)=\(String(format: "%.4g", result.params[$0]!))" }.joined(separator: " "))
                Output.line("customers \(report.rows.count) · predicted \(String(format: "%.1f", report.totalPredicted)) · actual \(Int(report.totalActual)) purchases in the holdout")
                Output.line("mean absolute error \(String(format: "%.3f", report.meanAbsoluteError)) · RMSE \(String(format: "%.3f", report.rootMeanSquaredError)) per customer")
                Output.rows(.table, ["calibration purchases", "customers", "mean predicted", "mean actual"], report.buckets.map {
                    [$0.label, String($0.customers), String(format: "%.3f", $0.meanPredicted), String(format: "%.3f", $0.meanActual)]
                })
            }
        }
    }
}

/// Several problems in an input file, already formatted one per line.
struct FileProblems: Error { let text: String }

/// The observation end (default: the last transaction's day) and the calibration end, as days.
/// The ends may be written in the file's `--date-format` or as ISO 8601.
func periodDays(_ transactions: [Transaction], file: String, format: String?, observationEnd: String?, calibrationEnd: String?) throws -> (Int64, Int64?) {
    guard let lastDay = transactions.map(\.day).max() else { throw UserInputError(file, "has no transactions") }
    func day(_ text: String, _ option: String) throws -> Int64 {
        if let format, let parser = try? DateParser(format: format), case .success(let seconds) = parser.parse(text) {
            return Timestamp(seconds: seconds).date.daysSinceEpoch
        }
        return try parseTimestamp(text, option: option).date.daysSinceEpoch
    }
    let end = try observationEnd.map { try day($0, "--observation-end") } ?? lastDay
    let calibration = try calibrationEnd.map { try day($0, "--calibration-end") }
    if let calibration, calibration >= end { throw UserInputError("--calibration-end", "must be before the observation end") }
    return (end, calibration)
}

func readSummary(_ file: String) throws -> (ids: [String], data: RFMData) {
    do { return try SummaryFile.read(try readBytes(file), source: file) } catch let error as AnalyticsFileError {
        throw FileProblems(text: error.description)
    }
}

func fit(_ model: AnalyticsCommand.ModelOption, _ data: RFMData) throws -> FitResult {
    do {
        switch model {
        case .bgnbd: return try BGNBDModel.fit(data).result
        case .paretonbd: return try ParetoNBDModel.fit(data).result
        case .gammagamma:
            guard !data.monetaryValue.isEmpty else { throw UserInputError("--input", "Gamma-Gamma needs a monetary_value column") }
            return try GammaGammaModel.fit(data).result
        }
    } catch let error as RepeatBuyingError {
        throw UserInputError("--input", "\(error)")
    }
}

func readBytes(_ path: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else { throw UserInputError(path, "cannot read the file (missing or not readable)") }
    return [UInt8](data)
}

/// A number as lifetimes-style CSV text: shortest exact form.
func number(_ value: Double) -> String { value == value.rounded() && abs(value) < 1e15 ? String(format: "%.1f", value) : "\(value)" }

struct FitView: NullPreservingEncodable {
    let model: String
    let params: [String: Double]?
    let log_likelihood: Double?
    let iterations: Int
    let converged: Bool
    let customers: Int
    let message: String

    init(model: String, result: FitResult) {
        self.model = model
        // A fit that did not converge prints no parameters as if it had.
        params = result.converged ? result.params : nil
        log_likelihood = result.converged ? result.logLikelihood : nil
        iterations = result.iterations
        converged = result.converged
        customers = result.customers
        message = result.message
    }

}

struct PredictionView: NullPreservingEncodable {
    let customer_id: String
    let p_alive: Double
    let expected_purchases: Double
    let expected_spend: Double?
    let clv: Double?
}

struct HoldoutView: Encodable {
    struct Bucket: Encodable { let frequency: String; let customers: Int; let mean_predicted: Double; let mean_actual: Double }
    let fit: FitView
    let customers: Int
    let total_predicted: Double
    let total_actual: Double
    let mean_absolute_error: Double
    let rmse: Double
    let buckets: [Bucket]

    init(report: HoldoutReport, fit: FitView) {
        self.fit = fit
        customers = report.rows.count
        total_predicted = report.totalPredicted
        total_actual = report.totalActual
        mean_absolute_error = report.meanAbsoluteError
        rmse = report.rootMeanSquaredError
        buckets = report.buckets.map { Bucket(frequency: $0.label, customers: $0.customers, mean_predicted: $0.meanPredicted, mean_actual: $0.meanActual) }
    }
}
