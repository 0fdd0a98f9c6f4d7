/// Parses money amounts into hundredths (cents) without any floating point.
///
/// Default mode: `.` is the decimal separator and `,` may group thousands
/// (`1,234,567.89`). Decimal-comma mode: `,` is the decimal separator and `.`,
/// space, no-break space (U+00A0) or narrow no-break space (U+202F) may group
/// thousands (`1.234,56`, `1 234,56`). Grouping must be consistent and exact:
/// 1 to 3 leading digits, then groups of exactly 3 (`1,23.4` is rejected).
/// A leading `-` or `+` is allowed; at most 2 decimals; `.5` means 0.50.
/// Surrounding spaces and tabs are ignored.
public struct AmountParser: Sendable {
    /// Whether `,` is the decimal separator instead of `.`.
    public let decimalComma: Bool

    /// Creates a parser; pass `decimalComma: true` for `1.234,56`-style amounts.
    public init(decimalComma: Bool = false) {
        self.decimalComma = decimalComma
    }

    /// The largest amount, in cents, either way: under a trillion. Far above any one purchase or cost, and low enough
    /// that the sums of a customer's or a workspace's amounts (millions of rows) stay inside `Int64`.
    public static let maximumCents: Int64 = 99_999_999_999_999

    /// Parses `text` into hundredths, e.g. `"-1,234.5"` → `-123450`.
    ///
    /// - Returns: The amount in cents, or an ``AmountParseFailure`` quoting the
    ///   text: empty, unexpected characters, bad grouping, more than 2 decimal
    ///   places, or a value beyond ``maximumCents``.
    public func parse<S: StringProtocol>(_ text: S) -> Result<Int64, AmountParseFailure> {
        withTrimmedUTF8(text) { bytes in parse(bytes) }
    }

    /// Formats cents as a plain decimal with 2 places: `"1234.56"`, `"-0.05"`.
    public static func format(cents: Int64) -> String {
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        return (cents < 0 ? "-" : "") + String(magnitude / 100) + (fraction < 10 ? ".0" : ".") + String(fraction)
    }

    private func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Int64, AmountParseFailure> {
        var quoted: String { "'\(makeString(bytes))'" }
        func failure(_ message: String) -> Result<Int64, AmountParseFailure> {
            .failure(AmountParseFailure(text: makeString(bytes), message: message))
        }
        let count = bytes.count
        guard count > 0 else { return failure("the amount is empty") }
        let decimalSeparator: UInt8 = decimalComma ? ASCII.comma : 0x2E
        var index = 0
        let negative = bytes[0] == 0x2D
        if negative || bytes[0] == 0x2B { index = 1 }
        var units: UInt64 = 0
        var overflow = false
        var integerDigits = 0
        var groupDigits = 0
        var groupSeparator: UInt8? = nil
        var grouping: String {
            "\(quoted) has invalid thousands grouping "
                + (decimalComma ? "('.' or space must separate groups of 3 digits)" : "(',' must separate groups of 3 digits)")
        }
        while index < count, bytes[index] != decimalSeparator {
            let byte = bytes[index]
            if ASCII.isDigit(byte) {
                let (times10, o1) = units.multipliedReportingOverflow(by: 10)
                let (sum, o2) = times10.addingReportingOverflow(UInt64(byte - ASCII.zero))
                units = sum
                overflow = overflow || o1 || o2
                integerDigits += 1
                groupDigits += 1
                index += 1
            } else if let length = groupSeparatorLength(bytes, at: index) {
                let validGroup = groupSeparator == nil ? (1...3).contains(groupDigits) : groupDigits == 3
                guard validGroup, groupSeparator == nil || groupSeparator == byte else { return failure(grouping) }
                groupSeparator = byte
                groupDigits = 0
                index += length
            } else {
                return failure("\(quoted) is not a valid amount (unexpected \(describeCharacter(bytes, at: index)))")
            }
        }
        if groupSeparator != nil, groupDigits != 3 { return failure(grouping) }
        var fraction: UInt64 = 0
        var fractionDigits = 0
        if index < count {
            index += 1
            while index < count, ASCII.isDigit(bytes[index]) {
                if fractionDigits < 2 { fraction = fraction * 10 + UInt64(bytes[index] - ASCII.zero) }
                fractionDigits += 1
                index += 1
            }
            if index < count {
                return failure("\(quoted) is not a valid amount (unexpected \(describeCharacter(bytes, at: index)))")
            }
            if fractionDigits > 2 { return failure("\(quoted) has more than 2 decimal places") }
            if fractionDigits == 0 { return failure("\(quoted) is not a valid amount (no digits after the decimal separator)") }
            if fractionDigits == 1 { fraction *= 10 }
        }
        if integerDigits == 0, fractionDigits == 0 { return failure("\(quoted) is not a valid amount (no digits)") }
        let (hundreds, o3) = units.multipliedReportingOverflow(by: 100)
        let (total, o4) = hundreds.addingReportingOverflow(fraction)
        guard !overflow, !o3, !o4, total <= UInt64(Self.maximumCents) else {
            return failure("\(quoted) is too large (amounts must lie within ±999,999,999,999.99)")
        }
        return .success(negative ? Int64(truncatingIfNeeded: 0 &- total) : Int64(total))
    }

    /// The byte length of a thousands separator allowed in this mode starting at
    /// `index`, or `nil`. Separators differ in their first byte.
    private func groupSeparatorLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        let byte = bytes[index]
        if !decimalComma { return byte == ASCII.comma ? 1 : nil }
        if byte == 0x2E || byte == ASCII.space { return 1 }
        let remaining = bytes.count - index
        if byte == 0xC2, remaining >= 2, bytes[index + 1] == 0xA0 { return 2 }
        if byte == 0xE2, remaining >= 3, bytes[index + 1] == 0x80, bytes[index + 2] == 0xAF { return 3 }
        return nil
    }

    /// Quotes the character starting at `index` for an error message.
    private func describeCharacter(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> String {
        let lead = bytes[index]
        let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        let end = min(bytes.count, index + length)
        return "'" + makeString(UnsafeBufferPointer(rebasing: bytes[index..<end])) + "'"
    }
}
