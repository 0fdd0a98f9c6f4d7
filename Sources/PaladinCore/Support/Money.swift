/// An exact amount of money in hundredths (cents); never floating point.
public struct Money: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The amount in hundredths of the currency unit.
    public var cents: Int64

    /// An amount of `cents` hundredths.
    public init(cents: Int64) { self.cents = cents }

    /// Zero.
    public static let zero = Money(cents: 0)

    /// `1234.56`, `-0.05`.
    public var description: String { AmountParser.format(cents: cents) }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.cents < rhs.cents }
    public static func + (lhs: Money, rhs: Money) -> Money { Money(cents: lhs.cents &+ rhs.cents) }
    public static func - (lhs: Money, rhs: Money) -> Money { Money(cents: lhs.cents &- rhs.cents) }

    /// Decodes from a number of cents.
    public init(from decoder: any Decoder) throws {
        self.cents = try decoder.singleValueContainer().decode(Int64.self)
    }

    /// Encodes as exact decimal text (`"1234.56"`), so no reader turns it into a float.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
