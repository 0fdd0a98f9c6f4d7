import PaladinCore
import SQLKit

/// Positions, the append-only move history, and met markers of one workspace.
/// A position is only ever written together with the move that produced it.
public struct JourneyStore: Sendable {
    let sql: any SQLDatabase
    let workspace: Int64
    let writer: any RowWriter

    /// The journey records of `workspace` in `sql`; bulk rows go through `writer` (default: portable SQL).
    public init(_ sql: any SQLDatabase, workspace: Int64, writer: (any RowWriter)? = nil) {
        self.sql = sql
        self.workspace = workspace
        self.writer = writer ?? SQLRowWriter(sql: sql)
    }

    /// The customer's positions in every model they are placed in.
    public func positions(customer: Int64) async throws -> [Position] {
        try await sql.select().columns("*").from("positions").where("workspace_id", .equal, workspace)
            .where("customer_id", .equal, customer).all().map(Self.decodePosition)
    }

    /// The customer's position in `model`.
    public func position(customer: Int64, model: String) async throws -> Position? {
        try await sql.select().columns("*").from("positions").where("workspace_id", .equal, workspace)
            .where("customer_id", .equal, customer).where("model_key", .equal, model).first().map(Self.decodePosition)
    }

    /// Records `move` and the position it leads to, given the position before it.
    public func append(_ move: Move, after previous: Position?) async throws {
        try await insertMoves([move])
        guard let position = Position.applying(move, to: previous) else {
            try await sql.delete(from: "positions").where("workspace_id", .equal, workspace)
                .where("customer_id", .equal, move.customerId).where("model_key", .equal, move.model).run()
            return
        }
        try await upsertPositions([(move.customerId, position, move.id)])
    }

    /// Records first moves (entries) of customers not yet placed, with their positions, in bulk.
    public func appendEntries(_ moves: [Move]) async throws {
        try await insertMoves(moves)
        // New customers have no positions yet, so plain inserts suffice.
        try await writer.insert(
            into: "positions",
            columns: ["workspace_id", "customer_id", "model_key", "stage_key", "since", "is_override", "computed_stage",
                      "cycle_started_at", "last_move_id"],
            rows: moves.compactMap { move in
                guard let position = Position.applying(move, to: nil) else { return nil }
                return [.of(workspace), .of(move.customerId), .of(position.model), .of(position.stage), .of(position.since.seconds),
                        .of(position.isOverride ? 1 : 0), .of(position.computedStage), .of(position.cycleStartedAt.seconds), .of(move.id)]
            })
    }

    /// Records a whole history of moves (in id order) and the positions their replay leads to, in bulk.
    public func appendHistory(_ moves: [Move]) async throws {
        try await insertMoves(moves)
        var final: [String: (customer: Int64, position: Position?, move: Int64)] = [:]
        for move in moves {
            let key = "\(move.customerId)/\(move.model)"
            final[key] = (move.customerId, Position.applying(move, to: final[key]?.position), move.id)
        }
        try await upsertPositions(final.values.compactMap { entry in entry.position.map { (entry.customer, $0, entry.move) } })
    }

    /// Records moves in bulk, each following the given position of its customer in its model (one move per pair).
    public func append(_ moves: [Move], after previous: [Int64: [String: Position]]) async throws {
        try await insertMoves(moves)
        try await upsertPositions(moves.compactMap { move in
            Position.applying(move, to: previous[move.customerId]?[move.model]).map { (move.customerId, $0, move.id) }
        })
    }

    /// The customer's moves, oldest first; in one model when `model` is given.
    public func moves(customer: Int64, model: String? = nil) async throws -> [Move] {
        var select = sql.select().columns("*").from("moves").where("workspace_id", .equal, workspace)
            .where("customer_id", .equal, customer)
        if let model { select = select.where("model_key", .equal, model) }
        // Sorted here, not by SQL: `ORDER BY id` tempts SQLite (without statistics) to walk the whole workspace's
        // moves in primary-key order instead of using (workspace, customer, model, id) — 0.25 s a customer at 4M moves.
        return try await select.all().map(Self.decodeMove).sorted { $0.id < $1.id }
    }

