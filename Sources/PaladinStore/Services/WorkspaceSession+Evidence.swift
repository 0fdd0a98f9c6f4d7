import PaladinAnalytics
import PaladinCore
import SQLKit

extension WorkspaceSession {
    /// Records a purchase.
    public func addPurchase(_ reference: String, amount: Money, currency: String?, at: Timestamp?, reference orderReference: String?) async throws -> Purchase {
        guard amount.cents >= 0 else { throw PaladinError.invalid(field: "--amount", message: "must not be negative") }
        let currency = currency?.uppercased() ?? workspace.currency
        guard Workspace.isCurrencyCode(currency) else {
            throw PaladinError.invalid(field: "--currency", message: "'\(currency)' is not a three-letter currency code")
        }
        return try await addEvidence(reference, table: "purchases") { id, customer in
            Purchase(id: id, customerId: customer, at: at ?? self.clock.now(), amount: amount, currency: currency,
                     reference: orderReference?.trimmingSpaces.nilIfEmpty)
        } store: { try await $0.insert([$1]) }
    }

    /// Records a cost to serve.
    public func addCost(_ reference: String, amount: Money, category: CostCategory, at: Timestamp?, note: String?) async throws -> CostToServe {
        guard amount.cents >= 0 else { throw PaladinError.invalid(field: "--amount", message: "must not be negative") }
        return try await addEvidence(reference, table: "costs") { id, customer in
            CostToServe(id: id, customerId: customer, at: at ?? self.clock.now(), amount: amount, category: category,
                        note: note?.trimmingSpaces.nilIfEmpty)
        } store: { try await $0.insert([$1]) }
    }

    /// Records an answer to the "would you recommend" question.
    public func addSurvey(_ reference: String, score: Int, comment: String?, at: Timestamp?) async throws -> SurveyResponse {
        guard SurveyResponse.isValidScore(score) else {
            throw PaladinError.invalid(field: "--score", message: "\(score) is outside 0–10")
        }
        return try await database.transaction { sql in
            let customer = try await Self.customer(reference, in: CustomerStore(sql, workspace: self.id), workspace: self.workspace.key)
            return try await Self.recordSurvey(customer: customer.id, score: score, comment: comment, at: at ?? self.clock.now(), sql: sql, workspace: self.id)
        }
    }

    /// Stores a survey answer as evidence: the one path of recorded answers and of answers to campaign links.
    static func recordSurvey(customer: Int64, score: Int, comment: String?, at: Timestamp, sql: any SQLDatabase, workspace: Int64) async throws -> SurveyResponse {
        let response = SurveyResponse(
            id: try await IdAllocator(sql).reserve("survey_responses", workspace: workspace), customerId: customer, at: at, score: score,
            comment: comment?.trimmingSpaces.nilIfEmpty)
        try await EvidenceStore(sql, workspace: workspace).insert([response])
        return response
    }

    private func addEvidence<T: Sendable>(
        _ reference: String, table: String, make: @escaping @Sendable (Int64, Int64) -> T,
        store: @escaping @Sendable (EvidenceStore, T) async throws -> Void
    ) async throws -> T {
        try await database.transaction { sql in
            let customer = try await Self.customer(reference, in: CustomerStore(sql, workspace: self.id), workspace: self.workspace.key)
            let record = make(try await IdAllocator(sql).reserve(table, workspace: self.id), customer.id)
            try await store(EvidenceStore(sql, workspace: self.id), record)
            return record
        }
    }

