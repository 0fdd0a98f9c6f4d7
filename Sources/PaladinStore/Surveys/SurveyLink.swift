import Crypto
import Foundation
import SQLKit

/// The text of a survey link: `<secret>.<signature>`. The secret is 32 random bytes (base64url), stored only as its
/// SHA-256; the signature is an HMAC-SHA256 of the secret under the database's link key, so a changed or mistyped
/// link (tampered) is told apart from a well-formed one nobody issued (unknown) without a lookup.
public struct SurveyLink: Sendable, Hashable {
    /// The random part.
    public let secret: String

    /// A new link secret from the system's cryptographically secure generator.
    public static func generate() -> SurveyLink {
        var generator = SystemRandomNumberGenerator()
        return SurveyLink(secret: base64url((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }))
    }

    init(secret: String) { self.secret = secret }

    /// The link's text under `key`.
    public func text(key: SurveyLinkKey) -> String { "\(secret).\(Self.signature(secret, key: key))" }

    /// The SHA-256 of the secret, lower-case hex: what is stored.
    public var hash: String { TokenSecret.hex(Array(SHA256.hash(data: Data(secret.utf8)))) }

    /// The token of the answer form for this link: a CSRF token with no session, only someone holding the link has it.
    public func formToken(key: SurveyLinkKey) -> String {
        Self.base64url(Array(HMAC<SHA256>.authenticationCode(for: Data(("form:" + secret).utf8), using: key.key)))
    }

    /// The link `text` names, when its signature holds under `key`; nil for a tampered or malformed link.
    public static func verify(_ text: String, key: SurveyLinkKey) -> SurveyLink? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 43, parts[1].count == 22 else { return nil }
        let secret = String(parts[0])
        guard constantTimeEqual(signature(secret, key: key), String(parts[1])) else { return nil }
        return SurveyLink(secret: secret)
    }

    static func signature(_ secret: String, key: SurveyLinkKey) -> String {
        base64url(Array(Array(HMAC<SHA256>.authenticationCode(for: Data(("link:" + secret).utf8), using: key.key)).prefix(16)))
    }

    /// Compares in constant time for equal lengths.
    public static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }

    static func base64url(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

/// The key survey links are signed with: 32 random bytes made on first use and kept in `paladin_meta`, so links
/// stay valid across restarts and servers sharing the database.
public struct SurveyLinkKey: Sendable {
    let bytes: [UInt8]

    /// A key over known bytes (tests).
    public init(bytes: [UInt8]) { self.bytes = bytes }

    var key: SymmetricKey { SymmetricKey(data: bytes) }

    static let metaKey = "survey_link_key"

    /// The database's key, made now when there is none yet (two racing makers agree: the first insert wins).
    public static func load(_ sql: any SQLDatabase) async throws -> SurveyLinkKey {
        if let found = try await read(sql) { return found }
        let fresh = SurveyLink.generate().secret
        try await sql.raw(
            "INSERT INTO paladin_meta (key, value) VALUES (\(bind: metaKey), \(bind: fresh)) ON CONFLICT (key) DO NOTHING"
        ).run()
        guard let stored = try await read(sql) else { throw StoreError.corruptDatabase(path: "paladin_meta", detail: "the survey link key could not be stored") }
        return stored
    }

    private static func read(_ sql: any SQLDatabase) async throws -> SurveyLinkKey? {
        guard let value = try await sql.raw("SELECT value FROM paladin_meta WHERE key = \(bind: metaKey)").first()?
            .decode(column: "value", as: String.self) else { return nil }
        return SurveyLinkKey(bytes: Array(value.utf8))
    }
}
