import Foundation
import PaladinCore

/// The events a webhook can subscribe to.
public enum WebhookEventType: String, Sendable, CaseIterable, Codable {
    /// A customer was moved in a model (a move recorded by a person or the API; not entries, imports or score runs).
    case customerMoved = "customer.moved"
    /// A marker was recorded as met (on its own or by an interaction).
    case markerMet = "marker.met"
    /// A follow-up reached its due day and is not done (sent once per follow-up).
    case followUpDue = "follow_up.due"
    /// A score run changed a customer's computed stage in a derived model.
    case derivedChanged = "derived.changed"
    /// A customer answered a survey campaign's link (with the follow-up or champion candidate it made).
    case surveyAnswered = "survey.answered"

    /// Every event name, for messages.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// A workspace's subscription: where to POST which events, signed with its secret.
public struct WebhookSubscription: Sendable, Hashable {
    public var id: Int64
    public var url: String
    public var events: [WebhookEventType]
    /// The HMAC key of the signatures; shown to the client once, when the subscription is made.
    public var secret: String
    public var active: Bool
    public var description: String?
    public var createdAt: Timestamp
    public var updatedAt: Timestamp

    /// A subscription.
    public init(
        id: Int64, url: String, events: [WebhookEventType], secret: String, active: Bool, description: String?,
        createdAt: Timestamp, updatedAt: Timestamp
    ) {
        self.id = id
        self.url = url
        self.events = events
        self.secret = secret
        self.active = active
        self.description = description
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// A new random secret: `whsec_` and 64 hex digits (256 bits).
    public static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return "whsec_" + (0..<32).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
    }
}

/// Where a delivery stands.
public enum DeliveryStatus: String, Sendable, CaseIterable, Codable {
    /// Waiting for its first or next attempt.
    case pending
    /// A 2xx answer was received.
    case delivered
    /// Every attempt failed; only a manual retry sends it again.
    case failed
}

/// One event for one subscription: the outbox row the dispatcher works from.
public struct WebhookDelivery: Sendable, Hashable {
    public var workspaceId: Int64
    public var id: Int64
    public var webhookId: Int64
    /// The event's id (the same for every subscription and every attempt), as in the body's `id`.
    public var eventId: String
    public var eventType: String
    /// The exact JSON body sent.
    public var payload: String
    public var status: DeliveryStatus
    public var attempts: Int
    /// When the next attempt is due; nil once delivered or failed.
    public var nextAttemptAt: Timestamp?
    public var lastStatusCode: Int?
    public var lastError: String?
    public var createdAt: Timestamp
    public var deliveredAt: Timestamp?
}

/// An event about to be written to the outbox: its type, the customer it is about and its `data` object.
public struct WebhookEvent: Sendable {
    public var type: WebhookEventType
    /// The customer the event is about; the recorder adds `customer: {id, external_id, name}` to `data`.
    public var customerId: Int64
    public var data: [String: JSONValue]

    /// An event.
    public init(type: WebhookEventType, customerId: Int64, data: [String: JSONValue]) {
        self.type = type
        self.customerId = customerId
        self.data = data
    }
}

/// A JSON value, for event payloads written with sorted keys and explicit nulls.
public enum JSONValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case int(Int64)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Text, or null.
    public static func of(_ text: String?) -> JSONValue { text.map { .string($0) } ?? .null }
    /// An integer, or null.
    public static func of(_ number: Int64?) -> JSONValue { number.map { .int($0) } ?? .null }
    /// An instant as ISO 8601 text, or null.
    public static func of(_ instant: Timestamp?) -> JSONValue { instant.map { .string($0.description) } ?? .null }

    /// Encodes the value.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .int(let number): try container.encode(number)
        case .string(let text): try container.encode(text)
        case .array(let items): try container.encode(items)
        case .object(let members): try container.encode(members)
        }
    }

    /// Decodes any JSON value (numbers must be integers).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let flag = try? container.decode(Bool.self) { self = .bool(flag) }
        else if let number = try? container.decode(Int64.self) { self = .int(number) }
        else if let text = try? container.decode(String.self) { self = .string(text) }
        else if let items = try? container.decode([JSONValue].self) { self = .array(items) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    /// The value as compact JSON text with sorted keys.
    public var text: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}
