import PaladinCore

extension ReportOptions {
    /// Whether `instant` lies in the window (both ends included; an open end admits everything).
    public func contains(_ instant: Timestamp) -> Bool {
        (from.map { instant >= $0 } ?? true) && (to.map { instant <= $0 } ?? true)
    }
}

/// Helpers the reports share: stage order, rounding and cell text.
enum ReportFormat {
    /// A share or ratio rounded to four decimals, so the JSON, the table and the CSV agree.
    static func ratio(_ numerator: Int, _ denominator: Int) -> Double? {
        guard denominator > 0 else { return nil }
        return (Double(numerator) / Double(denominator) * 10_000).rounded() / 10_000
    }

    /// A cell: numbers as JSON writes them, nil as empty text.
    static func cell(_ value: Double?) -> String {
        guard let value else { return "" }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    static func cell(_ value: Int?) -> String { value.map(String.init) ?? "" }
    /// An amount as JSON writes it (`"1234.56"` without the quotes); empty for nil.
    static func cell(_ value: Money?) -> String { value?.description ?? "" }

    /// `value` rounded half away from zero to `places` decimals.
    static func rounded(_ value: Double, places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (value * scale).rounded(.toNearestOrAwayFromZero) / scale
    }

    /// `cents` divided by `count`, rounded half away from zero to a cent; nil when `count` is zero.
    static func perCustomer(_ cents: Int64, _ count: Int) -> Money? {
        guard count > 0 else { return nil }
        let count = Int64(count)
        let (quotient, remainder) = cents.quotientAndRemainder(dividingBy: count)
        let roundAway = 2 * abs(remainder) >= count
        return Money(cents: quotient + (roundAway ? (cents < 0 ? -1 : 1) : 0))
    }
    static func cell(_ value: String?) -> String { value ?? "" }
    static func cell(_ value: Timestamp?) -> String { value?.description ?? "" }

    /// Sorts stage keys in the model's order; keys no longer in the model go last, by key.
    static func stageOrder(_ model: JourneyModel) -> (String?, String?) -> Bool {
        let rank = Dictionary(uniqueKeysWithValues: model.stages.enumerated().map { ($1.key, $0) })
        return { lhs, rhs in
            // nil (no stage: entering the model) comes first.
            switch (lhs, rhs) {
            case (nil, nil): return false
            case (nil, _): return true
            case (_, nil): return false
            case (let l?, let r?):
                let a = rank[l] ?? Int.max, b = rank[r] ?? Int.max
                return a != b ? a < b : l < r
            }
        }
    }
}

/// How many stays lasted each whole number of days: enough for exact percentiles without the stays themselves.
public struct DayHistogram: Sendable, Hashable {
    /// Stays per whole days spent.
    public var counts: [Int: Int]

    /// A histogram from counts per whole days.
    public init(_ counts: [Int: Int] = [:]) { self.counts = counts }

    /// Adds `count` stays of `days` days.
    public mutating func add(days: Int, count: Int = 1) { counts[days, default: 0] += count }

    /// The number of stays.
    public var total: Int { counts.values.reduce(0, +) }

    /// The nearest-rank percentile `p` (0 < p ≤ 100): the smallest day count at or below which at least p% of the
    /// stays lie. nil when there are no stays.
    public func percentile(_ p: Int) -> Int? {
        let n = total
        guard n > 0 else { return nil }
        let rank = max(1, (p * n + 99) / 100)
        var seen = 0
        for days in counts.keys.sorted() {
            seen += counts[days]!
            if seen >= rank { return days }
        }
        return counts.keys.max()
    }

    /// Stays longer than `days` whole days.
    public func count(over days: Int) -> Int { counts.filter { $0.key > days }.values.reduce(0, +) }
}
