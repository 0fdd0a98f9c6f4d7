import PaladinCore

/// How the evidence reports round and write numbers, so the JSON and the table forms agree.
enum ReportNumbers {
    /// `value` rounded half away from zero to `places` decimals.
    static func rounded(_ value: Double, places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (value * scale).rounded(.toNearestOrAwayFromZero) / scale
    }

    /// A number as JSON writes it: `100`, `66.67`, `-0.5`.
    static func cell(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// An optional number; empty for nil (JSON `null`).
    static func cell(_ value: Double?) -> String { value.map { cell($0) } ?? "" }

    /// An amount as JSON writes it (`"1234.56"` without the quotes); empty for nil.
    static func cell(_ value: Money?) -> String { value?.description ?? "" }

    /// `cents` divided by `count`, rounded half away from zero to a cent; nil when `count` is zero.
    static func perCustomer(_ cents: Int64, _ count: Int) -> Money? {
        guard count > 0 else { return nil }
        let count = Int64(count)
        let (quotient, remainder) = cents.quotientAndRemainder(dividingBy: count)
        let roundAway = 2 * abs(remainder) >= count
        return Money(cents: quotient + (roundAway ? (cents < 0 ? -1 : 1) : 0))
    }
}
