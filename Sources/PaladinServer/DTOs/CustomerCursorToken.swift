import Foundation
import PaladinStore

/// The opaque `cursor` of `GET /customers`: base64url of a small JSON object holding the sort, its direction and the
/// last customer's sort value and id. Clients pass it back untouched; its content is not part of the API.
enum CustomerCursorToken {
    private struct Payload: Codable {
        /// Sort field.
        var s: String
        /// Descending.
        var d: Bool
        /// Text sort value (names).
        var t: String?
        /// Numeric sort value (times in seconds, ids).
        var n: Int64?
        /// The customer's id.
        var i: Int64
    }

    /// The cursor as text.
    static func encode(_ cursor: CustomerCursor) -> String {
        var payload = Payload(s: cursor.sort.rawValue, d: cursor.descending, i: cursor.id)
        switch cursor.value {
        case .text(let text): payload.t = text
        case .number(let number): payload.n = number
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = (try? encoder.encode(payload)) ?? Data()
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The cursor a text stands for, or nil when it is not one this API made.
    static func decode(_ text: String) -> CustomerCursor? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        guard !base64.isEmpty, base64.count <= 2_048 else { return nil }
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let payload = try? JSONDecoder().decode(Payload.self, from: data),
              let sort = CustomerSort(rawValue: payload.s)
        else { return nil }
        let value: CustomerCursor.Value
        switch (payload.t, payload.n) {
        case (let text?, nil): value = .text(text)
        case (nil, let number?): value = .number(number)
        default: return nil
        }
        let cursor = CustomerCursor(sort: sort, descending: payload.d, value: value, id: payload.i)
        return cursor.isWellFormed ? cursor : nil
    }
}
