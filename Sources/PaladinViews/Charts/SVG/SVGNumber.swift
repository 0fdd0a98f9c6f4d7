/// Numbers written without locale: fixed decimals, `.` as the decimal point, no `-0`.
enum SVGNumber {
    /// `value` rounded to `decimals` places, e.g. `fixed(1234.5, decimals: 1, grouping: ",")` is `1,234.5`.
    static func fixed(_ value: Double, decimals: Int, grouping: String = "") -> String {
        guard value.isFinite else { return "0" }
        let places = max(0, min(decimals, 6))
        var scale: Double = 1
        for _ in 0..<places { scale *= 10 }
        // Beyond 2^53 a Double holds no fraction anyway; clamp so the conversion cannot trap.
        let scaled = min(max((value * scale).rounded(), -9.0e15), 9.0e15)
        let units = Int64(scaled)
        let magnitude = units.magnitude
        let divisor = UInt64(scale)
        var whole = String(magnitude / divisor)
        if !grouping.isEmpty, whole.count > 3 {
            var grouped = ""
            for (index, digit) in whole.enumerated() {
                if index > 0, (whole.count - index) % 3 == 0 { grouped += grouping }
                grouped.append(digit)
            }
            whole = grouped
        }
        var out = units < 0 ? "-" + whole : whole
        if places > 0 {
            let fraction = String(magnitude % divisor)
            out += "." + String(repeating: "0", count: places - fraction.count) + fraction
        }
        return out
    }

    /// A coordinate: at most two decimals, trailing zeros dropped (`12`, `12.5`, `12.25`).
    static func coordinate(_ value: Double) -> String {
        var text = fixed(value, decimals: 2)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }
}

extension Double {
    /// This number as an SVG coordinate or length.
    var svg: String { SVGNumber.coordinate(self) }
}
