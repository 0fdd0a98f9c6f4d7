// libFuzzer entry for the rule language (Sources/PaladinAnalytics/Rules), built by scripts/fuzz.sh together
// with that folder's sources as one module. Any text must give a rule or a located RuleError: a trap, an
// overflow, a stack overflow (deep nesting), an out-of-bounds access (AddressSanitizer) or an input slower than
// the per-input timeout is a finding. A rule that parses is also rendered, re-parsed, evaluated and explained.

private let schema = MetricSchema([
    "purchases": .number,
    "days_since_last_purchase": .number,
    "p_alive": .number,
    "profit": .number,
    "last_score": .number,
    "last_score_segment": .text,
    "is_vip": .boolean,
])

private let customers: [[String: MetricValue]] = [
    [
        "purchases": .number(5), "days_since_last_purchase": .number(40), "p_alive": .number(0.82),
        "profit": .number(120.5), "last_score": .number(10), "last_score_segment": .text("promoter"),
        "is_vip": .boolean(true),
    ],
    ["purchases": .number(1), "profit": .number(-1e300), "last_score": .number(.infinity)],
    ["purchases": .number(.nan), "is_vip": .text("yes")],
    [:],
]

@_cdecl("LLVMFuzzerTestOneInput")
public func rulesFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let rule: Rule
    do {
        rule = try Rule.parse(text, schema: schema)
    } catch {
        _ = error.description
        guard error.column >= 1 else { fatalError("error column \(error.column) for \(text.debugDescription)") }
        return 0
    }
    let canonical = rule.canonicalText
    // The canonical text parses back to the same rule, within the documented limits: its added spaces can pass
    // the length limit, and the parentheses it puts after a `!` (`!p > 1` → `!(p > 1)`) one more level of nesting.
    if canonical.count <= Rule.maximumLength {
        let again: Rule
        do {
            again = try Rule.parse(canonical, schema: schema)
        } catch {
            if error.message.hasPrefix("rule is nested too deeply") { return 0 }
            fatalError("canonical text \(canonical.debugDescription) of \(text.debugDescription) does not parse: \(error)")
        }
        for values in customers where again.evaluate(values) != rule.evaluate(values) {
            fatalError("canonical text \(canonical.debugDescription) of \(text.debugDescription) decides differently")
        }
    }
    for values in customers {
        _ = rule.evaluate(values)
        _ = rule.explain(values)
    }
    return 0
}
