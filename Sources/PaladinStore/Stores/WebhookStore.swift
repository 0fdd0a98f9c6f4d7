import PaladinCore
import SQLKit

/// Webhook subscriptions of one workspace and their deliveries.
public struct WebhookStore: Sendable {
    let sql: any SQLDatabase
    let workspace: Int64

    /// A store over `sql` (a database or a transaction) for one workspace.
    public init(_ sql: any SQLDatabase, workspace: Int64) {
        self.sql = sql
        self.workspace = workspace
    }

    // MARK: - Subscriptions

    /// Stores a new subscription.
    public func insert(_ webhook: WebhookSubscription) async throws {
        try await sql.insert(into: "webhooks")
            .columns("workspace_id", "id", "url", "events", "secret", "active", "description", "created_at", "updated_at")
            .values(
                SQLBind(workspace), SQLBind(webhook.id), SQLBind(webhook.url), SQLBind(Self.eventsText(webhook.events)),
                SQLBind(webhook.secret), SQLBind(webhook.active ? 1 : 0), SQLBind(webhook.description),
                SQLBind(webhook.createdAt.seconds), SQLBind(webhook.updatedAt.seconds))
            .run()
    }

    /// Writes a subscription's url, events, active flag, description and update time.
    public func update(_ webhook: WebhookSubscription) async throws {
        try await sql.update("webhooks")
            .set("url", to: webhook.url).set("events", to: Self.eventsText(webhook.events))
            .set("active", to: webhook.active ? 1 : 0).set("description", to: webhook.description)
            .set("updated_at", to: webhook.updatedAt.seconds)
            .where("workspace_id", .equal, workspace).where("id", .equal, webhook.id).run()
    }

    /// Deletes a subscription and its deliveries; false when there was none.
    public func delete(id: Int64) async throws -> Bool {
        try await !sql.raw(
            "DELETE FROM webhooks WHERE workspace_id = \(bind: workspace) AND id = \(bind: id) RETURNING id"
        ).all().isEmpty
    }

    /// The subscription with `id`, if any.
    public func find(id: Int64) async throws -> WebhookSubscription? {
        try await sql.select().columns("*").from("webhooks").where("workspace_id", .equal, workspace)
            .where("id", .equal, id).first().map(Self.decodeWebhook)
    }

    /// Every subscription of the workspace, by id.
    public func list() async throws -> [WebhookSubscription] {
        try await sql.select().columns("*").from("webhooks").where("workspace_id", .equal, workspace)
            .orderBy("id").all().map(Self.decodeWebhook)
    }

    /// The active subscriptions to any of `types`.
    public func subscribers(to types: Set<WebhookEventType>) async throws -> [WebhookSubscription] {
        try await sql.select().columns("*").from("webhooks").where("workspace_id", .equal, workspace)
            .where("active", .equal, 1).orderBy("id").all().map(Self.decodeWebhook)
            .filter { !Set($0.events).isDisjoint(with: types) }
    }

    // MARK: - Deliveries

    /// A subscription's deliveries by id, after `afterId`, optionally of one status.
    public func deliveries(webhook: Int64, status: DeliveryStatus? = nil, afterId: Int64? = nil, limit: Int = 100) async throws -> [WebhookDelivery] {
        var select = sql.select().columns("*").from("webhook_deliveries").where("workspace_id", .equal, workspace)
            .where("webhook_id", .equal, webhook)
        if let status { select = select.where("status", .equal, status.rawValue) }
        if let afterId { select = select.where("id", .greaterThan, afterId) }
        return try await select.orderBy("id").limit(limit).all().map(Self.decodeDelivery)
    }

    /// The delivery with `id` of a subscription, if any.
    public func delivery(webhook: Int64, id: Int64) async throws -> WebhookDelivery? {
        try await sql.select().columns("*").from("webhook_deliveries").where("workspace_id", .equal, workspace)
            .where("webhook_id", .equal, webhook).where("id", .equal, id).first().map(Self.decodeDelivery)
    }

    /// Queues a failed delivery again, due at `at`; false unless it was failed.
    public func requeue(webhook: Int64, id: Int64, at: Timestamp) async throws -> Bool {
        try await !sql.raw("""
            UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = \(bind: at.seconds)
            WHERE workspace_id = \(bind: workspace) AND webhook_id = \(bind: webhook) AND id = \(bind: id) AND status = 'failed'
            RETURNING id
            """).all().isEmpty
    }

    // MARK: - Rows

    static func eventsText(_ events: [WebhookEventType]) -> String { events.map(\.rawValue).joined(separator: ",") }

    static func decodeWebhook(_ row: any SQLRow) throws -> WebhookSubscription {
        WebhookSubscription(
            id: try row.decode(column: "id", as: Int64.self), url: try row.decode(column: "url", as: String.self),
            events: try row.decode(column: "events", as: String.self).split(separator: ",").compactMap { WebhookEventType(rawValue: String($0)) },
            secret: try row.decode(column: "secret", as: String.self), active: try row.decode(column: "active", as: Int.self) != 0,
            description: try row.decode(column: "description", as: String?.self),
            createdAt: Timestamp(seconds: try row.decode(column: "created_at", as: Int64.self)),
            updatedAt: Timestamp(seconds: try row.decode(column: "updated_at", as: Int64.self)))
    }

    static func decodeDelivery(_ row: any SQLRow) throws -> WebhookDelivery {
        WebhookDelivery(
            workspaceId: try row.decode(column: "workspace_id", as: Int64.self), id: try row.decode(column: "id", as: Int64.self),
            webhookId: try row.decode(column: "webhook_id", as: Int64.self), eventId: try row.decode(column: "event_id", as: String.self),
            eventType: try row.decode(column: "event_type", as: String.self), payload: try row.decode(column: "payload", as: String.self),
            status: DeliveryStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .failed,
            attempts: try row.decode(column: "attempts", as: Int.self),
            nextAttemptAt: try row.decode(column: "next_attempt_at", as: Int64?.self).map(Timestamp.init(seconds:)),
            lastStatusCode: try row.decode(column: "last_status_code", as: Int?.self),
            lastError: try row.decode(column: "last_error", as: String?.self),
            createdAt: Timestamp(seconds: try row.decode(column: "created_at", as: Int64.self)),
            deliveredAt: try row.decode(column: "delivered_at", as: Int64?.self).map(Timestamp.init(seconds:)))
    }
}
