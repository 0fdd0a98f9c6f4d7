import Foundation
import NIOConcurrencyHelpers
import PaladinCore
import SQLKit

/// A workspace's journey models, stored as documents.
public struct ModelStore: Sendable {
    let sql: any SQLDatabase
    let workspace: Int64

    /// The models of `workspace` in `sql`.
    public init(_ sql: any SQLDatabase, workspace: Int64) {
        self.sql = sql
        self.workspace = workspace
    }

    /// Every model in display order.
    public func list() async throws -> [StoredModel] {
        try await sql.select().columns("*").from("journey_models").where("workspace_id", .equal, workspace)
            .orderBy("ordinal").orderBy("key").all().map(Self.decode)
    }

    /// The model with `key`, if any.
    public func find(_ key: String) async throws -> StoredModel? {
        try await sql.select().columns("*").from("journey_models").where("workspace_id", .equal, workspace)
            .where("key", .equal, key).first().map(Self.decode)
    }

    /// Inserts a new model or replaces the one with the same key (its version goes up by one).
    @discardableResult
    public func save(_ model: JourneyModel, builtIn: Bool, at: Timestamp) async throws -> StoredModel {
        let json = ModelDocument.json(model, pretty: false)
        if let existing = try await find(model.key) {
            try await sql.update("journey_models")
                .set("kind", to: model.kind.rawValue).set("definition", to: json)
                .set("version", to: existing.version + 1).set("updated_at", to: at.seconds)
                .where("workspace_id", .equal, workspace).where("key", .equal, model.key).run()
            return StoredModel(model: model, builtIn: existing.builtIn, version: existing.version + 1, updatedAt: at)
        }
        let ordinal = try await sql.raw(
            "SELECT COALESCE(MAX(ordinal), 0) + 1 AS n FROM journey_models WHERE workspace_id = \(bind: workspace)"
        ).first()?.decode(column: "n", as: Int.self) ?? 1
        try await sql.insert(into: "journey_models")
            .columns("workspace_id", "key", "ordinal", "kind", "definition", "built_in", "version", "updated_at")
            .values(
                SQLBind(workspace), SQLBind(model.key), SQLBind(ordinal), SQLBind(model.kind.rawValue), SQLBind(json),
                SQLBind(builtIn ? 1 : 0), SQLBind(Int64(1)), SQLBind(at.seconds)
            ).run()
        return StoredModel(model: model, builtIn: builtIn, version: 1, updatedAt: at)
    }

    static func decode(_ row: any SQLRow) throws -> StoredModel {
        let json = try row.decode(column: "definition", as: String.self)
        let key = DecodedModels.Key(
            workspace: try row.decode(column: "workspace_id", as: Int64.self), key: try row.decode(column: "key", as: String.self),
            version: try row.decode(column: "version", as: Int64.self), updatedAt: try row.decode(column: "updated_at", as: Int64.self))
        return StoredModel(
            model: try DecodedModels.shared.model(key, json: json),
            builtIn: try row.decode(column: "built_in", as: Int.self) != 0,
            version: key.version,
            updatedAt: Timestamp(seconds: key.updatedAt)
        )
    }
}

/// Models decoded from their stored JSON, kept for the process: every request reads a workspace's models, and
/// decoding seven documents each time cost more than the rest of a customer's page. An entry is used only when its
/// text is exactly the stored text (so two databases in one process, or an edit, can never be confused); the
/// cache is bounded.
final class DecodedModels: Sendable {
    struct Key: Hashable {
        let workspace: Int64
        let key: String
        let version: Int64
        let updatedAt: Int64
    }

    static let shared = DecodedModels()
    private static let limit = 512
    private let entries = NIOLockedValueBox<[Key: (json: String, model: JourneyModel)]>([:])

    func model(_ key: Key, json: String) throws -> JourneyModel {
        if let hit = entries.withLockedValue({ $0[key] }), hit.json == json { return hit.model }
        let model = try ModelDocument.stored(json)
        entries.withLockedValue { entries in
            if entries.count >= Self.limit { entries.removeAll(keepingCapacity: true) }
            entries[key] = (json, model)
        }
        return model
    }
}

/// A model as stored: the document plus bookkeeping.
public struct StoredModel: Sendable, Hashable {
    /// The model.
    public var model: JourneyModel
    /// Shipped with Paladin (and since possibly edited).
    public var builtIn: Bool
    /// Goes up with every change.
    public var version: Int64
    /// When it last changed.
    public var updatedAt: Timestamp
}
