import PaladinAnalytics
import PaladinCore
import PaladinStore

/// A customer in JSON output.
public struct CustomerView: NullPreservingEncodable {
    public let id: Int64
    public let external_id: String?
    public let name: String
    public let kind: String
    public let email: String?
    public let phone: String?
    public let company: String?
    public let owner: String?
    public let tags: [String]
    public let attributes: [String: String]
    public let created_at: String
    public let updated_at: String

    /// The view of `customer`.
    public init(_ customer: Customer) {
        id = customer.id
        external_id = customer.externalId
        name = customer.name
        kind = customer.kind.rawValue
        email = customer.email
        phone = customer.phone
        company = customer.company
        owner = customer.owner
        tags = customer.tags
        attributes = customer.attributes
        created_at = customer.createdAt.description
        updated_at = customer.updatedAt.description
    }

    /// Column names of the table and CSV forms.
    public static let header = ["id", "external_id", "name", "email", "company", "owner", "tags"]
    /// One row of the table and CSV forms.
    public var row: [String] {
        [String(id), external_id ?? "", name, email ?? "", company ?? "", owner ?? "", tags.joined(separator: "|")]
    }
}

/// One customer seen whole, in JSON output.
public struct CustomerDetailView: NullPreservingEncodable {
    public struct MarkerView: Encodable {
        public let key: String
        public let name: String
        public let required: Bool
        public let met: Bool
    }

    public struct PositionView: NullPreservingEncodable {
        public let model: String
        public let model_name: String
        public let kind: String
        public let stage: String
        public let stage_name: String
        public let state: String?
        public let since: String
        public let days_in_stage: Int
        public let expected_days: Int?
        public let is_override: Bool
        public let purpose: String
        public let markers: [MarkerView]
        public let unmet_required: [String]
        public let playbook: [String]

    }

    public struct MoveView: NullPreservingEncodable {
        public let id: Int64
        public let model: String
        public let from: String?
        public let to: String?
        public let kind: String
        public let at: String
        public let actor: String
        public let decision: String?
        public let reason: String?
        public let overridden_markers: [String]
        public let skipped_stages: [String]

    }

    public let customer: CustomerView
    public let positions: [PositionView]
    public let recent_interactions: [Interaction]
    public let moves: [MoveView]
    public let purchases: [Purchase]
    public let costs: [CostToServe]
    public let surveys: [SurveyResponse]
    public let follow_ups: [FollowUp]
    public let revenue: Money
    public let cost: Money
    public let profit: Money
    public let last_score: Int?
    public let last_score_segment: String?
    public let scored_as_of: String?
    public let metrics: [String: MetricJSONValue]?
    public let derived: [DerivedView]
    public let recommendations: [RecommendationView]

    public struct DerivedView: Encodable {
        public let model: String
        public let stage: String
        public let rule: String
        public let explanation: String
    }

    public struct RecommendationView: Encodable {
        public let kind: String
        public let reason: String
    }

    /// The view of a customer seen whole, names in `language`, days counted to `now`.
    public init(_ detail: CustomerDetail, language: String, now: Timestamp) {
        customer = CustomerView(detail.customer)
        positions = detail.positions.map { placed in
            PositionView(
                model: placed.model.key, model_name: placed.model.names.text(language), kind: placed.model.kind.rawValue,
                stage: placed.stage.key, stage_name: placed.stage.names.text(language), state: placed.stage.state,
                since: placed.position.since.description, days_in_stage: placed.position.since.days(until: now),
                expected_days: placed.stage.expectedDays, is_override: placed.position.isOverride,
                purpose: placed.stage.purpose.text(language),
                markers: placed.stage.markers.map {
                    MarkerView(key: $0.key, name: $0.names.text(language), required: $0.required, met: placed.metMarkers.contains($0.key))
                },
                unmet_required: placed.stage.requiredMarkers.map(\.key).filter { !placed.metMarkers.contains($0) },
                playbook: placed.stage.playbook.map { $0.text(language) })
        }
        recent_interactions = detail.interactions
        moves = detail.moves.map(MoveView.init)
        purchases = detail.purchases
        costs = detail.costs
        surveys = detail.surveys
        follow_ups = detail.followUps
        revenue = detail.revenue
        cost = detail.cost
        profit = detail.profit
        last_score = detail.lastScore
        last_score_segment = detail.lastScore.map { NPSSegment(score: $0).rawValue }
        scored_as_of = detail.scoring?.asOf.description
        metrics = detail.scoring.map { $0.metrics.mapValues(MetricJSONValue.init) }
        derived = detail.scoring?.derivations.map {
            DerivedView(model: $0.model, stage: $0.stage, rule: $0.rule, explanation: $0.explanation)
        } ?? []
        recommendations = detail.scoring?.recommendations.map { RecommendationView(kind: $0.kind.rawValue, reason: $0.reason) } ?? []
    }
}

extension CustomerDetailView.MoveView {
    /// The view of `move`.
    public init(_ move: Move) {
        self.init(
            id: move.id, model: move.model, from: move.from, to: move.to, kind: move.kind.rawValue, at: move.at.description,
            actor: move.actor, decision: move.decision, reason: move.reason, overridden_markers: move.overriddenMarkers,
            skipped_stages: move.skippedStages)
    }
}

/// A metric value in JSON: a number or a text.
public struct MetricJSONValue: Encodable {
    public let value: MetricValue

    /// Wraps `value`.
    public init(_ value: MetricValue) { self.value = value }

    /// A number, a text or a flag.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch value {
        case .number(let number): try container.encode(number)
        case .text(let text): try container.encode(text)
        case .boolean(let flag): try container.encode(flag)
        }
    }
}