    /// Markers met by the customer; in one model when `model` is given.
    public func markers(customer: Int64, model: String? = nil) async throws -> [MarkerRecord] {
        var select = sql.select().columns("*").from("markers_met").where("workspace_id", .equal, workspace)
            .where("customer_id", .equal, customer)
        if let model { select = select.where("model_key", .equal, model) }
        // Sorted here for the same reason as `moves(customer:)`.
        return try await select.all().map(Self.decodeMarker).sorted { $0.id < $1.id }
    }

    /// Records met markers.
    public func record(_ markers: [MarkerRecord]) async throws {
        guard !markers.isEmpty else { return }
        try await writer.insert(
            into: "markers_met",
            columns: ["workspace_id", "id", "customer_id", "model_key", "marker_key", "at", "actor", "note", "interaction_id"],
            rows: markers.map { marker in
                [.of(workspace), .of(marker.id), .of(marker.customerId), .of(marker.model), .of(marker.marker),
                 .of(marker.at.seconds), .of(marker.actor), .of(marker.note), .of(marker.interactionId)]
            })
    }

    /// How many customers stand at each stage of `model` (SQLite keeps them in `stage_counts`, see M016).
    public func stageCounts(model: String) async throws -> [String: Int] {
        let rows = try await sql.raw(
            DatabaseBackend(sql) == .sqlite
                ? "SELECT stage_key, customers AS n FROM stage_counts WHERE workspace_id = \(bind: workspace) AND model_key = \(bind: model) AND customers > 0"
                : "SELECT stage_key, COUNT(*) AS n FROM positions WHERE workspace_id = \(bind: workspace) AND model_key = \(bind: model) GROUP BY stage_key"
        ).all()
        var counts: [String: Int] = [:]
        for row in rows { counts[try row.decode(column: "stage_key", as: String.self)] = try row.decode(column: "n", as: Int.self) }
        return counts
    }

    /// Positions that differ from what replaying the customer's moves gives; empty when the store is consistent.
    public func inconsistencies(customer: Int64) async throws -> [String] {
        let stored = Dictionary(uniqueKeysWithValues: try await positions(customer: customer).map { ($0.model, $0) })
        let grouped = Dictionary(grouping: try await moves(customer: customer), by: \.model)
        var problems: [String] = []
        for model in Set(stored.keys).union(grouped.keys).sorted() {
            let replayed = Position.replay(grouped[model] ?? [])
            if replayed != stored[model] {
                problems.append("customer \(customer), model \(model): stored \(String(describing: stored[model]?.stage)), moves say \(String(describing: replayed?.stage))")
            }
        }
        return problems
    }

    private func insertMoves(_ moves: [Move]) async throws {
        guard !moves.isEmpty else { return }
        let stays = try await stays(endedBy: moves)
        try await writer.insert(
            into: "moves",
            columns: ["workspace_id", "id", "customer_id", "model_key", "from_stage", "to_stage", "kind", "at", "actor",
                      "decision", "reason", "overridden_markers", "skipped_stages", "stay_stage", "stay_days"],
            rows: moves.map { move in
                let stay = stays[move.id]
                return [.of(workspace), .of(move.id), .of(move.customerId), .of(move.model), .of(move.from), .of(move.to),
                        .of(move.kind.rawValue), .of(move.at.seconds), .of(move.actor), .of(move.decision), .of(move.reason),
                        .of(move.overriddenMarkers.joined(separator: ",")), .of(move.skippedStages.joined(separator: ",")),
                        .of(stay?.stage), .of(stay?.days)]
            })
    }

