/// A calendar date in the proleptic Gregorian calendar, without time or zone.
///
/// Valid dates range from 0001-01-01 to 9999-12-31. Conversions to and from a
/// day count use Howard Hinnant's `days_from_civil` / `civil_from_days`
/// algorithms: pure integer arithmetic, no `Calendar`.
/// Encodes to and decodes from a `"YYYY-MM-DD"` string.
public struct CivilDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The year, 1...9999.
    public let year: Int
    /// The month, 1...12.
    public let month: Int
    /// The day of the month, 1...28/29/30/31.
    public let day: Int

    /// The day count of 0001-01-01 relative to 1970-01-01.
    public static let minDaysSinceEpoch: Int64 = -719_162
    /// The day count of 9999-12-31 relative to 1970-01-01.
    public static let maxDaysSinceEpoch: Int64 = 2_932_896

    /// Creates a date, or returns `nil` unless year is 1...9999, month 1...12 and
    /// day exists in that month (February 29 only in leap years).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= CivilDate.daysInMonth(year: year, month: month) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Creates the date `daysSinceEpoch` days after 1970-01-01 (negative: before).
    ///
    /// - Precondition: `daysSinceEpoch` lies in
    ///   ``minDaysSinceEpoch``...``maxDaysSinceEpoch``.
    public init(daysSinceEpoch: Int64) {
        precondition(
            (CivilDate.minDaysSinceEpoch...CivilDate.maxDaysSinceEpoch).contains(daysSinceEpoch),
            "day \(daysSinceEpoch) is outside 0001-01-01...9999-12-31"
        )
        let civil = CivilDate.civil(fromDays: daysSinceEpoch)
        self.year = Int(civil.year)
        self.month = civil.month
        self.day = civil.day
    }

    /// Parses exactly `YYYY-MM-DD` (surrounding spaces allowed); `nil` if malformed
    /// or not a real date.
    public init?(iso: String) {
        let parsed: CivilDate? = withTrimmedUTF8(iso) { bytes in
            guard bytes.count == 10, bytes[4] == 0x2D, bytes[7] == 0x2D,
                  let year = digitValue(bytes, 0, 4), let month = digitValue(bytes, 5, 2),
                  let day = digitValue(bytes, 8, 2) else { return nil }
            return CivilDate(year: year, month: month, day: day)
        }
        guard let parsed else { return nil }
        self = parsed
    }

    /// Whether `year` is a Gregorian leap year.
    public static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The number of days in `month` of `year`, or 0 when `month` is not 1...12.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 1, 3, 5, 7, 8, 10, 12: return 31
        case 4, 6, 9, 11: return 30
        case 2: return isLeapYear(year) ? 29 : 28
        default: return 0
        }
    }

    /// Days since 1970-01-01 (which is 0); negative for earlier dates.
    public var daysSinceEpoch: Int64 {
        CivilDate.days(year: Int64(year), month: month, day: day)
    }

    /// The date `days` days later (earlier when negative).
    ///
    /// - Precondition: The result lies in 0001-01-01...9999-12-31.
    public func adding(days: Int) -> CivilDate {
        CivilDate(daysSinceEpoch: daysSinceEpoch + Int64(days))
    }

    /// The date as `YYYY-MM-DD`.
    public var description: String {
        CivilDate.format(year: Int64(year), month: month, day: day)
    }

    /// Orders dates chronologically.
    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Decodes a `"YYYY-MM-DD"` string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CivilDate(iso: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a valid date (expected YYYY-MM-DD)")
        }
        self = date
    }

    /// Encodes as a `"YYYY-MM-DD"` string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension CivilDate {
    /// Hinnant's `days_from_civil`; valid for any year that does not overflow.
    static func days(year: Int64, month: Int, day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Hinnant's `civil_from_days`; valid for |days| well below 2^62.
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1)
        let month = Int(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9)
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// Formats `YYYY-MM-DD`; years outside 0...9999 get a sign or more digits.
    static func format(year: Int64, month: Int, day: Int) -> String {
        let yearText = year < 0 ? "-" + padded(-year, 4) : padded(year, 4)
        return yearText + "-" + padded(Int64(month), 2) + "-" + padded(Int64(day), 2)
    }

    /// Decimal text of a non-negative `value`, zero-padded to `width` digits.
    static func padded(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

/// The value of `count` ASCII digits at `offset`, or `nil` if any is not a digit.
@inline(__always)
func digitValue(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int, _ count: Int) -> Int? {
    guard offset >= 0, offset + count <= bytes.count else { return nil }
    var value = 0
    for index in offset..<(offset + count) {
        let byte = bytes[index]
        guard ASCII.isDigit(byte) else { return nil }
        value = value * 10 + Int(byte - ASCII.zero)
    }
    return value
}
