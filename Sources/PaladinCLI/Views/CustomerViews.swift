import PaladinAnalytics
import PaladinCore
import PaladinStore

/// A customer in JSON output.
struct CustomerView: NullPreservingEncodable {
    let id: Int64
    let external_id: String?
    let name: String
    let kind: String
    let email: String?
    let phone: String?
    let company: String?
    let owner: String?
    let tags: [String]
    let attributes: [String: String]
    let created_at: String
    let updated_at: String

    init(_ customer: Customer) {
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

    static let header = ["id", "external_id", "name", "email", "company", "owner", "tags"]
    var row: [String] {
        [String(id), external_id ?? "", name, email ?? "", company ?? "", owner ?? "", tags.joined(separator: "|")]
    }
}

/// One customer seen whole, in JSON output.
struct CustomerDetailView: NullPreservingEncodable {
    struct MarkerView: Encodable {
        let key: String
        let name: String
        let required: Bool
        let met: Bool
    }

    struct PositionView: NullPreservingEncodable {
        let model: String
        let model_name: String
        let kind: String
        let stage: String
        let stage_name: String
        let state: String?
        let since: String
        let days_in_stage: Int
        let expected_days: Int?
        let is_override: Bool
        let purpose: String
        let markers: [MarkerView]
        let unmet_required: [String]
        let playbook: [String]

    }

    struct MoveView: NullPreservingEncodable {
        let id: Int64
        let model: String
        let from: String?
        let to: String?
        let kind: String
        let at: String
        let actor: String
        let decision: String?
        let reason: String?
        let overridden_markers: [String]
        let skipped_stages: [String]

    }

    let customer: CustomerView
    let positions: [PositionView]
    let recent_interactions: [Interaction]
    let moves: [MoveView]
    let purchases: [Purchase]
    let costs: [CostToServe]
    let surveys: [SurveyResponse]
    let follow_ups: [FollowUp]
    let revenue: Money
    let cost: Money
    let profit: Money
    let last_score: Int?
    let last_score_segment: String?
    let scored_as_of: String?
    let metrics: [String: MetricJSONValue]?
    let derived: [DerivedView]
    let recommendations: [RecommendationView]

    struct DerivedView: Encodable {
        let model: String
        let stage: String
        let rule: String
        let explanation: String
    }

    struct RecommendationView: Encodable {
        let kind: String
        let reason: String
    }

    init(_ detail: CustomerDetail, language: String, now: Timestamp) {
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
    init(_ move: Move) {
        self.init(
            id: move.id, model: move.model, from: move.from, to: move.to, kind: move.kind.rawValue, at: move.at.description,
            actor: move.actor, decision: move.decision, reason: move.reason, overridden_markers: move.overriddenMarkers,
            skipped_stages: move.skippedStages)
    }
}

/// A metric value in JSON: a number or a text.
struct MetricJSONValue: Encodable {
    let value: MetricValue

    init(_ value: MetricValue) { self.value = value }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch value {
        case .number(let number): try container.encode(number)
        case .text(let text): try container.encode(text)
        case .boolean(let flag): try container.encode(flag)
        }
    }
}
