/// Page models as the templates read them. swift-mustache looks a name up in each object of its context stack, and
/// for a struct it reflects it with a new `Mirror` every time; a board card's `{{csrf}}` or `{{t.move}}` walks five
/// levels up, so a board of 160 cards with their move menus reflected tens of thousands of times per page. Turning
/// the model into dictionaries and arrays once, before rendering, makes every lookup a hash lookup.
enum PageValues {
    /// `value` with every struct or class turned into `[String: Any]` of its stored properties (nil ones left out, as
    /// the template engine treats them: missing), arrays and dictionaries converted element by element, and
    /// strings, numbers, booleans, enums and self-describing values kept as they are.
    static func flatten(_ value: Any) -> Any {
        switch value {
        case is String, is Bool, is Int, is Int64, is Double, is Substring: return value
        case let dictionary as [String: Any]: return dictionary.mapValues(flatten)
        case let array as [Any]: return array.map(flatten)
        // A value type that describes itself (a timestamp, a date) is shown by its description, as before.
        case is CustomStringConvertible: return value
        default: break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            guard let wrapped = mirror.children.first?.value else { return Optional<Any>.none as Any }
            return flatten(wrapped)
        case .struct, .class:
            var fields: [String: Any] = [:]
            fields.reserveCapacity(Int(mirror.children.count))
            for child in mirror.children {
                guard let label = child.label else { continue }
                let inner = Mirror(reflecting: child.value)
                if inner.displayStyle == .optional {
                    guard let wrapped = inner.children.first?.value else { continue }
                    fields[label] = flatten(wrapped)
                } else {
                    fields[label] = flatten(child.value)
                }
            }
            return fields
        default:
            return value
        }
    }
}
