/// The byte-level core of ``CSVReader``: splits records and fields, unescapes
/// quoted fields, validates UTF-8 and keeps the physical line count. Internal.
struct CSVScanner: Sendable {
    /// The field separator.
    let delimiter: UInt8
    /// Offset of the next unread byte.
    var position: Int
    /// The 1-based physical line of the byte at `position`.
    var line: Int

    /// Skips blank lines (empty, or only spaces) starting at `position`.
    mutating func skipBlankLines(_ bytes: UnsafeBufferPointer<UInt8>) {
        let end = bytes.count
        var index = position
        while index < end {
            let byte = bytes[index]
            if byte == ASCII.lf {
                line += 1
                index += 1
            } else if byte == ASCII.cr {
                line += 1
                index += 1
                if index < end, bytes[index] == ASCII.lf { index += 1 }
            } else if byte == ASCII.space, delimiter != ASCII.space {
                var probe = index
                while probe < end, bytes[probe] == ASCII.space { probe += 1 }
                if probe < end, bytes[probe] != ASCII.lf, bytes[probe] != ASCII.cr { break }
                index = probe
            } else {
                break
            }
        }
        position = index
    }

    /// Reads the next record, or returns `nil` at the end of the data.
    mutating func nextRecord(
        _ bytes: UnsafeBufferPointer<UInt8>,
        capacity: Int
    ) throws(CSVError) -> CSVRecord? {
        skipBlankLines(bytes)
        let end = bytes.count
        var index = position
        guard index < end else { return nil }
        let recordLine = line
        let delimiter = self.delimiter
        var fields: [String] = []
        fields.reserveCapacity(capacity)
        while true {
            let start = index
            var seen: UInt8 = 0
            while index < end {
                let byte = bytes[index]
                if byte == delimiter || byte == ASCII.lf || byte == ASCII.cr || byte == ASCII.quote {
                    break
                }
                seen |= byte
                index += 1
            }
            if index < end, bytes[index] == ASCII.quote {
                // Only spaces may precede an opening quote.
                guard bytes[start..<index].allSatisfy({ $0 == ASCII.space }) else {
                    throw CSVError(
                        line: line,
                        message: "unexpected quote inside an unquoted field (quote the whole field and double any quotes in it)"
                    )
                }
                index = try quotedField(bytes, from: index + 1, into: &fields)
            } else {
                let field = UnsafeBufferPointer(rebasing: bytes[start..<index])
                fields.append(try decode(field, nonASCII: seen >= 0x80, escaped: false, line: line))
            }
            guard index < end else { break }
            let byte = bytes[index]
            index += 1
            if byte == delimiter { continue }
            line += 1
            if byte == ASCII.cr, index < end, bytes[index] == ASCII.lf { index += 1 }
            break
        }
        position = index
        return CSVRecord(line: recordLine, fields: fields)
    }

    /// Reads a quoted field whose content starts at `contentStart` and appends it
    /// to `fields`. Returns the offset just after the closing quote and any spaces.
    private mutating func quotedField(
        _ bytes: UnsafeBufferPointer<UInt8>,
        from contentStart: Int,
        into fields: inout [String]
    ) throws(CSVError) -> Int {
        let end = bytes.count
        let openLine = line
        var index = contentStart
        var seen: UInt8 = 0
        var escaped = false
        while true {
            guard index < end else {
                throw CSVError(line: openLine, message: "unterminated quoted field (opened here)")
            }
            let byte = bytes[index]
            if byte == ASCII.quote {
                if index + 1 < end, bytes[index + 1] == ASCII.quote {
                    escaped = true
                    index += 2
                    continue
                }
                break
            }
            if byte == ASCII.lf {
                line += 1
            } else if byte == ASCII.cr, index + 1 == end || bytes[index + 1] != ASCII.lf {
                line += 1
            }
            seen |= byte
            index += 1
        }
        let content = UnsafeBufferPointer(rebasing: bytes[contentStart..<index])
        fields.append(try decode(content, nonASCII: seen >= 0x80, escaped: escaped, line: openLine))
        index += 1
        while index < end, bytes[index] == ASCII.space, delimiter != ASCII.space { index += 1 }
        if index < end {
            let byte = bytes[index]
            guard byte == delimiter || byte == ASCII.lf || byte == ASCII.cr else {
                throw CSVError(
                    line: line,
                    message: "unexpected character after a closing quote (a quote inside a quoted field must be doubled)"
                )
            }
        }
        return index
    }

    /// Turns field bytes into a `String`, validating UTF-8 when non-ASCII bytes
    /// were seen and collapsing doubled quotes when `escaped` is set.
    private func decode(
        _ field: UnsafeBufferPointer<UInt8>,
        nonASCII: Bool,
        escaped: Bool,
        line: Int
    ) throws(CSVError) -> String {
        if nonASCII, let bad = UTF8Check.firstInvalidOffset(field) {
            let badLine = line + UTF8Check.lineBreaks(in: UnsafeBufferPointer(rebasing: field[..<bad]))
            throw CSVError(
                line: badLine,
                message: "invalid UTF-8 (byte \(UTF8Check.hex(field[bad]))); save the file as UTF-8"
            )
        }
        guard escaped else { return makeString(field) }
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(field.count)
        var index = 0
        while index < field.count {
            let byte = field[index]
            unescaped.append(byte)
            index += byte == ASCII.quote ? 2 : 1
        }
        return unescaped.withUnsafeBufferPointer(makeString)
    }
}
