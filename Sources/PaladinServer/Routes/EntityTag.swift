import Hummingbird
import PaladinCore

/// Customer versions as entity tags: `ETag: "v7"` on reads, `If-Match: "v7"` on updates, so two people editing
/// one customer cannot silently overwrite each other.
enum EntityTag {
    /// The strong tag of a customer's current version.
    static func of(_ customer: Customer) -> String { "\"v\(customer.version)\"" }

    /// The version an `If-Match` header asks for: nil for `*` (any version), else the version of the one tag given.
    /// A tag that is not one of ours can match no version: 412.
    static func version(ifMatch header: String, current: Int64) throws -> Int64? {
        let text = header.trimmingSpaces
        if text == "*" { return nil }
        guard text.hasPrefix("\"v"), text.hasSuffix("\""), text.count > 3, let version = Int64(text.dropFirst(2).dropLast()) else {
            throw Problem(status: .preconditionFailed, slug: "precondition-failed",
                          detail: "If-Match '\(text)' matches no version of this customer; send the ETag of a GET (now \(of(current: current)))")
        }
        return version
    }

    /// 412: the customer has moved on since the version the client read.
    static func moved(customer: Int64, expected: Int64, now: Int64) -> Problem {
        Problem(status: .preconditionFailed, slug: "precondition-failed",
                detail: "customer \(customer) has changed since \"v\(expected)\" (now \"v\(now)\"); read it again and reapply your change")
    }

    private static func of(current: Int64) -> String { "\"v\(current)\"" }
}
