/// An instant, in whole seconds since 1970-01-01T00:00:00Z. Exact and ordered; what the store keeps.
public struct Timestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Seconds since the Unix epoch, UTC.
    public var seconds: Int64

    /// The instant `seconds` after the epoch.
    public init(seconds: Int64) { self.seconds = seconds }

    /// Midnight UTC at the start of `date`.
    public init(_ date: CivilDate) { self.seconds = date.daysSinceEpoch * 86_400 }

    /// The UTC calendar day of this instant.
    public var date: CivilDate { CivilDate(daysSinceEpoch: seconds.floorDiv(86_400)) }

    /// This instant moved by whole days.
    public func adding(days: Int) -> Timestamp { Timestamp(seconds: seconds + Int64(days) * 86_400) }

    /// Whole days from this instant to `later` (rounded down).
    public func days(until later: Timestamp) -> Int { Int((later.seconds - seconds).floorDiv(86_400)) }

    /// ISO 8601, e.g. `2026-11-24T09:30:00Z`.
    public var description: String { DateParser.formatISO(seconds: seconds) }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.seconds < rhs.seconds }

    /// Decodes from seconds.
    public init(from decoder: any Decoder) throws {
        self.seconds = try decoder.singleValueContainer().decode(Int64.self)
    }

    /// Encodes as ISO 8601 text, the form every view shows.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Int64 {
    /// Division rounding towards negative infinity.
    func floorDiv(_ divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}

/// Where "now" comes from; injectable so tests and imports are deterministic.
public struct Clock: Sendable {
    /// Returns the current instant.
    public let now: @Sendable () -> Timestamp

    /// A clock reading `now`.
    public init(now: @escaping @Sendable () -> Timestamp) { self.now = now }

    /// A clock that always reads `instant`.
    public static func fixed(_ instant: Timestamp) -> Clock { Clock { instant } }
}
