/// Parses dates and timestamps into seconds since 1970-01-01T00:00:00Z.
///
/// Without a format it accepts ISO 8601: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM`,
/// `YYYY-MM-DDTHH:MM:SS`, optional fractional seconds (ignored), an optional
/// `Z` or `±HH:MM` / `±HHMM` / `±HH` offset (applied), and a space instead of
/// `T`. A date without a time means midnight UTC; times without an offset are
/// taken as UTC.
///
/// With a custom format, the tokens `YYYY`, `MM`, `DD`, `HH`, `mm`, `ss` take
/// exactly that many digits, `M` and `D` take 1 or 2 digits, and every other
/// character (including the letters `T` and `Z`) must appear literally, e.g.
/// `DD.MM.YYYY`, `MM/DD/YYYY` or `D/M/YYYY HH:mm`.
///
/// Surrounding spaces and tabs are ignored in both modes.
public struct DateParser: Sendable {
    /// The custom format, or `nil` for ISO 8601.
    public let format: String?
    private let pattern: DatePattern?

    /// The accepted shape, quoted in failure messages.
    private var expected: String { format ?? DateParser.isoDate }
    private static let isoDate = "YYYY-MM-DD"
    private static let isoDateTime = "YYYY-MM-DDTHH:MM[:SS] with optional Z or ±HH:MM"

    /// Creates a parser for ISO 8601 (`format == nil`) or a custom format.
    ///
    /// - Throws: ``DateFormatError`` when the format is empty, uses an unknown
    ///   token (such as `YY` or `hh`), repeats a part, lacks `YYYY`, `MM`/`M` or
    ///   `DD`/`D`, or has `mm` without `HH` or `ss` without `mm`.
    public init(format: String?) throws(DateFormatError) {
        self.format = format
        self.pattern = try format.map { (text) throws(DateFormatError) in try DatePattern(format: text) }
    }

    /// Creates a parser for ISO 8601 dates and date-times.
    public init() {
        self.format = nil
        self.pattern = nil
    }

    /// Parses `text` into seconds since the Unix epoch (UTC).
    ///
    /// - Returns: The seconds, or a ``DateParseFailure`` whose message quotes the
    ///   text and the expected format.
    public func parse<S: StringProtocol>(_ text: S) -> Result<Int64, DateParseFailure> {
        withTrimmedUTF8(text) { bytes in parse(bytes) }
    }

    /// Formats seconds since the epoch as `YYYY-MM-DDTHH:MM:SSZ` (UTC).
    public static func formatISO(seconds: Int64) -> String {
        let days = seconds.floorDivided(by: 86_400)
        let remainder = seconds % 86_400
        let time = remainder < 0 ? remainder + 86_400 : remainder
        let civil = CivilDate.civil(fromDays: days)
        return CivilDate.format(year: civil.year, month: civil.month, day: civil.day) + "T"
            + CivilDate.padded(time / 3600, 2) + ":" + CivilDate.padded(time / 60 % 60, 2) + ":"
            + CivilDate.padded(time % 60, 2) + "Z"
    }

    /// Formats the UTC calendar date of seconds since the epoch as `YYYY-MM-DD`.
    public static func formatDate(seconds: Int64) -> String {
        let civil = CivilDate.civil(fromDays: seconds.floorDivided(by: 86_400))
        return CivilDate.format(year: civil.year, month: civil.month, day: civil.day)
    }

    private func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Int64, DateParseFailure> {
        func failure(_ message: String) -> Result<Int64, DateParseFailure> {
            .failure(DateParseFailure(text: makeString(bytes), message: message))
        }
        guard !bytes.isEmpty else { return failure("the date is empty") }
        let expected = pattern == nil && bytes.count > 10 ? DateParser.isoDateTime : self.expected
        var quoted: String { "'\(makeString(bytes))'" }
        let fields: DateFields
        if let pattern {
            guard let matched = pattern.match(bytes) else {
                return failure("\(quoted) is not a valid date (expected \(expected))")
            }
            fields = matched
        } else {
            switch DateParser.parseISO(bytes) {
            case .fields(let matched): fields = matched
            case .badOffset: return failure("\(quoted) has an invalid UTC offset (expected Z, ±HH:MM or ±HHMM)")
            case .malformed: return failure("\(quoted) is not a valid date (expected \(expected))")
            }
        }
        guard let date = CivilDate(year: fields.year, month: fields.month, day: fields.day) else {
            return failure("\(quoted) is not a valid date (expected \(expected))")
        }
        guard fields.hour < 24, fields.minute < 60, fields.second < 60 else {
            return failure(
                "\(quoted) has an invalid time of day (expected \(expected); hours 00-23, minutes and seconds 00-59)")
        }
        let timeOfDay = Int64(fields.hour * 3600 + fields.minute * 60 + fields.second)
        return .success(date.daysSinceEpoch * 86_400 + timeOfDay - Int64(fields.offsetSeconds))
    }

    /// The result of reading ISO 8601 text.
    private enum ISOOutcome: Sendable {
        case fields(DateFields)
        case malformed
        case badOffset
    }

    /// Reads ISO 8601 text into unvalidated fields.
    private static func parseISO(_ bytes: UnsafeBufferPointer<UInt8>) -> ISOOutcome {
        let count = bytes.count
        guard count >= 10, bytes[4] == 0x2D, bytes[7] == 0x2D,
              let year = digitValue(bytes, 0, 4), let month = digitValue(bytes, 5, 2),
              let day = digitValue(bytes, 8, 2) else { return .malformed }
        var fields = DateFields(year: year, month: month, day: day)
        guard count > 10 else { return .fields(fields) }
        guard bytes[10] == 0x54 || bytes[10] == 0x74 || bytes[10] == ASCII.space,
              let hour = digitValue(bytes, 11, 2), count > 13, bytes[13] == 0x3A,
              let minute = digitValue(bytes, 14, 2) else { return .malformed }
        fields.hour = hour
        fields.minute = minute
        var index = 16
        if index < count, bytes[index] == 0x3A {
            guard let second = digitValue(bytes, index + 1, 2) else { return .malformed }
            fields.second = second
            index += 3
            if index < count, bytes[index] == 0x2E || bytes[index] == ASCII.comma {
                index += 1
                let firstDigit = index
                while index < count, ASCII.isDigit(bytes[index]) { index += 1 }
                guard index > firstDigit else { return .malformed }
            }
        }
        guard index < count else { return .fields(fields) }
        let sign = bytes[index]
        if sign == 0x5A || sign == 0x7A {
            guard index + 1 == count else { return .malformed }
            return .fields(fields)
        }
        guard sign == 0x2B || sign == 0x2D else { return .malformed }
        let rest = count - index - 1
        guard let hours = digitValue(bytes, index + 1, 2) else { return .badOffset }
        var minutes = 0
        if rest == 5, bytes[index + 3] == 0x3A, let value = digitValue(bytes, index + 4, 2) {
            minutes = value
        } else if rest == 4, let value = digitValue(bytes, index + 3, 2) {
            minutes = value
        } else if rest != 2 {
            return .badOffset
        }
        guard hours < 24, minutes < 60 else { return .badOffset }
        fields.offsetSeconds = (hours * 3600 + minutes * 60) * (sign == 0x2D ? -1 : 1)
        return .fields(fields)
    }
}

extension Int64 {
    /// Division rounding toward negative infinity.
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
