import PaladinCore
import SQLKit

extension WorkspaceSession {
    /// Moves a customer in a model under the rules of movement; records the move and the new position.
    public func move(_ reference: String, model key: String, request: MoveRequest) async throws -> Move {
        try await database.transaction { sql in
            let (customer, model) = try await self.subject(reference, model: key, sql: sql)
            let journeys = JourneyStore(sql, workspace: self.id)
            let position = try await journeys.position(customer: customer.id, model: model.key)
            let met = MovementRules.metMarkers(
                try await journeys.markers(customer: customer.id, model: model.key), for: position, in: model)
            let plan: MovePlan
            switch MovementRules.plan(model: model, position: position, metMarkers: met, request: request) {
            case .success(let planned): plan = planned
            case .failure(.unknownStage(let model, let stage, let known)):
                throw PaladinError.notFound(MoveRefusal.unknownStage(model: model, stage: stage, known: known).description)
            case .failure(let refusal): throw PaladinError.refused(refusal)
            }
            return try await self.record(plan, customer: customer.id, model: model.key, after: position, sql: sql)
        }
    }

    /// Clears a manual override of a derived model: the computed stage applies again.
    public func clearOverride(_ reference: String, model key: String, reason: String?) async throws -> Move {
        try await database.transaction { sql in
            let (customer, model) = try await self.subject(reference, model: key, sql: sql)
            let position = try await JourneyStore(sql, workspace: self.id).position(customer: customer.id, model: model.key)
            switch MovementRules.planClear(model: model, position: position, reason: reason) {
            case .success(let plan):
                return try await self.record(plan, customer: customer.id, model: model.key, after: position, sql: sql)
            case .failure(let refusal):
                throw PaladinError.refused(refusal)
            }
        }
    }

    private func record(_ plan: MovePlan, customer: Int64, model: String, after position: Position?, sql: any SQLDatabase) async throws -> Move {
        let moveId = try await IdAllocator(sql).reserve("moves", workspace: id)
        let move = plan.move(id: moveId, customerId: customer, model: model, at: clock.now(), actor: actor)
        try await JourneyStore(sql, workspace: id).append(move, after: position)
        try await WebhookEvents(sql, workspace: workspace).record([.moved(move)], at: move.at)
        return move
    }

    /// Records a marker as met for a customer. Returns nil (and writes nothing) when it is already met in the current cycle.
    public func mark(_ reference: String, model key: String, marker markerKey: String, note: String?) async throws -> MarkerRecord? {
        try await database.transaction { sql in
            let (customer, model) = try await self.subject(reference, model: key, sql: sql)
            let records = try await self.markerRecords([MarkerReference(model: model.key, marker: markerKey)], customer: customer.id, note: note, interaction: nil, sql: sql)
            try await JourneyStore(sql, workspace: self.id).record(records)
            try await WebhookEvents(sql, workspace: self.workspace).record(records.map(WebhookEvent.met), at: self.clock.now())
            return records.first
        }
    }

    /// Logs an interaction with the markers it showed, the decision taken and an optional follow-up.
    public func log(_ reference: String, entry: InteractionEntry) async throws -> (Interaction, [MarkerRecord], FollowUp?) {
        let summary = entry.summary.trimmingSpaces
        guard !summary.isEmpty else { throw PaladinError.invalid(field: "--summary", message: "is empty") }
        return try await database.transaction { sql in
            let customer = try await Self.customer(reference, in: CustomerStore(sql, workspace: self.id), workspace: self.workspace.key)
            let ids = IdAllocator(sql)
            let interaction = Interaction(
                id: try await ids.reserve("interactions", workspace: self.id), customerId: customer.id,
                at: entry.at ?? self.clock.now(), channel: entry.channel, kind: entry.kind, summary: summary,
                decision: entry.decision?.trimmingSpaces.nilIfEmpty, actor: self.actor)
            let evidence = EvidenceStore(sql, workspace: self.id)
            try await evidence.insert([interaction])
            let records = try await self.markerRecords(entry.markers, customer: customer.id, note: summary, interaction: interaction.id, sql: sql)
            try await JourneyStore(sql, workspace: self.id).record(records)
            try await WebhookEvents(sql, workspace: self.workspace).record(records.map(WebhookEvent.met), at: self.clock.now())
            var followUp: FollowUp?
            if let due = entry.followUp {
                followUp = FollowUp(
                    id: try await ids.reserve("follow_ups", workspace: self.id), customerId: customer.id,
                    interactionId: interaction.id, due: due, assignee: entry.assignee ?? customer.owner ?? self.actor,
                    note: entry.followUpNote ?? summary)
                try await evidence.insert([followUp!])
            }
            return (interaction, records, followUp)
        }
    }

