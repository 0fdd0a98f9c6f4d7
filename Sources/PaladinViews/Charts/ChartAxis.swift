/// A linear scale from data values to pixels, with round tick values.
struct ChartScale {
    let lower: Double
    let upper: Double
    let ticks: [Double]
    /// Decimals the tick labels need (a step of 0.25 needs two).
    let tickDecimals: Int

    /// A scale covering `values` and zero, with about `count` ticks; whole steps when `integers`.
    init(covering values: [Double], count: Int = 5, integers: Bool = false, includeZero: Bool = true) {
        let finite = values.filter(\.isFinite)
        var low = finite.min() ?? 0
        var high = finite.max() ?? 0
        if includeZero {
            low = min(low, 0)
            high = max(high, 0)
        }
        if low == high {
            high = low + (integers ? 1 : max(1, abs(low)))
            if low != 0, !includeZero { low -= 1 }
        }
        var step = Self.niceStep((high - low) / Double(max(1, count)))
        if integers { step = max(1, step.rounded(.up)) }
        let first = (low / step).rounded(.down)
        let last = (high / step).rounded(.up)
        lower = first * step
        upper = last * step
        ticks = stride(from: first, through: last, by: 1).map { $0 * step }
        var decimals = 0
        var unit = 1.0
        while step.remainder(dividingBy: unit).magnitude > step * 1e-9, decimals < 6 {
            decimals += 1
            unit /= 10
        }
        tickDecimals = decimals
    }

    /// 1, 2, 2.5 or 5 times a power of ten, at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        var power = 1.0
        while power * 10 <= raw { power *= 10 }
        while power > raw { power /= 10 }
        for factor in [1.0, 2, 2.5, 5, 10] where factor * power >= raw * (1 - 1e-12) {
            return factor * power
        }
        return 10 * power
    }

    /// The pixel for `value` on an axis drawn from `start` (at `lower`) to `end` (at `upper`).
    func position(_ value: Double, from start: Double, to end: Double) -> Double {
        guard upper > lower else { return start }
        return start + (value - lower) / (upper - lower) * (end - start)
    }
}
