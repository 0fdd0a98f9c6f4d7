import PaladinAnalytics

/// The metrics used throughout the tests.
let schema = MetricSchema([
    "purchases": .number,
    "days_since_last_purchase": .number,
    "p_alive": .number,
    "complaints_365d": .number,
    "profit": .number,
    "last_score": .number,
    "last_score_segment": .text,
    "is_vip": .boolean,
])

/// Three true-or-false metrics for precedence truth tables.
let flags = MetricSchema(["a": .boolean, "b": .boolean, "c": .boolean])

/// A recent, profitable promoter with every metric present.
let loyal: [String: MetricValue] = [
    "purchases": .number(5),
    "days_since_last_purchase": .number(40),
    "p_alive": .number(0.82),
    "complaints_365d": .number(0),
    "profit": .number(120.5),
    "last_score": .number(10),
    "last_score_segment": .text("promoter"),
    "is_vip": .boolean(true),
]

/// A one-time buyer who has gone quiet, complained and costs money; no score yet.
let lapsed: [String: MetricValue] = [
    "purchases": .number(1),
    "days_since_last_purchase": .number(400),
    "p_alive": .number(0.123456),
    "complaints_365d": .number(4),
    "profit": .number(-10),
]

/// Parses with the shared schema.
func rule(_ text: String, _ rules: MetricSchema = schema) throws -> Rule {
    try Rule.parse(text, schema: rules)
}

/// The error parsing `text` gives, or `nil` if it parses.
func parseError(_ text: String, _ rules: MetricSchema = schema) -> RuleError? {
    do {
        _ = try Rule.parse(text, schema: rules)
        return nil
    } catch {
        return error
    }
}

/// A small, seeded, reproducible random number generator (SplitMix64).
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
