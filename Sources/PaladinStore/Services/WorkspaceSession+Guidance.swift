import PaladinAnalytics
import PaladinCore
import SQLKit

extension WorkspaceSession {
    /// The built-in derived models guidance reads (value category, ladder rung, relationship type), by key.
    static let guidanceDerivedModels = (valueCategory: "value-category", ladder: "engagement-ladder", relationship: "relationship-type")

    /// What to do next for one customer, the most urgent action first.
    public func next(_ reference: String) async throws -> CustomerGuidance {
        let customer = try await customer(reference)
        let models = try await models().map(\.model)
        return CustomerGuidance(customer: customer, actions: Guidance.actions(for: try await guidanceInput(customer.id, models: models)))
    }

    /// The customers who need attention most, each with their actions, at most `limit` (1–500), of `owner`'s
    /// customers when given.
    ///
    /// Candidates are picked by SQL in the order of the action priorities, each step along an index and stopping
    /// once `limit` customers are found: overdue follow-ups (oldest first), follow-ups due soon, the last score run's
    /// disinvest verdicts, customers beyond the expected days of a stall-zone stage (longest over first), customers
    /// ready to move (among the 2,000 longest at each stage), beyond expected days elsewhere, then win-back and
    /// champion verdicts. Actions are then computed for those customers only, so the work is bounded by `limit`, not
    /// by the number of customers. Customers who only have marker or playbook work are not listed.
    /// `alsoOwnedAs` names the same owner another way (an agent's name beside their email).
    public func nextActions(owner: String?, alsoOwnedAs: String? = nil, limit: Int) async throws -> [CustomerGuidance] {
        guard (1...500).contains(limit) else {
            throw PaladinError.invalid(field: "--limit", message: "must be a whole number from 1 to 500")
        }
        let owner = owner?.trimmingSpaces.nilIfEmpty
        let models = try await models().map(\.model)
        let guided = models.filter { $0.kind == .guided }
        let store = GuidanceStore(database.sql, workspace: id, owners: owner.map { [$0] + (alsoOwnedAs.map { [$0] } ?? []) } ?? [])
        let now = clock.now()
        let today = now.date

        var chosen: [Int64] = []
        var seen = Set<Int64>()
        func take(_ customers: [Int64]) {
            for customer in customers where chosen.count < limit && seen.insert(customer).inserted { chosen.append(customer) }
        }
        var needed: Int { limit - chosen.count }
        /// Customers beyond the expected days of the stages `inZone` selects, most days over first.
        func stalled(inZone: Bool) async throws -> [Int64] {
            var found: [(customer: Int64, over: Int64)] = []
            for model in guided {
                for stage in model.stages where model.stallZone.contains(stage.key) == inZone {
                    guard let expected = stage.expectedDays else { continue }
                    let rows = try await store.positions(
                        model: model.key, stage: stage.key, enteredBefore: now.adding(days: -expected), limit: limit)
                    found += rows.map { ($0.customer, now.seconds - $0.since.seconds - Int64(expected) * 86_400) }
                }
            }
            return found.sorted { ($1.over, $0.customer) < ($0.over, $1.customer) }.map(\.customer)
        }

        take(try await store.followUpCustomers(dueFrom: nil, through: today.adding(days: -1), limit: limit))
        if needed > 0 { take(try await store.followUpCustomers(dueFrom: today, through: today.adding(days: Guidance.dueSoonDays - 1), limit: needed)) }
        if needed > 0 { take(try await store.recommended(Recommendation.Kind.disinvest.rawValue, limit: needed)) }
        if needed > 0 { take(try await stalled(inZone: true)) }
        if needed > 0 {
            var ready: [(customer: Int64, since: Timestamp)] = []
            for model in guided {
                for stage in model.stages where Guidance.nextStage(after: model.stageIndex(stage.key)!, in: model) != nil {
                    ready += try await store.readyToMove(model: model, stage: stage, window: 2_000, limit: needed)
                }
            }
            take(ready.sorted { ($0.since, $0.customer) < ($1.since, $1.customer) }.map(\.customer))
        }
        if needed > 0 { take(try await stalled(inZone: false)) }
        if needed > 0 { take(try await store.recommended(Recommendation.Kind.winBack.rawValue, limit: needed)) }
        if needed > 0 { take(try await store.recommended(Recommendation.Kind.championCandidate.rawValue, limit: needed)) }

        let customers = CustomerStore(database.sql, workspace: id)
        var result: [CustomerGuidance] = []
        for customerId in chosen {
            guard let customer = try await customers.find(id: customerId) else { continue }
            let actions = Guidance.actions(for: try await guidanceInput(customerId, models: models))
            if !actions.isEmpty { result.append(CustomerGuidance(customer: customer, actions: actions)) }
        }
        return result.sorted(by: CustomerGuidance.mostUrgentFirst)
    }

    /// Everything guidance reads about one customer: about ten indexed statements.
    func guidanceInput(_ customer: Int64, models: [JourneyModel]) async throws -> GuidanceInput {
        let sql = database.sql
        let journeys = JourneyStore(sql, workspace: id)
        let evidence = EvidenceStore(sql, workspace: id)
        let byKey = Dictionary(models.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let positions = Dictionary(try await journeys.positions(customer: customer).map { ($0.model, $0) }, uniquingKeysWith: { first, _ in first })
        let markers = Dictionary(grouping: try await journeys.markers(customer: customer), by: \.model)
        let now = clock.now()

        var guided: [GuidanceInput.GuidedPosition] = []
        for model in models where model.kind == .guided {
            guard let position = positions[model.key], model.stage(position.stage) != nil else { continue }
            guided.append(GuidanceInput.GuidedPosition(
                model: model, position: position,
                metMarkers: MovementRules.metMarkers(markers[model.key] ?? [], for: position, in: model),
                mirrored: model.mirrorOf.flatMap { byKey[$0] }))
        }
        if let earliest = guided.map(\.position.since).min() {
            let times = try await sql.raw(
                "SELECT at FROM interactions WHERE workspace_id = \(bind: id) AND customer_id = \(bind: customer) AND at >= \(bind: earliest.seconds)"
            ).all().map { try $0.decode(column: "at", as: Int64.self) }
            for index in guided.indices {
                let since = guided[index].position.since.seconds
                guided[index].interactionsAtStage = times.filter { $0 >= since }.count
            }
        }
        let totals = try await evidence.totals(customer: customer)
        let purchases = try await sql.raw(
            "SELECT COUNT(*) AS n FROM purchases WHERE workspace_id = \(bind: id) AND customer_id = \(bind: customer)"
        ).first()?.decode(column: "n", as: Int.self) ?? 0
        let recommendations = try await sql.raw(
            "SELECT kind, reason FROM recommendations WHERE workspace_id = \(bind: id) AND customer_id = \(bind: customer) ORDER BY kind"
        ).all().compactMap { row in
            Recommendation.Kind(rawValue: try row.decode(column: "kind", as: String.self)).map {
                Recommendation(kind: $0, reason: (try? row.decode(column: "reason", as: String.self)) ?? "")
            }
        }
        let derived = Self.guidanceDerivedModels
        return GuidanceInput(
            positions: guided,
            openFollowUps: try await evidence.followUps(customer: customer, limit: 200),
            lastScore: try await evidence.surveys(customer: customer, limit: 1).first?.score,
            purchases: purchases, profit: totals.revenue - totals.cost,
            valueCategory: positions[derived.valueCategory]?.stage, ladderRung: positions[derived.ladder]?.stage,
            relationshipType: positions[derived.relationship]?.stage,
            recommendations: recommendations, now: now, language: workspace.language)
    }
}
