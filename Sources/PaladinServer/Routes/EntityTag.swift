import Hummingbird
import PaladinCore

/// Customer versions as entity tags: `ETag: "v7"` on reads, `If-Match: "v7"` on updates, so two people editing
/// one customer cannot silently overwrite each other.
enum EntityTag {
    /// The strong tag of a customer's current version.
    static func of(_ customer: Customer) -> String { "\"v\(customer.version)\"" }

    /// What an `If-Match` header asks for: nil for `*` (any version), else the version of the one tag given; a
    /// well-formed tag that is not one of ours matches no version (``noVersion``). Not an entity tag at all: 400.
    static func version(ifMatch header: String) throws -> Int64? {
        let text = header.trimmingSpaces
        if text == "*" { return nil }
        guard text.count >= 2, text.hasSuffix("\""), text.hasPrefix("\"") || text.hasPrefix("W/\"") else {
            throw Problem.badRequest("If-Match: '\(text)' is not an entity tag",
                                     errors: [.init(field: "If-Match", message: "must be an ETag this API sent, like \"v3\", or *")])
        }
        guard text.hasPrefix("\"v"), text.count > 3, let version = Int64(text.dropFirst(2).dropLast()), version >= 0 else {
            return noVersion
        }
        return version
    }

    /// The version a foreign tag stands for: none a customer ever has.
    static let noVersion: Int64 = -1

    /// 412 for a tag that names no version of this customer.
    static func noMatch(_ header: String, current: Int64) -> Problem {
        Problem(status: .preconditionFailed, slug: "precondition-failed",
                detail: "If-Match '\(header.trimmingSpaces)' matches no version of this customer; send the ETag of a GET (now \"v\(current)\")")
    }

    /// 412: the customer has moved on since the version the client read.
    static func moved(customer: Int64, expected: Int64, now: Int64) -> Problem {
        Problem(status: .preconditionFailed, slug: "precondition-failed",
                detail: "customer \(customer) has changed since \"v\(expected)\" (now \"v\(now)\"); read it again and reapply your change")
    }
}
