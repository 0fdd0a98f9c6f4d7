/// Column-oriented recency/frequency/age data, the input of every fitter.
///
/// Units follow lifetimes: `frequency` (x) is the number of repeat purchase
/// periods, `recency` (t_x) the age at the last purchase and `T` the age at the
/// end of observation, both in one time unit chosen by the caller.
/// `weights` lets identical (x, t_x, T) rows be passed once with a count, like
/// lifetimes' `weights` argument; `nil` means every row counts once.
public struct RFMData: Sendable, Equatable {
    /// Number of repeat purchases per customer (x); whole numbers >= 0.
    public var frequency: [Double]
    /// Age of the customer at the last purchase (t_x), 0 when x = 0.
    public var recency: [Double]
    /// Age of the customer at the end of observation.
    public var T: [Double]
    /// Mean spend over the repeat purchases (0 when x = 0); empty when unknown.
    public var monetaryValue: [Double]
    /// Optional row multiplicities; `nil` for one customer per row.
    public var weights: [Double]?

    /// Creates data from parallel columns; call ``validate()`` (the fitters do) to check it.
    public init(
        frequency: [Double],
        recency: [Double],
        T: [Double],
        monetaryValue: [Double] = [],
        weights: [Double]? = nil
    ) {
        self.frequency = frequency
        self.recency = recency
        self.T = T
        self.monetaryValue = monetaryValue
        self.weights = weights
    }

    /// Creates data from customer summaries (calibration columns only).
    public init(summaries: [CustomerSummary]) {
        self.init(
            frequency: summaries.map { Double($0.frequency) },
            recency: summaries.map(\.recency),
            T: summaries.map(\.T),
            monetaryValue: summaries.map(\.monetaryValue)
        )
    }

    /// Number of rows.
    public var count: Int { frequency.count }

    /// Total weight: the number of customers the rows stand for.
    public var totalWeight: Double {
        weights.map { $0.reduce(0, +) } ?? Double(count)
    }

    /// Checks column lengths and every row with lifetimes' rules (recency <= T,
    /// whole non-negative frequency, recency 0 when frequency is 0, finite values,
    /// non-negative weights).
    public func validate() throws {
        guard count > 0 else { throw RepeatBuyingError.emptyInput("no customers") }
        guard recency.count == count, T.count == count else {
            throw RepeatBuyingError.lengthMismatch(
                "frequency has \(count) rows, recency \(recency.count), T \(T.count)")
        }
        if !monetaryValue.isEmpty && monetaryValue.count != count {
            throw RepeatBuyingError.lengthMismatch(
                "frequency has \(count) rows, monetaryValue \(monetaryValue.count)")
        }
        if let weights {
            guard weights.count == count else {
                throw RepeatBuyingError.lengthMismatch("frequency has \(count) rows, weights \(weights.count)")
            }
            for (i, w) in weights.enumerated() {
                try Check.finite(w, "weights", i)
                if w < 0 { throw RepeatBuyingError.negativeValue(field: "weights", index: i, value: w) }
            }
        }
        for i in 0..<count {
            try Check.customer(frequency: frequency[i], recency: recency[i], T: T[i], index: i)
        }
        for (i, m) in monetaryValue.enumerated() {
            try Check.finite(m, "monetaryValue", i)
        }
    }

    /// Returns the row weight (1 when unweighted).
    @inline(__always)
    func weight(_ i: Int) -> Double { weights?[i] ?? 1 }

    /// Merges rows with identical (frequency, recency, T) into one row whose weight is the
    /// sum of their weights, in order of first appearance; monetary values are dropped.
    ///
    /// Day-grained real data often has many identical rows, so fitting the aggregate is
    /// faster and gives the same likelihood (lifetimes' `weights`). Simulated continuous
    /// data has almost none.
    public func aggregated() -> RFMData {
        struct Key: Hashable { let x: Double, tx: Double, T: Double }
        var slot: [Key: Int] = [:]
        var out = RFMData(frequency: [], recency: [], T: [], weights: [])
        for i in 0..<count {
            let key = Key(x: frequency[i], tx: recency[i], T: T[i])
            if let k = slot[key] {
                out.weights![k] += weight(i)
            } else {
                slot[key] = out.count
                out.frequency.append(key.x)
                out.recency.append(key.tx)
                out.T.append(key.T)
                out.weights!.append(weight(i))
            }
        }
        return out
    }
}

/// Distinct values of a whole-number column and each row's index into them.
///
/// Fitters use it to compute terms that depend only on x (lgamma, digamma)
/// once per distinct frequency instead of once per customer.
struct DistinctIndex: Sendable {
    /// Sorted distinct values.
    let values: [Double]
    /// For each row, the position of its value in `values`.
    let index: [Int32]

    /// Builds the index; values are expected to be whole numbers >= 0.
    init(_ column: [Double]) {
        let maxValue = column.max() ?? 0
        if maxValue <= Double(4 * column.count + 1024) {
            // Dense table: whole numbers up to maxValue.
            var slot = [Int32](repeating: -1, count: Int(maxValue) + 1)
            for v in column { slot[Int(v)] = 0 }
            var values: [Double] = []
            for (v, s) in slot.enumerated() where s == 0 {
                slot[v] = Int32(values.count)
                values.append(Double(v))
            }
            self.values = values
            self.index = column.map { slot[Int($0)] }
        } else {
            let sorted = Array(Set(column)).sorted()
            var position: [Double: Int32] = [:]
            for (i, v) in sorted.enumerated() { position[v] = Int32(i) }
            self.values = sorted
            self.index = column.map { position[$0]! }
        }
    }
}
