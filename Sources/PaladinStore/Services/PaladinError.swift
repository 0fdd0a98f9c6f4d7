import PaladinCore

/// A failure a user can act on, with one clear message. Each case maps to one exit code / HTTP status.
public enum PaladinError: Error, Sendable, CustomStringConvertible {
    /// Something named does not exist (customer, model, stage, marker, workspace).
    case notFound(String)
    /// A value is not acceptable; `field` names the option, column or field.
    case invalid(field: String, message: String)
    /// The rules of movement refused a move.
    case refused(MoveRefusal)
    /// The request clashes with what is stored (duplicate external id, stale version).
    case conflict(String)
    /// A model document was rejected.
    case model(ModelDocumentError)

    public var description: String {
        switch self {
        case .notFound(let message): return message
        case .invalid(let field, let message): return "\(field): \(message)"
        case .refused(let refusal): return refusal.description
        case .conflict(let message): return message
        case .model(let error): return error.description
        }
    }
}
