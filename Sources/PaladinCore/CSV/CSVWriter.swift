/// Formats records as CSV lines that ``CSVReader`` reads back unchanged.
///
/// A field is quoted when it contains the delimiter, a double quote, CR or LF,
/// or starts or ends with a space; quotes inside it are doubled. A record made
/// of a single empty field is written as `""` so it is not mistaken for a blank
/// line. An empty list gives just `"\n"`.
public enum CSVWriter: Sendable {
    /// Formats one record as a line ending in `"\n"`.
    ///
    /// - Parameters:
    ///   - fields: The field values in column order.
    ///   - delimiter: The ASCII field separator; comma by default. It must not be
    ///     a quote, CR or LF.
    /// - Returns: The encoded line, e.g. `a,"b,c","say ""hi"""` followed by `\n`.
    public static func line(_ fields: [String], delimiter: UInt8 = UInt8(ascii: ",")) -> String {
        if fields.count == 1, fields[0].isEmpty {
            return "\"\"\n"
        }
        var output = ""
        output.reserveCapacity(fields.reduce(fields.count + 1) { $0 + $1.utf8.count + 2 })
        let separator = String(UnicodeScalar(delimiter))
        for (index, field) in fields.enumerated() {
            if index > 0 {
                output += separator
            }
            if needsQuotes(field, delimiter: delimiter) {
                output += "\""
                output += field.utf8.contains(ASCII.quote) ? doublingQuotes(field) : field
                output += "\""
            } else {
                output += field
            }
        }
        output += "\n"
        return output
    }

    /// `field` with every double quote doubled.
    static func doublingQuotes(_ field: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(field.utf8.count + 8)
        for byte in field.utf8 {
            bytes.append(byte)
            if byte == ASCII.quote {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `field` must be quoted to survive a round trip.
    static func needsQuotes(_ field: String, delimiter: UInt8) -> Bool {
        let utf8 = field.utf8
        guard let first = utf8.first, let last = utf8.last else { return false }
        if first == ASCII.space || last == ASCII.space {
            return true
        }
        return utf8.contains { byte in
            byte == delimiter || byte == ASCII.quote || byte == ASCII.cr || byte == ASCII.lf
        }
    }
}
