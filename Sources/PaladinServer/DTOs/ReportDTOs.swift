import PaladinAnalytics
import PaladinCore
import PaladinStore
import PaladinViews

/// One metric rules may use (`paladin metrics`).
struct MetricDefinitionView: Encodable {
    let name: String
    let type: String
    let definition: String

    init(_ definition: MetricDefinition) {
        name = definition.name
        type = definition.type.rawValue
        self.definition = definition.definition
    }
}

/// `GET /customers/{id}/metrics`: every metric with the customer's value as of the last score run (null when absent).
struct CustomerMetricsView: NullPreservingEncodable {
    struct Entry: NullPreservingEncodable {
        let name: String
        let type: String
        let definition: String
        let value: MetricJSONValue?
    }

    let customer_id: Int64
    let external_id: String?
    let scored_as_of: String?
    let metrics: [Entry]

    init(_ report: CustomerMetricsReport) {
        customer_id = report.customer.id
        external_id = report.customer.externalId
        scored_as_of = report.asOf?.description
        metrics = report.entries.map {
            Entry(name: $0.definition.name, type: $0.definition.type.rawValue, definition: $0.definition.definition,
                  value: $0.value.map(MetricJSONValue.init))
        }
    }
}

/// `GET /nps`: the groups asked for (none when not grouped) and the total over all of them.
struct NPSReportView: NullPreservingEncodable {
    let by: String?
    let period: String?
    let from: String?
    let to: String?
    let groups: [NPSGroupView]
    let total: NPSGroupView
}

/// A customer flagged by the last score run.
struct RecommendationItemView: NullPreservingEncodable {
    let customer_id: Int64
    let external_id: String?
    let name: String
    let kind: String
    let reason: String

    init(_ flagged: FlaggedCustomer) {
        customer_id = flagged.customerId
        external_id = flagged.externalId
        name = flagged.name
        kind = flagged.kind.rawValue
        reason = flagged.reason
    }
}

/// `GET /check`: whether every stored position equals the replay of its moves, and the first disagreements.
struct CheckView: Encodable {
    let ok: Bool
    let problem_count: Int
    let problems: [String]
}

/// A list under `items`.
struct ItemList<Item: Encodable>: Encodable {
    let items: [Item]
}
