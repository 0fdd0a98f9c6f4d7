/// A fast, strict reader for UTF-8 CSV data held in memory.
///
/// - Skips a UTF-8 byte order mark.
/// - Detects the delimiter (comma, semicolon or tab) from the header line when
///   none is given.
/// - Follows RFC 4180 quoting: quoted fields may contain delimiters, doubled
///   quotes (`""`) and line breaks. Spaces between a delimiter and an opening
///   quote, or between a closing quote and a delimiter, are ignored; unquoted
///   fields are returned exactly as written.
/// - Accepts CRLF, LF and lone CR line endings; skips blank lines (empty or only
///   spaces) while still counting them, so ``CSVRecord/line`` matches an editor.
///
/// ```swift
/// var reader = try CSVReader(bytes: data)
/// let idColumn = reader.columnIndex(["customer_id", "id"])
/// while let record = try reader.next() { ... }
/// ```
public struct CSVReader: Sendable {
    /// The field delimiter, given or detected.
    public let delimiter: UInt8
    /// The header names as written, trimmed of surrounding spaces and tabs.
    public let header: [String]
    /// The 1-based physical line on which the header starts.
    public let headerLine: Int

    private let bytes: [UInt8]
    private var scanner: CSVScanner

    /// Opens CSV data and reads its header.
    ///
    /// - Parameters:
    ///   - bytes: The whole file, UTF-8 encoded, with or without a byte order mark.
    ///   - delimiter: The field delimiter, or `nil` to detect comma, semicolon or
    ///     tab from the header line (the most frequent outside quotes wins;
    ///     comma on a tie or when none occurs).
    /// - Throws: ``CSVError`` when the file is empty, the delimiter is unusable
    ///   (a quote, CR, LF or non-ASCII byte), or the header is malformed.
    public init(bytes: [UInt8], delimiter: UInt8? = nil) throws(CSVError) {
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let chosen: UInt8
        if let delimiter {
            guard delimiter < 0x80, delimiter != ASCII.quote, delimiter != ASCII.lf, delimiter != ASCII.cr else {
                throw CSVError(line: 1, message: "cannot use byte \(UTF8Check.hex(delimiter)) as the delimiter")
            }
            chosen = delimiter
        } else {
            chosen = bytes.withUnsafeBufferPointer { CSVReader.detectDelimiter($0, from: start) }
        }
        var scanner = CSVScanner(delimiter: chosen, position: start, line: 1)
        let first: Result<CSVRecord?, CSVError> = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(CSVError) -> CSVRecord? in try scanner.nextRecord(buffer, capacity: 16) }
        }
        guard let headerRecord = try first.get() else {
            throw CSVError(line: 1, message: "the file is empty")
        }
        self.bytes = bytes
        self.delimiter = chosen
        self.header = headerRecord.fields.map(CSVReader.trimmed)
        self.headerLine = headerRecord.line
        self.scanner = scanner
    }

    /// Reads the next data record, or returns `nil` after the last one.
    ///
    /// - Throws: ``CSVError`` naming the line of an unterminated quoted field
    ///   (where it was opened), a stray quote, junk after a closing quote, or
    ///   invalid UTF-8. After an error the reader should not be used further.
    public mutating func next() throws(CSVError) -> CSVRecord? {
        let capacity = header.count
        var scanner = self.scanner
        let result: Result<CSVRecord?, CSVError> = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(CSVError) -> CSVRecord? in try scanner.nextRecord(buffer, capacity: capacity) }
        }
        self.scanner = scanner
        return try result.get()
    }

    /// Reads a whole file at once.
    ///
    /// - Parameters:
    ///   - bytes: The whole file, UTF-8 encoded.
    ///   - delimiter: The delimiter, or `nil` to detect it from the header.
    /// - Returns: The delimiter, header and every data record.
    /// - Throws: The first ``CSVError`` encountered.
    public static func readAll(bytes: [UInt8], delimiter: UInt8? = nil) throws(CSVError) -> CSVTable {
        var reader = try CSVReader(bytes: bytes, delimiter: delimiter)
        var records: [CSVRecord] = []
        while let record = try reader.next() {
            records.append(record)
        }
        return CSVTable(delimiter: reader.delimiter, header: reader.header, records: records)
    }

    /// Returns the index of the first header column matching any of `names`.
    ///
    /// Matching ignores case and surrounding spaces, and treats space and `-` like
    /// `_`, so `"Customer ID"`, `"customer-id"` and `"CUSTOMER_ID"` are equal.
    public func columnIndex(_ names: [String]) -> Int? {
        let wanted = Set(names.map(CSVReader.normalizedName))
        return header.firstIndex { wanted.contains(CSVReader.normalizedName($0)) }
    }

    /// Lowercases, trims and maps space and `-` to `_`.
    static func normalizedName(_ name: String) -> String {
        String(trimmed(name).lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
    }

    /// Removes surrounding spaces and tabs.
    static func trimmed(_ text: String) -> String {
        withTrimmedUTF8(text, makeString)
    }

    /// Counts comma, semicolon and tab outside quotes on the first non-blank line.
    static func detectDelimiter(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> UInt8 {
        var probe = CSVScanner(delimiter: ASCII.comma, position: start, line: 1)
        probe.skipBlankLines(bytes)
        var counts = (comma: 0, semicolon: 0, tab: 0)
        var inQuotes = false
        var index = probe.position
        while index < bytes.count {
            let byte = bytes[index]
            if byte == ASCII.quote {
                inQuotes.toggle()
            } else if !inQuotes {
                if byte == ASCII.lf || byte == ASCII.cr { break }
                if byte == ASCII.comma { counts.comma += 1 }
                if byte == ASCII.semicolon { counts.semicolon += 1 }
                if byte == ASCII.tab { counts.tab += 1 }
            }
            index += 1
        }
        if counts.semicolon > counts.comma, counts.semicolon > counts.tab { return ASCII.semicolon }
        if counts.tab > counts.comma, counts.tab > counts.semicolon { return ASCII.tab }
        return ASCII.comma
    }
}
