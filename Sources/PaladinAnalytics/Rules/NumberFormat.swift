/// Number and text formatting for explanations and rendered rules, without Foundation.
enum NumberFormat {
    /// Whole numbers up to this size are written as integers.
    private static let integerLimit = 1e15
    /// Other numbers up to this size are written with decimals; larger ones in Swift's notation.
    private static let fixedLimit = 1e14

    /// A metric value for display: whole numbers without `.0`, other numbers rounded to at
    /// most four decimals with trailing zeros removed (`0.27345` → `0.2735`, `2.5` → `2.5`).
    ///
    /// A non-zero number too small to show with four decimals keeps four significant digits
    /// (`0.000012345` → `0.00001235`); very large, very small and non-finite numbers use
    /// Swift's own notation (`1e+20`, `inf`).
    static func display(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        if let whole = integer(value) { return whole }
        let magnitude = abs(value)
        guard magnitude < fixedLimit else { return value.description }
        var decimals = 4
        if magnitude < 0.000_05 {
            // Too small for four decimals: keep four significant digits instead.
            var probe = magnitude
            var zeros = 0
            while probe < 0.1, zeros <= 14 {
                probe *= 10
                zeros += 1
            }
            decimals = zeros + 4
            guard decimals <= 18 else { return value.description }
        }
        return fixed(value, decimals: decimals)
    }

    /// A number written in a rule, exactly: whole numbers without `.0`, others as Swift's
    /// shortest round-tripping form (`0.123456`, `2.5`), its exponent written out, since the rule
    /// language has no exponent notation (`1e+20` → `100000000000000000000`, `1e-05` → `0.00001`).
    static func literal(_ value: Double) -> String {
        integer(value) ?? positional(value.description)
    }

    /// Swift's `1.25e+20` / `-1e-05` written without the exponent; other text unchanged.
    static func positional(_ text: String) -> String {
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }), let exponent = Int(text[text.index(after: e)...]) else {
            return text
        }
        var mantissa = Substring(text[..<e])
        let sign = mantissa.hasPrefix("-") ? "-" : ""
        if !sign.isEmpty { mantissa = mantissa.dropFirst() }
        let point = mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count
        let digits = Array(mantissa.filter { $0 != "." })
        let position = point + exponent
        var result: String
        if position >= digits.count {
            result = String(digits) + String(repeating: "0", count: position - digits.count)
        } else if position <= 0 {
            result = "0." + String(repeating: "0", count: -position) + String(digits)
        } else {
            result = String(digits[..<position]) + "." + String(digits[position...])
        }
        if result.contains(".") {
            while result.last == "0" { result.removeLast() }
            if result.last == "." { result.removeLast() }
        }
        return sign + result
    }

    /// Text in double quotes, with `"` and `\` escaped by a backslash.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for character in text {
            if character == "\"" || character == "\\" { result.append("\\") }
            result.append(character)
        }
        result.append("\"")
        return result
    }

    /// The number as an integer string when it is whole and not too large.
    private static func integer(_ value: Double) -> String? {
        guard value.isFinite, value == value.rounded(), abs(value) < integerLimit else { return nil }
        return String(Int64(value))
    }

    /// `value` rounded to `decimals` places, trailing zeros (and a bare point) removed.
    private static func fixed(_ value: Double, decimals: Int) -> String {
        var power: Int64 = 1
        for _ in 0..<decimals { power *= 10 }
        let scaled = Int64((abs(value) * Double(power)).rounded())
        let whole = scaled / power
        var fraction = String(scaled % power)
        fraction = String(repeating: "0", count: decimals - fraction.count) + fraction
        while fraction.last == "0" { fraction.removeLast() }
        let sign = value < 0 && scaled != 0 ? "-" : ""
        return fraction.isEmpty ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }
}
