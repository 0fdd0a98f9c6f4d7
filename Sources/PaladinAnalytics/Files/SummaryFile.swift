import PaladinCore

/// A problem with a summary or transaction file, named by line and column.
public struct AnalyticsFileError: Error, Sendable, CustomStringConvertible {
    /// The file name used in messages.
    public var source: String
    /// Every problem found (the caller lists the first ones).
    public var problems: [ImportRowError]

    /// `FILE:LINE: COLUMN: problem`, one per line (at most 100, then a count).
    public var description: String {
        var lines = problems.prefix(100).map { "\(source):\($0)" }
        if problems.count > 100 { lines.append("… and \(problems.count - 100) more problems") }
        return lines.joined(separator: "\n")
    }
}

/// Reads the per-customer summary CSV that `paladin analytics summarize` writes (and lifetimes writes):
/// `customer_id` (or `id`), `frequency`, `recency`, `T`, optionally `monetary_value`.
public enum SummaryFile {
    /// The customers' ids and their data, or every problem in the file.
    public static func read(_ bytes: [UInt8], source: String) throws(AnalyticsFileError) -> (ids: [String], data: RFMData) {
        var reader: CSVReader
        do { reader = try CSVReader(bytes: bytes) } catch {
            throw AnalyticsFileError(source: source, problems: [ImportRowError(line: error.line, column: "", message: error.message)])
        }
        func column(_ names: [String]) -> Int? { reader.columnIndex(names) }
        let idColumn = column(["customer_id", "id", "customer"])
        var missing: [ImportRowError] = []
        var positions: [String: Int] = [:]
        for name in ["frequency", "recency", "T"] {
            if let index = column([name]) { positions[name] = index } else {
                missing.append(ImportRowError(line: reader.headerLine, column: name, message: "missing column (found: \(reader.header.joined(separator: ", ")))"))
            }
        }
        if !missing.isEmpty { throw AnalyticsFileError(source: source, problems: missing) }
        let monetaryColumn = column(["monetary_value"])
        var ids: [String] = [], frequency: [Double] = [], recency: [Double] = [], T: [Double] = [], monetary: [Double] = []
        var problems: [ImportRowError] = []
        var seen: [String: Int] = [:]
        do {
            while let record = try reader.next() {
                func number(_ name: String, _ index: Int?) -> Double? {
                    guard let index, index < record.fields.count else { return nil }
                    let text = record.fields[index].trimmingSpaces
                    guard !text.isEmpty else {
                        problems.append(ImportRowError(line: record.line, column: name, message: "is empty"))
                        return nil
                    }
                    guard let value = Double(text), value.isFinite else {
                        problems.append(ImportRowError(line: record.line, column: name, message: "'\(text)' is not a number"))
                        return nil
                    }
                    return value
                }
                let x = number("frequency", positions["frequency"]), tx = number("recency", positions["recency"]), t = number("T", positions["T"])
                let m = monetaryColumn == nil ? 0 : number("monetary_value", monetaryColumn)
                guard let x, let tx, let t, let m else { continue }
                var rowProblems: [String: String] = [:]
                if x < 0 { rowProblems["frequency"] = "\(x) is negative" } else if x.rounded() != x { rowProblems["frequency"] = "\(x) is not a whole number" }
                if tx < 0 { rowProblems["recency"] = "\(tx) is negative" }
                if t < 0 { rowProblems["T"] = "\(t) is negative" }
                if tx > t { rowProblems["recency"] = "\(tx) is greater than T (\(t))" }
                if x == 0, tx != 0 { rowProblems["recency"] = "must be 0 when frequency is 0, not \(tx)" }
                if m < 0 { rowProblems["monetary_value"] = "\(m) is negative" }
                if !rowProblems.isEmpty {
                    problems += rowProblems.keys.sorted().map { ImportRowError(line: record.line, column: $0, message: rowProblems[$0]!) }
                    continue
                }
                let id = idColumn.flatMap { $0 < record.fields.count ? record.fields[$0].trimmingSpaces : nil } ?? String(ids.count + 1)
                if let first = seen[id] {
                    problems.append(ImportRowError(line: record.line, column: "customer_id", message: "'\(id)' appears again (first on line \(first))"))
                    continue
                }
                seen[id] = record.line
                ids.append(id)
                frequency.append(x)
                recency.append(tx)
                T.append(t)
                monetary.append(m)
            }
        } catch {
            problems.append(ImportRowError(line: error.line, column: "", message: error.message))
        }
        if !problems.isEmpty { throw AnalyticsFileError(source: source, problems: problems) }
        return (ids, RFMData(frequency: frequency, recency: recency, T: T, monetaryValue: monetaryColumn == nil ? [] : monetary))
    }
}

