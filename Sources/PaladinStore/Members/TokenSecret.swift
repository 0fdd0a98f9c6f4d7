import Crypto

/// The text of an API token: `pld_<workspace id>_<token id>_<64 hex digits of 32 random bytes>`.
/// The ids only select the stored row (they are not secret); the random part is the secret, stored as its SHA-256.
public struct TokenSecret: Sendable, Hashable {
    /// The workspace id the token names.
    public let workspaceId: Int64
    /// The token id within the workspace.
    public let tokenId: Int64
    /// The 32 random bytes.
    let secret: [UInt8]

    /// A new token with 32 bytes from the system's cryptographically secure generator.
    public static func generate(workspaceId: Int64, tokenId: Int64) -> TokenSecret {
        var generator = SystemRandomNumberGenerator()
        let secret = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return TokenSecret(workspaceId: workspaceId, tokenId: tokenId, secret: secret)
    }

    /// Parses a token's text; nil when it is not shaped like one.
    public init?(parsing text: String) {
        let parts = text.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "pld", let workspace = Int64(parts[1]), let token = Int64(parts[2]),
              let secret = Self.bytes(hex: parts[3]), secret.count == 32 else { return nil }
        self.init(workspaceId: workspace, tokenId: token, secret: secret)
    }

    private init(workspaceId: Int64, tokenId: Int64, secret: [UInt8]) {
        self.workspaceId = workspaceId
        self.tokenId = tokenId
        self.secret = secret
    }

    /// The token as handed to its user, once.
    public var text: String { "pld_\(workspaceId)_\(tokenId)_\(Self.hex(secret))" }

    /// SHA-256 of the secret bytes, lower-case hex: what is stored.
    public var hash: String { Self.hex(Array(SHA256.hash(data: secret))) }

    /// Whether `storedHash` is this token's hash, compared in constant time.
    public func matches(_ storedHash: String) -> Bool {
        let expected = Array(hash.utf8)
        let stored = Array(storedHash.utf8)
        guard expected.count == stored.count else { return false }
        var difference: UInt8 = 0
        for index in expected.indices { difference |= expected[index] ^ stored[index] }
        return difference == 0
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func bytes(hex: Substring) -> [UInt8]? {
        let characters = Array(hex.utf8)
        guard characters.count % 2 == 0 else { return nil }
        func value(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
            default: return nil
            }
        }
        var out: [UInt8] = []
        for index in stride(from: 0, to: characters.count, by: 2) {
            guard let high = value(characters[index]), let low = value(characters[index + 1]) else { return nil }
            out.append(high << 4 | low)
        }
        return out
    }
}
