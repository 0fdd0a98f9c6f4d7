/// Why a date or timestamp could not be parsed by ``DateParser``.
///
/// `message` is a complete, human-readable sentence that quotes the offending
/// text, e.g. `'2024-02-30' is not a valid date (expected YYYY-MM-DD)`.
public struct DateParseFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input after trimming surrounding spaces.
    public let text: String
    /// The human-readable explanation.
    public let message: String

    /// Creates a failure for `text` with the given explanation.
    public init(text: String, message: String) {
        self.text = text
        self.message = message
    }

    /// The same as ``message``.
    public var description: String { message }
}

/// Why a custom date format given to ``DateParser/init(format:)`` is unusable.
public struct DateFormatError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The format string as given.
    public let format: String
    /// The human-readable explanation, quoting the format.
    public let message: String

    /// Creates an error for `format` with the given explanation.
    public init(format: String, message: String) {
        self.format = format
        self.message = message
    }

    /// The same as ``message``.
    public var description: String { message }
}

/// Why an amount could not be parsed by ``AmountParser``.
///
/// `message` quotes the offending text, e.g.
/// `'12.345' has more than 2 decimal places`.
public struct AmountParseFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input after trimming surrounding spaces.
    public let text: String
    /// The human-readable explanation.
    public let message: String

    /// Creates a failure for `text` with the given explanation.
    public init(text: String, message: String) {
        self.text = text
        self.message = message
    }

    /// The same as ``message``.
    public var description: String { message }
}