    /// Everything known about one customer: positions with markers, playbooks, evidence and economics.
    public func detail(_ reference: String, recent: Int = 10) async throws -> CustomerDetail {
        let customer = try await customer(reference)
        let journeys = JourneyStore(database.sql, workspace: id)
        let evidence = EvidenceStore(database.sql, workspace: id)
        let models = try await models().map(\.model)
        let positions = Dictionary(uniqueKeysWithValues: try await journeys.positions(customer: customer.id).map { ($0.model, $0) })
        let allMarkers = Dictionary(grouping: try await journeys.markers(customer: customer.id), by: \.model)
        var placed: [CustomerDetail.ModelPosition] = []
        for model in models {
            guard let position = positions[model.key], let stage = model.stage(position.stage) else { continue }
            let met = MovementRules.metMarkers(allMarkers[model.key] ?? [], for: position, in: model)
            placed.append(CustomerDetail.ModelPosition(model: model, position: position, stage: stage, metMarkers: met))
        }
        let totals = try await evidence.totals(customer: customer.id)
        let surveys = try await evidence.surveys(customer: customer.id, limit: recent)
        return CustomerDetail(
            customer: customer, positions: placed,
            interactions: try await evidence.interactions(customer: customer.id, limit: recent),
            moves: Array(try await journeys.moves(customer: customer.id).suffix(recent).reversed()),
            purchases: try await evidence.purchases(customer: customer.id, limit: recent),
            costs: try await evidence.costs(customer: customer.id, limit: recent),
            surveys: surveys,
            followUps: try await evidence.followUps(customer: customer.id),
            revenue: totals.revenue, cost: totals.cost,
            scoring: try await scoring(customer: customer.id))
    }

    /// The customer's metrics, derived-position explanations and recommendations from the last score run.
    func scoring(customer: Int64) async throws -> CustomerDetail.Scoring? {
        guard let row = try await database.sql.select().columns("*").from("customer_metrics")
            .where("workspace_id", .equal, id).where("customer_id", .equal, customer).first()
        else { return nil }
        let derivations = try await database.sql.select().columns("*").from("derivations")
            .where("workspace_id", .equal, id).where("customer_id", .equal, customer).orderBy("model_key").all()
            .map { row in
                DerivedVerdict(
                    model: try row.decode(column: "model_key", as: String.self), stage: try row.decode(column: "stage_key", as: String.self),
                    rule: try row.decode(column: "rule", as: String.self), explanation: try row.decode(column: "explanation", as: String.self))
            }
        let recommendations = try await database.sql.select().columns("*").from("recommendations")
            .where("workspace_id", .equal, id).where("customer_id", .equal, customer).orderBy("kind").all()
            .compactMap { row in
                Recommendation.Kind(rawValue: try row.decode(column: "kind", as: String.self)).map {
                    Recommendation(kind: $0, reason: (try? row.decode(column: "reason", as: String.self)) ?? "")
                }
            }
        return CustomerDetail.Scoring(
            asOf: Timestamp(seconds: try row.decode(column: "as_of", as: Int64.self)),
            metrics: MetricJSON.decode(try row.decode(column: "metric_values", as: String.self)),
            derivations: derivations, recommendations: recommendations)
    }
}

/// One customer seen whole.
public struct CustomerDetail: Sendable {
    /// A position in one model, with the current stage and which of its markers are met.
    public struct ModelPosition: Sendable {
        public var model: JourneyModel
        public var position: Position
        public var stage: Stage
        public var metMarkers: Set<String>
    }

    public var customer: Customer
    public var positions: [ModelPosition]
    public var interactions: [Interaction]
    public var moves: [Move]
    public var purchases: [Purchase]
    public var costs: [CostToServe]
    public var surveys: [SurveyResponse]
    public var followUps: [FollowUp]
    public var revenue: Money
    public var cost: Money
    /// What the last score run concluded; nil before the first.
    public var scoring: Scoring?

    /// The conclusions of the last score run about this customer.
    public struct Scoring: Sendable {
        public var asOf: Timestamp
        public var metrics: [String: MetricValue]
        public var derivations: [DerivedVerdict]
        public var recommendations: [Recommendation]
    }

    /// Revenue minus cost to serve.
    public var profit: Money { revenue - cost }
    /// The newest survey answer's score.
    public var lastScore: Int? { surveys.first?.score }
}

extension WorkspaceSession {
    /// Follow-ups of the workspace by due date; open ones only unless `includeDone`.
    public func followUps(includeDone: Bool = false, limit: Int = 1_000) async throws -> [FollowUp] {
        try await EvidenceStore(database.sql, workspace: id).followUps(includeDone: includeDone, limit: limit)
    }
}
