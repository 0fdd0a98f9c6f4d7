import PaladinAnalytics
import PaladinCore
import SQLKit

/// A customer's metrics from the last score run, each with its definition.
public struct CustomerMetricsReport: Sendable {
    /// One metric of the catalogue and the customer's value, nil when the customer has none (or was never scored).
    public struct Entry: Sendable {
        public var definition: MetricDefinition
        public var value: MetricValue?
    }

    public var customer: Customer
    /// The as-of date of the last score run that included the customer; nil before the first.
    public var asOf: Timestamp?
    /// Every metric rules may use, in catalogue order.
    public var entries: [Entry]
}

extension WorkspaceSession {
    /// Deletes a customer and everything recorded about them — positions, moves, markers, interactions, follow-ups,
    /// purchases, costs, survey answers, tags and scoring — in one transaction. Their id is never handed out again.
    @discardableResult
    public func deleteCustomer(_ reference: String) async throws -> Customer {
        try await database.transaction { sql in
            let store = CustomerStore(sql, workspace: self.id)
            let customer = try await Self.customer(reference, in: store, workspace: self.workspace.key)
            try await store.delete(id: customer.id)
            return customer
        }
    }

    /// The customer's value of every metric in the catalogue (`paladin metrics`), as of the last score run.
    public func metrics(of reference: String) async throws -> CustomerMetricsReport {
        let customer = try await customer(reference)
        let scoring = try await scoring(customer: customer.id)
        let definitions = MetricCatalog.definitions(models: try await models().map(\.model.key))
        return CustomerMetricsReport(
            customer: customer, asOf: scoring?.asOf,
            entries: definitions.map { .init(definition: $0, value: scoring?.metrics[$0.name]) })
    }
}
