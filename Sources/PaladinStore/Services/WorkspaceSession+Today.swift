import PaladinAnalytics
import PaladinCore
import SQLKit

/// What needs a member's attention today: the web application's Today page.
public struct TodayOverview: Sendable {
    /// An open follow-up due today or earlier, with its customer.
    public struct DueFollowUp: Sendable {
        public var followUp: FollowUp
        public var customer: Customer
        /// Days past its due day (0: due today).
        public var daysOverdue: Int
    }

    /// A customer longer at a stage than its expected days.
    public struct StalledCustomer: Sendable {
        public var customer: Customer
        public var model: JourneyModel
        public var stage: Stage
        public var days: Int
        public var expectedDays: Int
        /// Whether the stage is in the model's stall zone (customer-journey's stages 4–6).
        public var inStallZone: Bool
    }

    /// A customer who has met every required marker of their stage, with the stage to move to.
    public struct ReadyCustomer: Sendable {
        public var customer: Customer
        public var model: JourneyModel
        public var stage: Stage
        public var next: Stage
        public var days: Int
    }

    /// A recent survey answer of 0–6.
    public struct Detractor: Sendable {
        public var answer: SurveyResponse
        public var customer: Customer
    }

    /// Each list holds at most the limit asked for; `more…` says whether there were more to show.
    public var followUps: [DueFollowUp] = []
    public var moreFollowUps = false
    public var stalled: [StalledCustomer] = []
    public var moreStalled = false
    public var ready: [ReadyCustomer] = []
    public var moreReady = false
    public var detractors: [Detractor] = []
    public var moreDetractors = false
    /// The next best actions of every customer listed above, the most urgent first.
    public var actions: [Int64: [NextBestAction]] = [:]
}

extension WorkspaceSession {
    /// How far back a survey answer counts as a new detractor on Today.
    public static let newDetractorDays = 30

    /// Today's lists of `owners`' customers (an email and/or a name; nil: the whole workspace), each at most `limit`
    /// (1–100), with every listed customer's next best actions.
    ///
    /// The cost is bounded by `limit`, not the workspace: each list is one indexed statement per stage or one in all
    /// (``TodayStore``), and guidance is computed for the listed customers only (about ten statements each).
    /// Stalled customers come stall zone first, then most days over; ready ones longest at their stage first.
    public func today(owners: [String]?, limit: Int) async throws -> TodayOverview {
        guard (1...100).contains(limit) else {
            throw PaladinError.invalid(field: "limit", message: "must be a whole number from 1 to 100")
        }
        let store = TodayStore(database.sql, workspace: id)
        let scope = try await store.scope(owners: owners)
        let models = try await models().map(\.model)
        let guided = models.filter { $0.kind == .guided }
        let now = clock.now()
        let today = now.date
        var overview = TodayOverview()

        let followUps = try await store.dueFollowUps(through: today, scope: scope, limit: limit + 1)
        overview.moreFollowUps = followUps.count > limit

        // Stalled: one bounded walk per stage with expected days; the stall zone's stages first.
        var stalled: [(model: JourneyModel, stage: Stage, customer: Int64, days: Int, over: Int, zone: Bool)] = []
        for model in guided {
            for stage in model.stages {
                guard let expected = stage.expectedDays else { continue }
                // Whole days at the stage exceed the expected days: entered at least expected + 1 days ago.
                let rows = try await store.positions(
                    model: model.key, stage: stage.key, enteredBefore: Timestamp(seconds: now.adding(days: -expected - 1).seconds + 1), scope: scope,
                    limit: limit + 1)
                for row in rows {
                    let days = row.since.days(until: now)
                    stalled.append((model, stage, row.customer, days, days - expected, model.stallZone.contains(stage.key)))
                }
            }
        }
        stalled.sort { ($0.zone ? 0 : 1, -$0.over, $0.customer) < ($1.zone ? 0 : 1, -$1.over, $1.customer) }
        overview.moreStalled = stalled.count > limit
        stalled = Array(stalled.prefix(limit))

        var ready: [(model: JourneyModel, stage: Stage, next: Stage, customer: Int64, since: Timestamp)] = []
        for model in guided {
            for (index, stage) in model.stages.enumerated() {
                guard let next = Guidance.nextStage(after: index, in: model) else { continue }
                for row in try await store.readyToMove(model: model, stage: stage, scope: scope, limit: limit + 1) {
                    ready.append((model, stage, next, row.customer, row.since))
                }
            }
        }
        ready.sort { ($0.since, $0.customer) < ($1.since, $1.customer) }
        overview.moreReady = ready.count > limit
        ready = Array(ready.prefix(limit))

        let answers = try await store.detractors(since: now.adding(days: -Self.newDetractorDays), scope: scope, limit: limit + 1)
        overview.moreDetractors = answers.count > limit

        let shownFollowUps = Array(followUps.prefix(limit)), shownAnswers = Array(answers.prefix(limit))
        var ids: [Int64] = []
        for customer in shownFollowUps.map(\.customerId) + stalled.map(\.customer) + ready.map(\.customer) + shownAnswers.map(\.customerId)
        where !ids.contains(customer) { ids.append(customer) }
        let customers = try await store.customers(ids)

        overview.followUps = shownFollowUps.compactMap { followUp in
            customers[followUp.customerId].map {
                TodayOverview.DueFollowUp(followUp: followUp, customer: $0, daysOverdue: Int(today.daysSinceEpoch - followUp.due.daysSinceEpoch))
            }
        }
        overview.stalled = stalled.compactMap { row in
            customers[row.customer].map {
                TodayOverview.StalledCustomer(customer: $0, model: row.model, stage: row.stage, days: row.days,
                                              expectedDays: row.days - row.over, inStallZone: row.zone)
            }
        }
        overview.ready = ready.compactMap { row in
            customers[row.customer].map {
                TodayOverview.ReadyCustomer(customer: $0, model: row.model, stage: row.stage, next: row.next, days: row.since.days(until: now))
            }
        }
        overview.detractors = shownAnswers.compactMap { answer in customers[answer.customerId].map { TodayOverview.Detractor(answer: answer, customer: $0) } }
        for customer in ids where customers[customer] != nil {
            overview.actions[customer] = Guidance.actions(for: try await guidanceInput(customer, models: models))
        }
        return overview
    }
}

extension WorkspaceSession {
    /// How many customer ids the workspace has handed out: its number of customers or a little more (deleted ones
    /// count), read in one row — a size to choose strategies by without counting a large table.
    public func customerIdsIssued() async throws -> Int {
        let row = try await database.sql.raw(
            "SELECT next_value FROM sequences WHERE workspace_id = \(bind: id) AND name = 'customers'"
        ).first()
        return max(0, Int(try row?.decode(column: "next_value", as: Int64.self) ?? 1) - 1)
    }
}
