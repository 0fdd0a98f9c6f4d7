import PaladinCore
import SQLKit

/// The dispatcher's side of the outbox, across every workspace: claim due deliveries, record how attempts went,
/// and turn follow-ups that have come due into `follow_up.due` events.
/// Everything runs in transactions: the database has one connection, and only inside the transaction gate does a
/// read see committed rows alone (never a change another transaction may still roll back).
public struct WebhookOutbox: Sendable {
    let database: PaladinDatabase

    /// The outbox of `database`.
    public init(database: PaladinDatabase) {
        self.database = database
    }

    /// A delivery to attempt now, with the subscription's address and signing secret.
    public struct Attempt: Sendable {
        public var delivery: WebhookDelivery
        public var url: String
        public var secret: String
        public var workspaceKey: String
    }

    /// Claims up to `limit` pending deliveries due by `now` of active subscriptions: each is pushed `lease` seconds
    /// into the future first, so a crash mid-attempt leaves it to be tried again then, never lost.
    public func claim(now: Timestamp, lease: Int64, limit: Int) async throws -> [Attempt] {
        try await database.transaction { sql in
            let rows = try await sql.raw("""
                SELECT d.*, w.url AS webhook_url, w.secret AS webhook_secret, s.key AS workspace_key
                FROM webhook_deliveries d
                JOIN webhooks w ON w.workspace_id = d.workspace_id AND w.id = d.webhook_id
                JOIN workspaces s ON s.id = d.workspace_id
                WHERE d.status = 'pending' AND d.next_attempt_at <= \(bind: now.seconds) AND w.active = 1
                ORDER BY d.next_attempt_at, d.workspace_id, d.id LIMIT \(bind: limit)
                """).all()
            var attempts: [Attempt] = []
            for row in rows {
                let delivery = try WebhookStore.decodeDelivery(row)
                try await sql.update("webhook_deliveries").set("next_attempt_at", to: now.seconds + lease)
                    .where("workspace_id", .equal, delivery.workspaceId).where("id", .equal, delivery.id).run()
                attempts.append(Attempt(
                    delivery: delivery, url: try row.decode(column: "webhook_url", as: String.self),
                    secret: try row.decode(column: "webhook_secret", as: String.self),
                    workspaceKey: try row.decode(column: "workspace_key", as: String.self)))
            }
            return attempts
        }
    }

    /// Records a successful attempt.
    public func delivered(_ delivery: WebhookDelivery, statusCode: Int, at: Timestamp) async throws {
        try await database.transaction { sql in
            try await sql.raw("""
                UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, next_attempt_at = NULL,
                  last_status_code = \(bind: statusCode), last_error = NULL, delivered_at = \(bind: at.seconds)
                WHERE workspace_id = \(bind: delivery.workspaceId) AND id = \(bind: delivery.id)
                """).run()
        }
    }

    /// Records a failed attempt: pending again at `retryAt`, or failed for good when `retryAt` is nil.
    public func failed(_ delivery: WebhookDelivery, statusCode: Int?, error: String, retryAt: Timestamp?) async throws {
        try await database.transaction { sql in
            try await sql.raw("""
                UPDATE webhook_deliveries SET status = \(bind: retryAt == nil ? "failed" : "pending"), attempts = attempts + 1,
                  next_attempt_at = \(bind: retryAt?.seconds), last_status_code = \(bind: statusCode), last_error = \(bind: String(error.prefix(500)))
                WHERE workspace_id = \(bind: delivery.workspaceId) AND id = \(bind: delivery.id)
                """).run()
        }
    }

    /// Emits `follow_up.due` for open follow-ups due on or before `today` that have not had it yet, at most `limit`
    /// per call, and records that they had it (whether or not anyone subscribes), so each is emitted once.
    /// Returns how many follow-ups it emitted.
    @discardableResult
    public func emitDueFollowUps(today: CivilDate, at: Timestamp, limit: Int = 1_000) async throws -> Int {
        try await database.transaction { sql in
            let rows = try await sql.raw("""
                SELECT f.* FROM follow_ups f
                WHERE f.done_at IS NULL AND f.due_on <= \(bind: today.description)
                  AND NOT EXISTS (SELECT 1 FROM follow_up_notices n WHERE n.workspace_id = f.workspace_id AND n.follow_up_id = f.id)
                ORDER BY f.workspace_id, f.due_on, f.id LIMIT \(bind: limit)
                """).all()
            var byWorkspace: [Int64: [WebhookEvent]] = [:]
            var notices: [[DatabaseValue]] = []
            for row in rows {
                let workspace = try row.decode(column: "workspace_id", as: Int64.self)
                let id = try row.decode(column: "id", as: Int64.self)
                let customer = try row.decode(column: "customer_id", as: Int64.self)
                byWorkspace[workspace, default: []].append(WebhookEvent(type: .followUpDue, customerId: customer, data: [
                    "follow_up": .object([
                        "id": .int(id), "due": .string(try row.decode(column: "due_on", as: String.self)),
                        "assignee": .of(try row.decode(column: "assignee", as: String?.self)),
                        "note": .of(try row.decode(column: "note", as: String?.self)),
                        "interaction_id": .of(try row.decode(column: "interaction_id", as: Int64?.self)),
                    ]),
                ]))
                notices.append([.of(workspace), .of(id), .of(at.seconds)])
            }
            for (workspaceId, events) in byWorkspace.sorted(by: { $0.key < $1.key }) {
                guard let workspace = try await WorkspaceStore(sql).find(id: workspaceId) else { continue }
                try await WebhookEvents(sql, workspace: workspace).record(events, at: at)
            }
            try await SQLRowWriter(sql: sql).insert(into: "follow_up_notices", columns: ["workspace_id", "follow_up_id", "emitted_at"], rows: notices)
            return rows.count
        }
    }
}
