/// ASCII byte constants and small byte-level helpers shared by the CSV reader
/// and the value parsers. Internal only.
enum ASCII: Sendable {
    static let lf: UInt8 = 0x0A
    static let cr: UInt8 = 0x0D
    static let tab: UInt8 = 0x09
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let comma: UInt8 = 0x2C
    static let semicolon: UInt8 = 0x3B
    static let zero: UInt8 = 0x30
    static let nine: UInt8 = 0x39

    /// Whether `byte` is an ASCII decimal digit.
    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool {
        byte &- zero < 10
    }
}

/// Strict UTF-8 validation (rejects overlong forms, surrogates, values above
/// U+10FFFF and truncated sequences), as required by RFC 3629.
enum UTF8Check: Sendable {
    /// Returns the offset of the first byte that starts an invalid sequence, or
    /// `nil` when the whole buffer is valid UTF-8.
    static func firstInvalidOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = bytes.count
        var index = 0
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return index
            }
            guard index + length <= count else { return index }
            let second = bytes[index + 1]
            guard second >= low, second <= high else { return index }
            var k = 2
            while k < length {
                guard bytes[index + k] & 0xC0 == 0x80 else { return index }
                k += 1
            }
            index += length
        }
        return nil
    }

    /// Counts line breaks (CRLF, LF or lone CR, each counted once) in `bytes`.
    static func lineBreaks(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var breaks = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == ASCII.lf {
                breaks += 1
            } else if byte == ASCII.cr {
                breaks += 1
                if index + 1 < bytes.count, bytes[index + 1] == ASCII.lf {
                    index += 1
                }
            }
            index += 1
        }
        return breaks
    }

    /// Renders `byte` as `0xAB` for error messages.
    static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return byte < 0x10 ? "0x0" + digits : "0x" + digits
    }
}

/// Runs `body` on the UTF-8 bytes of `text` with surrounding spaces and tabs
/// removed, without copying when the string is stored contiguously.
func withTrimmedUTF8<S: StringProtocol, R>(
    _ text: S,
    _ body: (UnsafeBufferPointer<UInt8>) -> R
) -> R {
    func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> R {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == ASCII.space || bytes[start] == ASCII.tab {
            start += 1
        }
        while end > start, bytes[end - 1] == ASCII.space || bytes[end - 1] == ASCII.tab {
            end -= 1
        }
        return body(UnsafeBufferPointer(rebasing: bytes[start..<end]))
    }
    if let result = text.utf8.withContiguousStorageIfAvailable(trimmed) {
        return result
    }
    return Array(text.utf8).withUnsafeBufferPointer(trimmed)
}

/// Builds a `String` from bytes already known to be valid UTF-8.
@inline(__always)
func makeString(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    String(decoding: bytes, as: UTF8.self)
}
