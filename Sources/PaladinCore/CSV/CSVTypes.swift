/// An error found while reading CSV data, always tied to a physical line.
///
/// `line` is 1-based and counts every physical line of the file, including blank
/// lines and lines inside quoted fields, so it matches what a text editor shows.
public struct CSVError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The 1-based physical line on which the problem was found.
    public let line: Int
    /// A human-readable explanation without the line prefix.
    public let message: String

    /// Creates an error for `line` with the given explanation.
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    /// The message prefixed with its line, e.g. `line 3: unterminated quoted field (opened here)`.
    public var description: String {
        "line \(line): \(message)"
    }
}

/// One data record (row) of a CSV file.
public struct CSVRecord: Sendable, Equatable {
    /// The 1-based physical line on which the record starts (the header is line 1).
    public let line: Int
    /// The record's fields in column order, unquoted and unescaped.
    ///
    /// The count may differ from the header's; checking it is the caller's job.
    public var fields: [String]

    /// Creates a record starting on `line` with the given fields.
    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}

/// A whole CSV file read into memory by ``CSVReader/readAll(bytes:delimiter:)``.
public struct CSVTable: Sendable, Equatable {
    /// The delimiter that was given or detected.
    public let delimiter: UInt8
    /// The header names, trimmed of surrounding spaces.
    public let header: [String]
    /// All data records in file order.
    public let records: [CSVRecord]

    /// Creates a table from its parts.
    public init(delimiter: UInt8, header: [String], records: [CSVRecord]) {
        self.delimiter = delimiter
        self.header = header
        self.records = records
    }
}
