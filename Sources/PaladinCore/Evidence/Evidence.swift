/// The channel an interaction happened on.
public enum Channel: String, Sendable, Codable, CaseIterable {
    case inPerson = "in_person", phone, email, letter, chat, video, other
}

/// What an interaction was.
public enum InteractionKind: String, Sendable, Codable, CaseIterable {
    case meeting, call, message, complaint, note
}

/// What a cost to serve was spent on.
public enum CostCategory: String, Sendable, Codable, CaseIterable {
    case support, care, logistics, discount, other
}

/// A marker of a model, written `MODEL:MARKER` on the command line and in imports.
public struct MarkerReference: Sendable, Hashable, Codable, CustomStringConvertible {
    public var model: String
    public var marker: String

    /// A reference to `marker` in `model`.
    public init(model: String, marker: String) {
        self.model = model
        self.marker = marker
    }

    /// Parses `MODEL:MARKER`; nil when the text has another shape.
    public init?(parsing text: String) {
        let parts = text.trimmingSpaces.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        self.init(model: String(parts[0]), marker: String(parts[1]))
    }

    public var description: String { "\(model):\(marker)" }
}

/// A contact with the customer: face to face, by phone or in writing.
public struct Interaction: Sendable, Hashable, Codable {
    public var id: Int64
    public var customerId: Int64
    public var at: Timestamp
    public var channel: Channel
    public var kind: InteractionKind
    public var summary: String
    /// The decision the customer took, if any.
    public var decision: String?
    /// Who recorded it.
    public var actor: String

    /// An interaction.
    public init(
        id: Int64, customerId: Int64, at: Timestamp, channel: Channel, kind: InteractionKind, summary: String,
        decision: String? = nil, actor: String
    ) {
        self.id = id
        self.customerId = customerId
        self.at = at
        self.channel = channel
        self.kind = kind
        self.summary = summary
        self.decision = decision
        self.actor = actor
    }

    enum CodingKeys: String, CodingKey {
        case id, at, channel, kind, summary, decision, actor
        case customerId = "customer_id"
    }
}

/// Something to do for a customer by a date, usually agreed in an interaction.
public struct FollowUp: Sendable, Hashable, Codable {
    public var id: Int64
    public var customerId: Int64
    public var interactionId: Int64?
    /// The day it is due.
    public var due: CivilDate
    /// Who should do it.
    public var assignee: String?
    /// What to do.
    public var note: String?
    /// When it was done; nil while open.
    public var doneAt: Timestamp?

    /// A follow-up.
    public init(
        id: Int64, customerId: Int64, interactionId: Int64? = nil, due: CivilDate, assignee: String? = nil,
        note: String? = nil, doneAt: Timestamp? = nil
    ) {
        self.id = id
        self.customerId = customerId
        self.interactionId = interactionId
        self.due = due
        self.assignee = assignee
        self.note = note
        self.doneAt = doneAt
    }

    /// Open and due before `today`.
    public func isOverdue(today: CivilDate) -> Bool { doneAt == nil && due < today }

    enum CodingKeys: String, CodingKey {
        case id, due, assignee, note
        case customerId = "customer_id"
        case interactionId = "interaction_id"
        case doneAt = "done_at"
    }
}

/// A purchase: revenue from the customer.
public struct Purchase: Sendable, Hashable, Codable {
    public var id: Int64
    public var customerId: Int64
    public var at: Timestamp
    public var amount: Money
    /// ISO 4217 code, e.g. `EUR`.
    public var currency: String
    /// The order or invoice number in another system.
    public var reference: String?

    /// A purchase.
    public init(id: Int64, customerId: Int64, at: Timestamp, amount: Money, currency: String, reference: String? = nil) {
        self.id = id
        self.customerId = customerId
        self.at = at
        self.amount = amount
        self.currency = currency
        self.reference = reference
    }

    enum CodingKeys: String, CodingKey {
        case id, at, amount, currency, reference
        case customerId = "customer_id"
    }
}

/// Money spent serving a customer: support, care, logistics, discounts.
public struct CostToServe: Sendable, Hashable, Codable {
    public var id: Int64
    public var customerId: Int64
    public var at: Timestamp
    public var amount: Money
    public var category: CostCategory
    public var note: String?

    /// A cost to serve.
    public init(id: Int64, customerId: Int64, at: Timestamp, amount: Money, category: CostCategory, note: String? = nil) {
        self.id = id
        self.customerId = customerId
        self.at = at
        self.amount = amount
        self.category = category
        self.note = note
    }

    enum CodingKeys: String, CodingKey {
        case id, at, amount, category, note
        case customerId = "customer_id"
    }
}

/// An answer to "how likely is it that you would recommend us?", 0 to 10.
public struct SurveyResponse: Sendable, Hashable, Codable {
    public var id: Int64
    public var customerId: Int64
    public var at: Timestamp
    public var score: Int
    public var comment: String?

    /// A survey answer.
    public init(id: Int64, customerId: Int64, at: Timestamp, score: Int, comment: String? = nil) {
        self.id = id
        self.customerId = customerId
        self.at = at
        self.score = score
        self.comment = comment
    }

    /// Promoter, passive or detractor.
    public var segment: NPSSegment { NPSSegment(score: score) }

    /// True for 0...10.
    public static func isValidScore(_ score: Int) -> Bool { (0...10).contains(score) }

    enum CodingKeys: String, CodingKey {
        case id, at, score, comment
        case customerId = "customer_id"
    }
}

/// The Net Promoter segments: promoters 9–10, passives 7–8, detractors 0–6.
public enum NPSSegment: String, Sendable, Codable {
    case promoter, passive, detractor

    /// The segment of a 0–10 score.
    public init(score: Int) {
        self = score >= 9 ? .promoter : (score >= 7 ? .passive : .detractor)
    }
}

/// A marker recorded as met for a customer, with its evidence.
public struct MarkerRecord: Sendable, Hashable, Codable {
    public var id: Int64
    public var customerId: Int64
    public var model: String
    public var marker: String
    public var at: Timestamp
    public var actor: String
    public var note: String?
    /// The interaction that showed it, if any.
    public var interactionId: Int64?

    /// A met marker.
    public init(
        id: Int64, customerId: Int64, model: String, marker: String, at: Timestamp, actor: String,
        note: String? = nil, interactionId: Int64? = nil
    ) {
        self.id = id
        self.customerId = customerId
        self.model = model
        self.marker = marker
        self.at = at
        self.actor = actor
        self.note = note
        self.interactionId = interactionId
    }

    enum CodingKeys: String, CodingKey {
        case id, model, marker, at, actor, note
        case customerId = "customer_id"
        case interactionId = "interaction_id"
    }
}