    /// Marks an open follow-up done.
    public func completeFollowUp(_ id: Int64) async throws {
        try await database.transaction { sql in
            guard try await EvidenceStore(sql, workspace: self.id).complete(followUp: id, at: self.clock.now()) else {
                throw PaladinError.notFound("no open follow-up \(id) in this workspace")
            }
        }
    }

    /// The customer and the model, or not-found errors.
    func subject(_ reference: String, model key: String, sql: any SQLDatabase) async throws -> (Customer, JourneyModel) {
        let customer = try await Self.customer(reference, in: CustomerStore(sql, workspace: id), workspace: workspace.key)
        let model = try await Self.model(key, in: ModelStore(sql, workspace: id))
        return (customer, model)
    }

    /// Marker records for references, checked against the models; markers already met this cycle are left out.
    func markerRecords(
        _ references: [MarkerReference], customer: Int64, note: String?, interaction: Int64?, sql: any SQLDatabase
    ) async throws -> [MarkerRecord] {
        guard !references.isEmpty else { return [] }
        let models = ModelStore(sql, workspace: id)
        let journeys = JourneyStore(sql, workspace: id)
        var records: [MarkerRecord] = []
        for reference in references {
            let model = try await Self.model(reference.model, in: models)
            guard model.marker(reference.marker) != nil else {
                let known = model.stages.flatMap(\.markers).map(\.key).joined(separator: ", ")
                throw PaladinError.notFound("model '\(model.key)' has no marker '\(reference.marker)' (markers: \(known.isEmpty ? "none" : known))")
            }
            let position = try await journeys.position(customer: customer, model: model.key)
            let met = MovementRules.metMarkers(try await journeys.markers(customer: customer, model: model.key), for: position, in: model)
            if met.contains(reference.marker) || records.contains(where: { $0.model == model.key && $0.marker == reference.marker }) { continue }
            records.append(MarkerRecord(
                id: try await IdAllocator(sql).reserve("markers_met", workspace: id), customerId: customer,
                model: model.key, marker: reference.marker, at: clock.now(), actor: actor, note: note?.trimmingSpaces.nilIfEmpty,
                interactionId: interaction))
        }
        return records
    }
}

/// What a person logs about an interaction.
public struct InteractionEntry: Sendable {
    public var channel: Channel
    public var kind: InteractionKind
    public var summary: String
    public var at: Timestamp?
    public var markers: [MarkerReference]
    public var decision: String?
    public var followUp: CivilDate?
    public var assignee: String?
    public var followUpNote: String?

    /// An interaction to log.
    public init(
        channel: Channel, kind: InteractionKind, summary: String, at: Timestamp? = nil, markers: [MarkerReference] = [],
        decision: String? = nil, followUp: CivilDate? = nil, assignee: String? = nil, followUpNote: String? = nil
    ) {
        self.channel = channel
        self.kind = kind
        self.summary = summary
        self.at = at
        self.markers = markers
        self.decision = decision
        self.followUp = followUp
        self.assignee = assignee
        self.followUpNote = followUpNote
    }
}
