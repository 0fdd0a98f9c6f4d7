import Foundation
import PaladinCore
import PaladinStore

/// An amount as a client may send it: decimal text (`"12.50"`, exact) or a JSON number (`12.5`).
/// Numbers are read as `Decimal`, never `Double`, so no cent is lost on the way in.
struct AmountField: Decodable, Sendable {
    let text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self.text = text
        } else if let decimal = try? container.decode(Decimal.self) {
            self.text = decimal.description
        } else {
            // Foundation cannot hold some numbers (1e-308, 1e300) as Decimal and calls the whole body "not valid JSON";
            // read them as Double so the amount check names the field instead (it rejects the exponent form).
            self.text = String(try container.decode(Double.self))
        }
    }

    /// The amount; 422 naming `field` when it is not an amount.
    func money(field: String = "amount") throws -> Money {
        switch AmountParser().parse(text) {
        case .success(let cents): return Money(cents: cents)
        case .failure(let failure):
            throw Problem.unprocessable("\(field): \(failure)", errors: [.init(field: field, message: "must be an amount like 12.50")])
        }
    }
}

/// Parsing the text fields every evidence body shares.
enum EvidenceField {
    /// A `date` (ISO 8601 date or date-time); nil when absent, 422 naming `field` when malformed.
    static func timestamp(_ text: String?, field: String = "date") throws -> Timestamp? {
        guard let text = text?.trimmingSpaces.nilIfEmpty else { return nil }
        switch DateParser().parse(text) {
        case .success(let seconds): return Timestamp(seconds: seconds)
        case .failure:
            throw Problem.unprocessable("\(field): '\(text)' is not an ISO 8601 date",
                                        errors: [.init(field: field, message: "must be a date like 2026-03-01 or 2026-03-01T10:30:00Z")])
        }
    }

    /// A value of a closed set, by its wire name; 422 naming `field` listing the allowed ones.
    static func choice<T: RawRepresentable & CaseIterable>(_ text: String, field: String, as type: T.Type) throws -> T where T.RawValue == String {
        guard let value = T(rawValue: text.trimmingSpaces) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw Problem.unprocessable("\(field): '\(text)' is not one of \(allowed)",
                                        errors: [.init(field: field, message: "must be one of \(allowed)")])
        }
        return value
    }
}

/// The body of `POST /customers/{id}/purchases`.
struct PurchaseBody: Decodable, Sendable {
    var amount: AmountField
    var currency: String?
    var date: String?
    var reference: String?
}

/// The body of `POST /customers/{id}/costs`.
struct CostBody: Decodable, Sendable {
    var amount: AmountField
    var category: String
    var date: String?
    var note: String?
}

/// The body of `POST /customers/{id}/surveys`.
struct SurveyBody: Decodable, Sendable {
    var score: Int
    var comment: String?
    var date: String?
}

/// The body of `POST /customers/{id}/interactions`.
struct InteractionBody: Decodable, Sendable {
    var channel: String
    var kind: String
    var summary: String
    var date: String?
    var markers: [String]?
    var decision: String?
    var follow_up: String?
    var assignee: String?

    /// The entry for the use case; 422 naming the field for an unknown channel or kind, a malformed marker or date.
    func entry() throws -> InteractionEntry {
        let channel = try EvidenceField.choice(channel, field: "channel", as: Channel.self)
        let kind = try EvidenceField.choice(kind, field: "kind", as: InteractionKind.self)
        var references: [MarkerReference] = []
        for (index, text) in (markers ?? []).enumerated() {
            guard let reference = MarkerReference(parsing: text) else {
                throw Problem.unprocessable("markers[\(index)]: '\(text)' is not model:marker",
                                            errors: [.init(field: "markers[\(index)]", message: "must be written model:marker")])
            }
            references.append(reference)
        }
        var due: CivilDate?
        if let text = follow_up?.trimmingSpaces.nilIfEmpty {
            guard let date = CivilDate(iso: text) else {
                throw Problem.unprocessable("follow_up: '\(text)' is not a date",
                                            errors: [.init(field: "follow_up", message: "must be a date like 2026-03-01")])
            }
            due = date
        }
        return InteractionEntry(
            channel: channel, kind: kind, summary: summary, at: try EvidenceField.timestamp(date), markers: references,
            decision: decision, followUp: due, assignee: assignee?.trimmingSpaces.nilIfEmpty)
    }
}

/// What `POST /customers/{id}/interactions` recorded: the interaction, the markers it showed, the follow-up agreed.
struct LoggedInteraction: Encodable, Sendable {
    let interaction: Interaction
    let markers: [MarkerRecordView]
    let follow_up: FollowUp?

    private enum CodingKeys: String, CodingKey { case interaction, markers, follow_up }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(interaction, forKey: .interaction)
        try container.encode(markers, forKey: .markers)
        try container.encode(follow_up, forKey: .follow_up)
    }
}

/// A list of follow-ups.
struct FollowUpList: Encodable, Sendable {
    let items: [FollowUp]
}
