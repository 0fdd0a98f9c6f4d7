/// Rules for the short identifiers ("keys") of models, states, stages and markers.
public enum Key {
    /// True when `text` is a valid key: lowercase letters, digits and dashes, starting with a letter or digit, at most 64 characters.
    public static func isValid(_ text: String) -> Bool {
        guard let first = text.utf8.first, text.utf8.count <= 64 else { return false }
        func allowed(_ byte: UInt8) -> Bool {
            (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57)
        }
        return allowed(first) && text.utf8.allSatisfy { allowed($0) || $0 == 45 || $0 == 95 }
    }

    /// A sentence explaining what a key may contain.
    public static let rule = "use lowercase letters, digits, '-' or '_', starting with a letter or digit (at most 64 characters)"
}
