/// How a chart writes the numbers on its marks and axes: fixed decimals, no locale.
public struct ChartValueFormat: Sendable, Equatable {
    public var decimals: Int
    public var prefix: String
    public var suffix: String
    public var groupingSeparator: String

    public init(decimals: Int = 0, prefix: String = "", suffix: String = "", groupingSeparator: String = ",") {
        self.decimals = decimals
        self.prefix = prefix
        self.suffix = suffix
        self.groupingSeparator = groupingSeparator
    }

    /// Whole numbers with thousands separated by commas: `1,234`.
    public static let integer = ChartValueFormat()
    /// Numbers with `decimals` places: `12.5`.
    public static func decimal(_ decimals: Int) -> ChartValueFormat { ChartValueFormat(decimals: decimals) }
    /// Values already in percent (0–100): `42.0 %`.
    public static func percent(decimals: Int = 1) -> ChartValueFormat {
        ChartValueFormat(decimals: decimals, suffix: " %")
    }

    /// `value` written in this format, the sign before the prefix: `-€12`.
    public func string(_ value: Double) -> String {
        string(value, decimals: decimals)
    }

    func string(_ value: Double, decimals: Int) -> String {
        let digits = SVGNumber.fixed(abs(value), decimals: decimals, grouping: groupingSeparator)
        let negative = value < 0 && digits.contains(where: { $0 != "0" && $0.isNumber })
        return (negative ? "-" : "") + prefix + digits + suffix
    }
}

/// A share written as a percentage with one decimal: `percent(0.4)` is `40.0 %`.
func percentText(_ share: Double, decimals: Int = 1) -> String {
    ChartValueFormat.percent(decimals: decimals).string(share * 100)
}
