import PaladinAnalytics
import PaladinCore
@testable import PaladinStore
import Testing

/// A small deterministic generator (SplitMix64), so the generated history is the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("The evidence reports' SQL aggregates against a direct computation over the raw rows")
struct EvidenceReportAggregateTests {
    /// A generated history: 60 customers, some placed in each derived model, evidence spread over 2025-01 to 2026-06.
    struct History {
        var customers: [Customer] = []
        var stages: [String: [Int64: String]] = [:]
        var surveys: [SurveyResponse] = []
        var purchases: [Purchase] = []
        var costs: [CostToServe] = []
        var interactions: [Interaction] = []
        var followUps: [FollowUp] = []
    }

    func generate(_ session: WorkspaceSession, seed: UInt64) async throws -> History {
        var random = SeededGenerator(state: seed)
        var history = History()
        let start = Timestamp(CivilDate(iso: "2025-01-01")!).seconds, span: Int64 = 540 * 86_400
        func instant() -> Timestamp { Timestamp(seconds: start + Int64.random(in: 0..<span, using: &random)) }
        let owners = ["ana", "bo", "cy", nil]
        for index in 0..<60 {
            history.customers.append(try await session.add("G\(index)", "Customer \(index)", owner: owners.randomElement(using: &random)!))
        }
        for key in [EconomicsReport.categoryModel, EconomicsReport.rungModel, EconomicsReport.relationshipModel] {
            let stages = try await session.model(key).stages.map(\.key)
            for customer in history.customers where Int.random(in: 0..<5, using: &random) > 0 {
                let stage = stages.randomElement(using: &random)!
                _ = try await session.move(customer.externalId!, model: key, request: MoveRequest(to: stage, force: true, reason: "generated"))
                history.stages[key, default: [:]][customer.id] = stage
            }
        }
        func someone() -> Int64 { history.customers.randomElement(using: &random)!.id }
        for id in 1...150 { history.surveys.append(SurveyResponse(id: Int64(id), customerId: someone(), at: instant(), score: Int.random(in: 0...10, using: &random))) }
        for id in 1...400 {
            history.purchases.append(Purchase(id: Int64(id), customerId: someone(), at: instant(), amount: Money(cents: Int64.random(in: 100...50_000, using: &random)), currency: "EUR"))
        }
        for id in 1...200 {
            history.costs.append(CostToServe(id: Int64(id), customerId: someone(), at: instant(), amount: Money(cents: Int64.random(in: 100...30_000, using: &random)), category: .support))
        }
        for id in 1...300 {
            history.interactions.append(Interaction(
                id: Int64(id), customerId: someone(), at: instant(), channel: Channel.allCases.randomElement(using: &random)!,
                kind: InteractionKind.allCases.randomElement(using: &random)!, summary: "s", actor: "t"))
        }
        for id in 1...200 {
            let due = instant()
            // Done before, on, or after the due day, or not at all.
            let done: Timestamp? = Bool.random(using: &random) ? nil : due.adding(days: Int.random(in: -3...5, using: &random))
            history.followUps.append(FollowUp(
                id: Int64(id), customerId: someone(), due: due.date, assignee: Bool.random(using: &random) ? nil : owners.randomElement(using: &random)!,
                doneAt: done.map { Timestamp(seconds: $0.seconds + Int64.random(in: 0..<86_400, using: &random)) }))
        }
        let evidence = EvidenceStore(session.database.sql, workspace: session.workspace.id)
        try await evidence.insert(history.surveys)
        try await evidence.insert(history.purchases)
        try await evidence.insert(history.costs)
        try await evidence.insert(history.interactions)
        try await evidence.insert(history.followUps)
        return history
    }

    static let windows: [(String?, String?)] = [(nil, nil), ("2025-07-01", "2026-03-31"), ("2026-01-01", nil)]

