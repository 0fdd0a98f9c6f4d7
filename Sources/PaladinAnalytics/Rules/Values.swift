/// The type of a metric or of a value inside a rule.
public enum ValueType: String, Sendable, Hashable, CaseIterable {
    /// A real number, such as a count, an amount or a probability.
    case number
    /// A piece of text, such as a segment name.
    case text
    /// `true` or `false`.
    case boolean

    /// How the type reads in error messages: "a number", "text" or "true or false".
    var phrase: String {
        switch self {
        case .number: "a number"
        case .text: "text"
        case .boolean: "true or false"
        }
    }
}

/// The value of one metric for one customer.
///
/// A metric that a customer does not have (for example no satisfaction score yet) is not
/// represented by a case: it is simply absent from the dictionary handed to
/// ``Rule/evaluate(_:)`` and ``Rule/explain(_:)``.
public enum MetricValue: Sendable, Hashable, CustomStringConvertible {
    /// A number. `NaN` is treated as a missing value when a rule is evaluated.
    case number(Double)
    /// A piece of text.
    case text(String)
    /// `true` or `false`.
    case boolean(Bool)

    /// The type of this value.
    public var type: ValueType {
        switch self {
        case .number: .number
        case .text: .text
        case .boolean: .boolean
        }
    }

    /// The value as it is shown in explanations: whole numbers without `.0`, other numbers with
    /// at most four decimals, text in double quotes, booleans as `true` or `false`.
    public var description: String {
        switch self {
        case .number(let number): NumberFormat.display(number)
        case .text(let text): NumberFormat.quoted(text)
        case .boolean(let flag): flag ? "true" : "false"
        }
    }
}

/// The metrics a rule may use, with their types.
///
/// A rule that names a metric outside its schema is rejected when it is parsed, with a
/// suggestion when a schema name is close to the misspelt one.
public struct MetricSchema: Sendable, Hashable {
    /// The type of every metric a rule may use, by name.
    public let types: [String: ValueType]

    /// Creates a schema from the metrics' names and types.
    ///
    /// Names should be lowercase letters, digits and `_`, starting with a letter or `_`;
    /// a name of any other shape can never be written in a rule.
    public init(_ types: [String: ValueType]) {
        self.types = types
    }

    /// The type of the metric called `name`, or `nil` when the schema does not have it.
    public func type(of name: String) -> ValueType? {
        types[name]
    }

    /// The metric names, sorted.
    public var names: [String] {
        types.keys.sorted()
    }

    /// The schema name closest to `name` by edit distance (at most 2), if any.
    ///
    /// Ties are broken by the alphabetical order of names, so suggestions are stable.
    func suggestion(for name: String) -> String? {
        let target = Array(name.unicodeScalars)
        var best: (name: String, distance: Int)?
        for candidate in names {
            let scalars = Array(candidate.unicodeScalars)
            guard abs(scalars.count - target.count) <= 2 else { continue }
            let distance = EditDistance.between(target, scalars)
            if distance <= 2, distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.name
    }
}

/// Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of
/// neighbouring characters each cost one.
enum EditDistance {
    /// The distance between two sequences of Unicode scalars.
    static func between(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}