    /// The stay each of `moves` ends (by move id; absent when none), as migration 11 defines it: the customer's
    /// previous move in the same model — an earlier one of `moves` or the last one stored — went to `stage`, and
    /// `days` whole days passed from it to this move (0 when this move is not later).
    func stays(endedBy moves: [Move]) async throws -> [Int64: (stage: String, days: Int64)] {
        struct Key: Hashable { let customer: Int64, model: String }
        var last: [Key: (at: Int64, to: String?)] = [:]
        let customers = Array(Set(moves.map(\.customerId))).sorted()
        let models = Set(moves.map(\.model))
        for chunk in customers.chunked(into: 500) {
            let rows = try await sql.raw("""
                SELECT m.customer_id AS customer_id, m.model_key AS model_key, m.at AS at, m.to_stage AS to_stage FROM moves m
                WHERE m.workspace_id = \(bind: workspace) AND m.customer_id IN (\(binds: chunk.map { $0 as any Encodable & Sendable })) AND m.id = (
                  SELECT MAX(x.id) FROM moves x
                  WHERE x.workspace_id = m.workspace_id AND x.customer_id = m.customer_id AND x.model_key = m.model_key)
                """).all()
            for row in rows {
                let model = try row.decode(column: "model_key", as: String.self)
                guard models.contains(model) else { continue }
                last[Key(customer: try row.decode(column: "customer_id", as: Int64.self), model: model)] =
                    (try row.decode(column: "at", as: Int64.self), try row.decode(column: "to_stage", as: String?.self))
            }
        }
        var stays: [Int64: (stage: String, days: Int64)] = [:]
        for move in moves.sorted(by: { $0.id < $1.id }) {
            let key = Key(customer: move.customerId, model: move.model)
            if let previous = last[key], let stage = previous.to {
                stays[move.id] = (stage, move.at.seconds > previous.at ? (move.at.seconds - previous.at) / 86_400 : 0)
            }
            last[key] = (move.at.seconds, move.to)
        }
        return stays
    }

    private func upsertPositions(_ positions: [(customer: Int64, position: Position, move: Int64)]) async throws {
        for chunk in positions.chunked(into: 300) {
            var insert = sql.insert(into: "positions").columns(
                "workspace_id", "customer_id", "model_key", "stage_key", "since", "is_override", "computed_stage",
                "cycle_started_at", "last_move_id")
            for (customer, position, move) in chunk {
                insert = insert.values(
                    SQLBind(workspace), SQLBind(customer), SQLBind(position.model), SQLBind(position.stage),
                    SQLBind(position.since.seconds), SQLBind(position.isOverride ? 1 : 0), SQLBind(position.computedStage),
                    SQLBind(position.cycleStartedAt.seconds), SQLBind(move))
            }
            try await insert.onConflict(with: ["workspace_id", "customer_id", "model_key"]) { conflict in
                conflict.set(excludedValueOf: "stage_key").set(excludedValueOf: "since")
                    .set(excludedValueOf: "is_override").set(excludedValueOf: "computed_stage")
                    .set(excludedValueOf: "cycle_started_at").set(excludedValueOf: "last_move_id")
            }.run()
        }
    }

    static func decodePosition(_ row: any SQLRow) throws -> Position {
        Position(
            model: try row.decode(column: "model_key", as: String.self),
            stage: try row.decode(column: "stage_key", as: String.self),
            since: Timestamp(seconds: try row.decode(column: "since", as: Int64.self)),
            isOverride: try row.decode(column: "is_override", as: Int.self) != 0,
            computedStage: try row.decode(column: "computed_stage", as: String?.self),
            cycleStartedAt: Timestamp(seconds: try row.decode(column: "cycle_started_at", as: Int64.self))
        )
    }

    static func decodeMove(_ row: any SQLRow) throws -> Move {
        func list(_ column: String) throws -> [String] {
            try row.decode(column: column, as: String.self).split(separator: ",").map(String.init)
        }
        return Move(
            id: try row.decode(column: "id", as: Int64.self),
            customerId: try row.decode(column: "customer_id", as: Int64.self),
            model: try row.decode(column: "model_key", as: String.self),
            from: try row.decode(column: "from_stage", as: String?.self),
            to: try row.decode(column: "to_stage", as: String?.self),
            kind: MoveKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .forward,
            at: Timestamp(seconds: try row.decode(column: "at", as: Int64.self)),
            actor: try row.decode(column: "actor", as: String.self),
            decision: try row.decode(column: "decision", as: String?.self),
            reason: try row.decode(column: "reason", as: String?.self),
            overriddenMarkers: try list("overridden_markers"),
            skippedStages: try list("skipped_stages")
        )
    }

    static func decodeMarker(_ row: any SQLRow) throws -> MarkerRecord {
        MarkerRecord(
            id: try row.decode(column: "id", as: Int64.self),
            customerId: try row.decode(column: "customer_id", as: Int64.self),
            model: try row.decode(column: "model_key", as: String.self),
            marker: try row.decode(column: "marker_key", as: String.self),
            at: Timestamp(seconds: try row.decode(column: "at", as: Int64.self)),
            actor: try row.decode(column: "actor", as: String.self),
            note: try row.decode(column: "note", as: String?.self),
            interactionId: try row.decode(column: "interaction_id", as: Int64?.self)
        )
    }
}
