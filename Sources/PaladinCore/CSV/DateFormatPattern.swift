/// The date and time components read from a text before validation. Internal.
struct DateFields: Sendable {
    var year = 0
    var month = 0
    var day = 0
    var hour = 0
    var minute = 0
    var second = 0
    /// The UTC offset to subtract, in seconds (east of UTC is positive).
    var offsetSeconds = 0
}

/// One element of a compiled custom date format. Internal.
enum DateToken: Sendable, Equatable {
    case year, month, monthShort, day, dayShort, hour, minute, second
    case literal(UInt8)
}

/// A compiled custom date format such as `DD.MM.YYYY` or `D/M/YYYY HH:mm`. Internal.
struct DatePattern: Sendable {
    let tokens: [DateToken]

    /// Compiles `format`, rejecting unknown letters, repeated or missing parts.
    init(format: String) throws(DateFormatError) {
        func failure(_ message: String) -> DateFormatError {
            DateFormatError(format: format, message: message)
        }
        let bytes = Array(format.utf8)
        guard !bytes.isEmpty else { throw failure("the date format is empty") }
        var tokens: [DateToken] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard (byte | 0x20) >= 0x61, (byte | 0x20) <= 0x7A else {
                tokens.append(.literal(byte))
                index += 1
                continue
            }
            var end = index
            while end < bytes.count, bytes[end] == byte { end += 1 }
            let run = String(decoding: bytes[index..<end], as: UTF8.self)
            switch run {
            case "YYYY": tokens.append(.year)
            case "MM": tokens.append(.month)
            case "M": tokens.append(.monthShort)
            case "DD": tokens.append(.day)
            case "D": tokens.append(.dayShort)
            case "HH": tokens.append(.hour)
            case "mm": tokens.append(.minute)
            case "ss": tokens.append(.second)
            case "T", "Z": tokens.append(.literal(byte))
            default:
                throw failure(
                    "unknown token '\(run)' in date format '\(format)' "
                        + "(use YYYY, MM, M, DD, D, HH, mm, ss; other letters except T and Z are not allowed)")
            }
            index = end
        }
        func count(_ kinds: DateToken...) -> Int { tokens.filter { kinds.contains($0) }.count }
        let parts: [(name: String, kinds: [DateToken], missing: String?)] = [
            ("YYYY", [.year], "no year (YYYY)"), ("MM/M", [.month, .monthShort], "no month (MM or M)"),
            ("DD/D", [.day, .dayShort], "no day (DD or D)"), ("HH", [.hour], nil),
            ("mm", [.minute], nil), ("ss", [.second], nil),
        ]
        for part in parts {
            let found = tokens.filter { part.kinds.contains($0) }.count
            if found > 1 { throw failure("date format '\(format)' contains \(part.name) more than once") }
            if found == 0, let missing = part.missing { throw failure("date format '\(format)' has \(missing)") }
        }
        if count(.minute) == 1, count(.hour) == 0 {
            throw failure("date format '\(format)' has minutes (mm) but no hours (HH)")
        }
        if count(.second) == 1, count(.minute) == 0 {
            throw failure("date format '\(format)' has seconds (ss) but no minutes (mm)")
        }
        self.tokens = tokens
    }

    /// Reads `bytes` according to the pattern; `nil` when the shape does not match.
    func match(_ bytes: UnsafeBufferPointer<UInt8>) -> DateFields? {
        var fields = DateFields()
        var index = 0
        for token in tokens {
            let width: Int
            switch token {
            case .literal(let byte):
                guard index < bytes.count, bytes[index] == byte else { return nil }
                index += 1
                continue
            case .year: width = 4
            case .monthShort, .dayShort:
                width = index + 1 < bytes.count && ASCII.isDigit(bytes[index + 1]) ? 2 : 1
            default: width = 2
            }
            guard let value = digitValue(bytes, index, width) else { return nil }
            index += width
            switch token {
            case .year: fields.year = value
            case .month, .monthShort: fields.month = value
            case .day, .dayShort: fields.day = value
            case .hour: fields.hour = value
            case .minute: fields.minute = value
            case .second: fields.second = value
            case .literal: break
            }
        }
        return index == bytes.count ? fields : nil
    }
}
