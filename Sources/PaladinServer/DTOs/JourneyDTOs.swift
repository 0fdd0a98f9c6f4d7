import PaladinCore

/// The body of `POST /customers/{id}/moves`.
struct MoveBody: Decodable, Sendable {
    var model: String
    var to: String
    var decision: String?
    var force: Bool?
    var reason: String?

    var request: MoveRequest {
        MoveRequest(to: to, decision: decision?.trimmingSpaces.nilIfEmpty, force: force ?? false, reason: reason?.trimmingSpaces.nilIfEmpty)
    }
}

/// The body of `POST /customers/{id}/markers`.
struct MarkerBody: Decodable, Sendable {
    var model: String
    var marker: String
    var note: String?
}

/// A marker recorded as met, on the wire.
struct MarkerRecordView: Encodable, Sendable {
    let id: Int64
    let customer_id: Int64
    let model: String
    let marker: String
    let at: String
    let actor: String
    let note: String?

    init(_ record: MarkerRecord) {
        id = record.id
        customer_id = record.customerId
        model = record.model
        marker = record.marker
        at = record.at.description
        actor = record.actor
        note = record.note
    }

    private enum CodingKeys: String, CodingKey { case id, customer_id, model, marker, at, actor, note }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(customer_id, forKey: .customer_id)
        try container.encode(model, forKey: .model)
        try container.encode(marker, forKey: .marker)
        try container.encode(at, forKey: .at)
        try container.encode(actor, forKey: .actor)
        try container.encode(note, forKey: .note)
    }
}
