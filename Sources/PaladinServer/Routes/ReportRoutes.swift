import Hummingbird
import PaladinAnalytics
import PaladinCore
import PaladinStore
import PaladinViews

/// What `paladin metrics`, `nps`, `recommendations` and `check` show, read-only, for every role.
enum ReportRoutes {
    static func add(to api: RouterGroup<MemberContext>, database: PaladinDatabase) {
        api.get("/metrics") { _, context in
            let models = try await context.session(database).models().map(\.model.key)
            return try Body.json(ItemList(items: MetricCatalog.definitions(models: models).map(MetricDefinitionView.init)))
        }
        api.get("/customers/{id}/metrics") { _, context in
            let report = try await context.session(database).metrics(of: try context.parameters.require("id"))
            return try Body.json(CustomerMetricsView(report))
        }
        api.get("/nps") { request, context in
            try await nps(request, session: context.session(database))
        }
        api.get("/recommendations") { request, context in
            var query = Query(request)
            let kind = query.choice("kind", as: Recommendation.Kind.self)
            let limit = query.integer("limit", in: 1...1_000) ?? 1_000
            try query.check()
            let flagged = try await context.session(database).flaggedCustomers(kind: kind, limit: limit)
            return try Body.json(ItemList(items: flagged.map(RecommendationItemView.init)))
        }
        api.get("/check") { _, context in
            let problems = try await context.session(database).verifyPositions()
            return try Body.json(CheckView(ok: problems.isEmpty, problem_count: problems.count, problems: Array(problems.prefix(100))))
        }
    }

    /// `?by=MODEL&period=month|quarter|year&from=DATE&to=DATE`, as `paladin nps`: a `to` without a time is the whole day.
    static func nps(_ request: Request, session: WorkspaceSession) async throws -> Response {
        var query = Query(request)
        let period = query.choice("period", as: NPSPeriod.self)
        let from = query.timestamp("from")
        let to = query.timestamp("to").map { $0.seconds % 86_400 == 0 ? Timestamp(seconds: $0.adding(days: 1).seconds - 1) : $0 }
        let by = query.text("by")
        try query.check()
        if let from, let to, to < from {
            throw Problem.unprocessable("to: is before from", errors: [.init(field: "to", message: "is before from")])
        }
        if let by, try await session.models().first(where: { $0.model.key == by }) == nil {
            throw Problem.unprocessable("by: no model '\(by)' in this workspace",
                                        errors: [.init(field: "by", message: "no such model in this workspace")])
        }
        let groups = try await session.nps(by: by, period: period, from: from, to: to)
        let total = groups.reduce(NPSSummary()) { sum, group in
            NPSSummary(promoters: sum.promoters + group.summary.promoters, passives: sum.passives + group.summary.passives,
                       detractors: sum.detractors + group.summary.detractors)
        }
        let grouped = by != nil || period != nil
        return try Body.json(NPSReportView(
            by: by, period: period?.rawValue, from: from?.description, to: to?.description,
            groups: grouped ? groups.map { NPSGroupView(period: $0.period, stage: $0.stage, summary: $0.summary) } : [],
            total: NPSGroupView(period: nil, stage: nil, summary: total)))
    }
}
