import Foundation
import PaladinAnalytics
import PaladinCore
import SQLKit

/// Writes events into the outbox: one pending delivery per active subscription of the workspace to the event's
/// type. Call it with the transaction that makes the change, so the event exists exactly when the change does.
public struct WebhookEvents: Sendable {
    let sql: any SQLDatabase
    let workspace: Workspace
    let writer: any RowWriter
    /// Event ids; random UUIDs unless a test injects its own.
    let newEventId: @Sendable () -> String

    /// A recorder over `sql` (the transaction of the change) for `workspace`.
    public init(
        _ sql: any SQLDatabase, workspace: Workspace, writer: (any RowWriter)? = nil,
        newEventId: @escaping @Sendable () -> String = { "evt_" + UUID().uuidString.lowercased() }
    ) {
        self.sql = sql
        self.workspace = workspace
        self.writer = writer ?? SQLRowWriter(sql: sql)
        self.newEventId = newEventId
    }

    /// Records `events`, all happening at `at`. Does nothing (and reads nothing more) when nobody subscribes to them.
    public func record(_ events: [WebhookEvent], at: Timestamp) async throws {
        guard !events.isEmpty else { return }
        let subscribers = try await WebhookStore(sql, workspace: workspace.id).subscribers(to: Set(events.map(\.type)))
        guard !subscribers.isEmpty else { return }
        let customers = try await customerReferences(Set(events.map(\.customerId)))
        var rows: [[DatabaseValue]] = []
        for event in events {
            let receivers = subscribers.filter { $0.events.contains(event.type) }
            guard !receivers.isEmpty else { continue }
            let eventId = newEventId()
            var data = event.data
            data["customer"] = customers[event.customerId] ?? .object(["id": .int(event.customerId), "external_id": .null, "name": .null])
            let body = JSONValue.object([
                "id": .string(eventId), "type": .string(event.type.rawValue), "created_at": .of(at),
                "workspace": .string(workspace.key), "data": .object(data),
            ]).text
            for receiver in receivers {
                rows.append([.of(workspace.id), .of(receiver.id), .of(eventId), .of(event.type.rawValue), .of(body),
                             .of(DeliveryStatus.pending.rawValue), .of(0), .of(at.seconds), .of(at.seconds)])
            }
        }
        guard !rows.isEmpty else { return }
        var next = try await IdAllocator(sql).reserve("webhook_deliveries", count: rows.count, workspace: workspace.id)
        for index in rows.indices {
            rows[index].insert(.of(next), at: 1)
            next += 1
        }
        try await writer.insert(
            into: "webhook_deliveries",
            columns: ["workspace_id", "id", "webhook_id", "event_id", "event_type", "payload", "status", "attempts",
                      "next_attempt_at", "created_at"],
            rows: rows)
    }

    /// `{id, external_id, name}` of each customer, in chunks.
    private func customerReferences(_ ids: Set<Int64>) async throws -> [Int64: JSONValue] {
        var found: [Int64: JSONValue] = [:]
        for chunk in ids.sorted().chunked(into: 500) {
            let rows = try await sql.select().columns("id", "external_id", "name").from("customers")
                .where("workspace_id", .equal, workspace.id).where(SQLIdentifier("id"), .in, SQLBind.group(Array(chunk))).all()
            for row in rows {
                let id = try row.decode(column: "id", as: Int64.self)
                found[id] = .object([
                    "id": .int(id), "external_id": .of(try row.decode(column: "external_id", as: String?.self)),
                    "name": .string(try row.decode(column: "name", as: String.self)),
                ])
            }
        }
        return found
    }
}

extension WebhookEvent {
    /// `customer.moved` for a recorded move.
    static func moved(_ move: Move) -> WebhookEvent {
        WebhookEvent(type: .customerMoved, customerId: move.customerId, data: [
            "move_id": .int(move.id), "model": .string(move.model), "from": .of(move.from), "to": .of(move.to),
            "kind": .string(move.kind.rawValue), "at": .of(move.at), "actor": .string(move.actor),
            "decision": .of(move.decision), "reason": .of(move.reason),
        ])
    }

    /// `marker.met` for a met marker.
    static func met(_ record: MarkerRecord) -> WebhookEvent {
        WebhookEvent(type: .markerMet, customerId: record.customerId, data: [
            "marker_record_id": .int(record.id), "model": .string(record.model), "marker": .string(record.marker),
            "at": .of(record.at), "actor": .string(record.actor), "note": .of(record.note),
            "interaction_id": .of(record.interactionId),
        ])
    }
}

extension WebhookEvent {
    /// `derived.changed` for a score run's new computed stage; a manual override, if any, stays the customer's stage.
    static func derived(_ verdict: DerivedVerdict, customer: Int64, before: Position?, run: Int64, asOf: Timestamp) -> WebhookEvent {
        let overridden = before?.isOverride == true
        return WebhookEvent(type: .derivedChanged, customerId: customer, data: [
            "model": .string(verdict.model), "from": .of(before?.computedStage), "to": .string(verdict.stage),
            "stage": .string(overridden ? before?.stage ?? verdict.stage : verdict.stage), "overridden": .bool(overridden),
            "rule": .string(verdict.rule), "explanation": .string(verdict.explanation), "score_run_id": .int(run),
            "as_of": .of(asOf),
        ])
    }
}
