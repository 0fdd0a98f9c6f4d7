import PaladinCore
import PaladinStore
import PaladinViews

/// The body of `POST /webhooks`.
struct NewWebhookBody: Decodable, Sendable {
    var url: String
    var events: [String]
    var description: String?
}

/// The body of `PATCH /webhooks/{id}`: only the members given change; an empty description clears it.
struct WebhookPatchBody: Decodable, Sendable {
    var url: String?
    var events: [String]?
    var active: Bool?
    var description: String?

    var changes: WebhookChanges { WebhookChanges(url: url, events: events, active: active, description: description) }
}

/// A subscription as the API shows it. `secret` is only set in the answer that creates it; null ever after.
struct WebhookView: NullPreservingEncodable {
    let id: Int64
    let url: String
    let events: [String]
    let description: String?
    let active: Bool
    let created_at: String
    let updated_at: String
    let secret: String?

    init(_ webhook: WebhookSubscription, showingSecret: Bool = false) {
        self.id = webhook.id
        self.url = webhook.url
        self.events = webhook.events.map(\.rawValue)
        self.description = webhook.description
        self.active = webhook.active
        self.created_at = webhook.createdAt.description
        self.updated_at = webhook.updatedAt.description
        self.secret = showingSecret ? webhook.secret : nil
    }
}

/// One delivery: where it stands, how many attempts it took and how the last one went.
struct DeliveryView: NullPreservingEncodable {
    let id: Int64
    let webhook_id: Int64
    let event_id: String
    let event_type: String
    let status: String
    let attempts: Int
    let next_attempt_at: String?
    let last_status_code: Int?
    let last_error: String?
    let created_at: String
    let delivered_at: String?

    init(_ delivery: WebhookDelivery) {
        self.id = delivery.id
        self.webhook_id = delivery.webhookId
        self.event_id = delivery.eventId
        self.event_type = delivery.eventType
        self.status = delivery.status.rawValue
        self.attempts = delivery.attempts
        self.next_attempt_at = delivery.status == .pending ? delivery.nextAttemptAt?.description : nil
        self.last_status_code = delivery.lastStatusCode
        self.last_error = delivery.lastError
        self.created_at = delivery.createdAt.description
        self.delivered_at = delivery.deliveredAt?.description
    }
}

/// One page of deliveries, and where the next one starts.
struct DeliveryPage: Encodable {
    let items: [DeliveryView]
    /// Pass as `cursor` for the next page; null on the last page.
    let next_cursor: String?

    enum CodingKeys: String, CodingKey { case items, next_cursor }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(next_cursor, forKey: .next_cursor)
    }
}

/// Every subscription of the workspace.
struct WebhookList: Encodable {
    let items: [WebhookView]
}