/// Reads a transaction log CSV (customer, date, amount) into the repeat-buying models' transactions.
public enum TransactionFile {
    /// The columns to read, by header name.
    public struct Columns: Sendable {
        public var customer: String?
        public var date: String?
        public var amount: String?

        /// Column names; nil picks the usual names (`customer_id`/`customer`/`id`, `date`, `amount`).
        public init(customer: String? = nil, date: String? = nil, amount: String? = nil) {
            self.customer = customer
            self.date = date
            self.amount = amount
        }
    }

    /// The transactions (amounts in cents, 0 when there is no amount column), or every problem in the file.
    public static func read(_ bytes: [UInt8], source: String, columns: Columns, dates: DateParser, amounts: AmountParser) throws(AnalyticsFileError) -> [Transaction] {
        var reader: CSVReader
        do { reader = try CSVReader(bytes: bytes) } catch {
            throw AnalyticsFileError(source: source, problems: [ImportRowError(line: error.line, column: "", message: error.message)])
        }
        let header = reader.headerLine
        func find(_ given: String?, _ defaults: [String], _ label: String, required: Bool) throws(AnalyticsFileError) -> Int? {
            if let index = reader.columnIndex(given.map { [$0] } ?? defaults) { return index }
            guard required || given != nil else { return nil }
            throw AnalyticsFileError(source: source, problems: [ImportRowError(line: header, column: given ?? label,
                message: "missing column (found: \(reader.header.joined(separator: ", ")))")])
        }
        let customerColumn = try find(columns.customer, ["customer_id", "customer", "id"], "customer_id", required: true)!
        let dateColumn = try find(columns.date, ["date", "purchased_at", "order_date", "timestamp"], "date", required: true)!
        let amountColumn = try find(columns.amount, ["amount", "total", "value", "revenue"], "amount", required: false)
        var transactions: [Transaction] = []
        var problems: [ImportRowError] = []
        do {
            while let record = try reader.next() {
                let fields = record.fields
                let customer = customerColumn < fields.count ? fields[customerColumn].trimmingSpaces : ""
                if customer.isEmpty { problems.append(ImportRowError(line: record.line, column: reader.header[customerColumn], message: "is empty")); continue }
                let dateText = dateColumn < fields.count ? fields[dateColumn] : ""
                guard case .success(let seconds) = dates.parse(dateText) else {
                    if case .failure(let failure) = dates.parse(dateText) { problems.append(ImportRowError(line: record.line, column: reader.header[dateColumn], message: failure.message)) }
                    continue
                }
                var cents: Int64 = 0
                if let amountColumn {
                    switch amounts.parse(amountColumn < fields.count ? fields[amountColumn] : "") {
                    case .success(let value) where value < 0:
                        problems.append(ImportRowError(line: record.line, column: reader.header[amountColumn], message: "'\(fields[amountColumn])' is negative; amounts must be zero or more"))
                        continue
                    case .success(let value): cents = value
                    case .failure(let failure): problems.append(ImportRowError(line: record.line, column: reader.header[amountColumn], message: failure.message)); continue
                    }
                }
                transactions.append(Transaction(customer: customer, day: Timestamp(seconds: seconds).date.daysSinceEpoch, amount: cents))
            }
        } catch {
            problems.append(ImportRowError(line: error.line, column: "", message: error.message))
        }
        if !problems.isEmpty { throw AnalyticsFileError(source: source, problems: problems) }
        return transactions
    }
}