    func options(_ window: (String?, String?)) -> ReportOptions {
        ReportOptions(
            from: window.0.map { Timestamp(CivilDate(iso: $0)!) },
            to: window.1.map { Timestamp(seconds: Timestamp(CivilDate(iso: $0)!).seconds + 86_399) },
            now: Timestamp(seconds: Timestamp(CivilDate(iso: "2026-02-15")!).seconds + 43_200))
    }

    func inWindow(_ at: Timestamp, _ options: ReportOptions) -> Bool {
        (options.from.map { at >= $0 } ?? true) && (options.to.map { at <= $0 } ?? true)
    }

    @Test("each report equals the report of the raw rows, counted one by one in Swift", arguments: [UInt64(1), 2, 3])
    func aggregatesMatchRawRows(seed: UInt64) async throws {
        try await withSession { session in
            let history = try await generate(session, seed: seed)
            let owners = Dictionary(uniqueKeysWithValues: history.customers.map { ($0.id, $0.owner) })
            for window in Self.windows {
                let options = options(window)
                // nps: one answer count per answer
                let category = history.stages[EconomicsReport.categoryModel] ?? [:]
                let answers = history.surveys.filter { inWindow($0.at, options) }
                    .map { NPSAnswerCount(day: $0.at.date, stage: category[$0.customerId], score: $0.score, count: 1) }
                let categoryOrder = try await session.model(EconomicsReport.categoryModel).stages.map(\.key)
                let nps = try await session.npsReport(options)
                #expect(nps == NPSReport(model: EconomicsReport.categoryModel, stageOrder: categoryOrder, answers: answers, from: options.from, to: options.to))
                #expect(nps.total.respondents == answers.count)

                // economics: one cell per customer, every customer's profit
                var revenue: [Int64: Int64] = [:], cost: [Int64: Int64] = [:]
                for purchase in history.purchases where inWindow(purchase.at, options) { revenue[purchase.customerId, default: 0] += purchase.amount.cents }
                for spent in history.costs where inWindow(spent.at, options) { cost[spent.customerId, default: 0] += spent.amount.cents }
                let cells = history.customers.map { customer in
                    EconomicsCell(
                        category: category[customer.id], rung: history.stages[EconomicsReport.rungModel]?[customer.id],
                        relationship: history.stages[EconomicsReport.relationshipModel]?[customer.id], customers: 1,
                        revenueCents: revenue[customer.id] ?? 0, costCents: cost[customer.id] ?? 0)
                }
                let profits = history.customers.map { (revenue[$0.id] ?? 0) - (cost[$0.id] ?? 0) }
                let orders = EconomicsReport.StageOrders(
                    categories: categoryOrder, rungs: try await session.model(EconomicsReport.rungModel).stages.map(\.key),
                    relationshipTypes: try await session.model(EconomicsReport.relationshipModel).stages.map(\.key))
                let economics = try await session.economicsReport(options)
                #expect(economics == EconomicsReport(cells: cells, profits: profits, orders: orders, from: options.from, to: options.to))
                #expect(economics.total.customers == 60)

                // activity: one count per interaction and per follow-up
                let interactions = history.interactions.filter { inWindow($0.at, options) }
                    .map { InteractionCount(channel: $0.channel.rawValue, kind: $0.kind.rawValue, count: 1) }
                let first = options.from?.date, last = options.to?.date
                let followUps = history.followUps.filter { followUp in
                    (first.map { followUp.due >= $0 } ?? true) && (last.map { followUp.due <= $0 } ?? true)
                }
                    .map { FollowUpCount(assignee: $0.assignee ?? owners[$0.customerId] ?? nil, outcome: .of(due: $0.due, doneAt: $0.doneAt, now: options.now), count: 1) }
                let activity = try await session.activityReport(options)
                #expect(activity == ActivityReport(interactions: interactions, followUps: followUps, now: options.now, from: options.from, to: options.to))
                #expect(activity.followUps.due == followUps.count && activity.interactions == interactions.count)
            }
        }
    }
}
