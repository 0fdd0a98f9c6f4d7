import Foundation
import PaladinCore
import SQLKit

/// Changes to a webhook subscription; nil leaves a field as it is, an empty description clears it.
public struct WebhookChanges: Sendable {
    public var url: String?
    public var events: [String]?
    public var active: Bool?
    public var description: String?

    /// Changes; everything optional.
    public init(url: String? = nil, events: [String]? = nil, active: Bool? = nil, description: String? = nil) {
        self.url = url
        self.events = events
        self.active = active
        self.description = description
    }
}

extension WorkspaceSession {
    /// Subscribes `url` to `events`; the subscription comes back with its new secret (shown to the client only now).
    public func createWebhook(url: String, events: [String], description: String?) async throws -> WebhookSubscription {
        let url = try WebhookRules.url(url)
        let events = try WebhookRules.events(events)
        let description = try WebhookRules.description(description)
        return try await database.transaction { sql in
            let now = self.clock.now()
            let webhook = WebhookSubscription(
                id: try await IdAllocator(sql).reserve("webhooks", workspace: self.id), url: url, events: events,
                secret: WebhookSubscription.newSecret(), active: true, description: description, createdAt: now, updatedAt: now)
            try await WebhookStore(sql, workspace: self.id).insert(webhook)
            return webhook
        }
    }

    /// Every webhook subscription of the workspace.
    public func webhooks() async throws -> [WebhookSubscription] {
        try await WebhookStore(database.sql, workspace: id).list()
    }

    /// The subscription with `id`, or not found.
    public func webhook(_ id: Int64) async throws -> WebhookSubscription {
        guard let webhook = try await WebhookStore(database.sql, workspace: self.id).find(id: id) else {
            throw PaladinError.notFound("no webhook \(id) in this workspace")
        }
        return webhook
    }

    /// Changes a subscription's address, events, description or whether it is active.
    public func updateWebhook(_ id: Int64, changes: WebhookChanges) async throws -> WebhookSubscription {
        let url = try changes.url.map(WebhookRules.url)
        let events = try changes.events.map(WebhookRules.events)
        let description = try changes.description.map { try WebhookRules.description($0) }
        return try await database.transaction { sql in
            let store = WebhookStore(sql, workspace: self.id)
            guard var webhook = try await store.find(id: id) else { throw PaladinError.notFound("no webhook \(id) in this workspace") }
            let before = webhook
            if let url { webhook.url = url }
            if let events { webhook.events = events }
            if let active = changes.active { webhook.active = active }
            if let description { webhook.description = description }
            guard webhook != before else { return webhook }
            webhook.updatedAt = self.clock.now()
            try await store.update(webhook)
            return webhook
        }
    }

    /// Deletes a subscription and its deliveries.
    public func deleteWebhook(_ id: Int64) async throws {
        try await database.transaction { sql in
            guard try await WebhookStore(sql, workspace: self.id).delete(id: id) else {
                throw PaladinError.notFound("no webhook \(id) in this workspace")
            }
        }
    }

    /// A subscription's deliveries by id, after `afterId`, optionally of one status.
    public func deliveries(webhook: Int64, status: DeliveryStatus?, afterId: Int64?, limit: Int) async throws -> [WebhookDelivery] {
        _ = try await self.webhook(webhook)
        return try await WebhookStore(database.sql, workspace: id).deliveries(webhook: webhook, status: status, afterId: afterId, limit: limit)
    }

    /// Queues a failed delivery for one more attempt, due now; a conflict unless it failed.
    public func retryDelivery(webhook: Int64, delivery: Int64) async throws -> WebhookDelivery {
        try await database.transaction { sql in
            let store = WebhookStore(sql, workspace: self.id)
            guard try await store.find(id: webhook) != nil, let found = try await store.delivery(webhook: webhook, id: delivery) else {
                throw PaladinError.notFound("no delivery \(delivery) of webhook \(webhook) in this workspace")
            }
            guard try await store.requeue(webhook: webhook, id: delivery, at: self.clock.now()) else {
                throw PaladinError.conflict("delivery \(delivery) is \(found.status.rawValue); only a failed delivery can be retried")
            }
            return try await store.delivery(webhook: webhook, id: delivery) ?? found
        }
    }
}

/// What a webhook subscription may hold.
public enum WebhookRules {
    /// The longest address accepted.
    public static let maxURLLength = 2_000

    /// An absolute http(s) address with a host and no credentials, trimmed.
    public static func url(_ text: String) throws -> String {
        let text = text.trimmingSpaces
        guard !text.isEmpty else { throw PaladinError.invalid(field: "url", message: "is empty") }
        guard text.count <= maxURLLength else { throw PaladinError.invalid(field: "url", message: "is longer than \(maxURLLength) characters") }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              ["http", "https"].contains(scheme), let host = components.host, !host.isEmpty
        else { throw PaladinError.invalid(field: "url", message: "must be an absolute http or https URL") }
        guard components.user == nil, components.password == nil else {
            throw PaladinError.invalid(field: "url", message: "must not contain a user name or password")
        }
        return text
    }

    /// Known event names, at least one, without repeats (in the order given).
    public static func events(_ names: [String]) throws -> [WebhookEventType] {
        guard !names.isEmpty else { throw PaladinError.invalid(field: "events", message: "must name at least one event (\(WebhookEventType.names))") }
        var events: [WebhookEventType] = []
        for (index, name) in names.enumerated() {
            guard let event = WebhookEventType(rawValue: name.trimmingSpaces) else {
                throw PaladinError.invalid(field: "events[\(index)]", message: "unknown event '\(name)' (events: \(WebhookEventType.names))")
            }
            if !events.contains(event) { events.append(event) }
        }
        return events
    }

    /// A description of at most 500 characters; empty means none.
    public static func description(_ text: String?) throws -> String? {
        guard let text = text?.trimmingSpaces.nilIfEmpty else { return nil }
        guard text.count <= 500 else { throw PaladinError.invalid(field: "description", message: "is longer than 500 characters") }
        return text
    }
}
