import Crypto
import Foundation

/// How deliveries are signed: `Paladin-Signature: sha256=HEX`, HEX being the HMAC-SHA256, keyed with the
/// subscription's secret (its UTF-8 bytes, `whsec_` included), of the `Paladin-Timestamp` value, a full stop and the
/// exact body bytes. Signing the timestamp lets a receiver refuse old requests replayed at it.
public enum WebhookSignature {
    /// The `Paladin-Signature` value for `body` sent at `timestamp` (seconds since 1970).
    public static func header(secret: String, timestamp: Int64, body: some Collection<UInt8>) -> String {
        var message = Array("\(timestamp).".utf8)
        message.append(contentsOf: body)
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(secret.utf8)))
        return "sha256=" + code.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
