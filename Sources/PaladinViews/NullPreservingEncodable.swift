/// A JSON view whose optional properties are written as `null` rather than left out, so every key is always there.
/// Keys are the property names (the views name them in snake_case).
public protocol NullPreservingEncodable: Encodable {}

extension NullPreservingEncodable {
    /// Every stored property under its own name, optionals as `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: PropertyKey.self)
        for child in Mirror(reflecting: self).children {
            guard let label = child.label else { continue }
            let key = PropertyKey(stringValue: label)
            if let optional = child.value as? any OptionalValue, optional.isNone {
                try container.encodeNil(forKey: key)
            } else if let value = child.value as? any Encodable {
                try container.encode(value, forKey: key)
            }
        }
    }
}

private struct PropertyKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

private protocol OptionalValue {
    var isNone: Bool { get }
}

extension Optional: OptionalValue {
    fileprivate var isNone: Bool { self == nil }
}
