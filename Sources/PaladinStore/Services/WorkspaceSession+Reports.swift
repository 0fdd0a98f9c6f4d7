import PaladinAnalytics
import PaladinCore

extension WorkspaceSession {
    /// The model a journey report is about (`funnel`, `flow`, `time-in-stage`, `stalls`: required; `first-100-days`:
    /// `customer-journey` unless named). Fails naming `model` when it is missing or unknown.
    func reportModel(_ kind: ReportKind, _ options: ReportOptions) async throws -> JourneyModel {
        guard let key = options.model ?? (kind == .first100Days ? "customer-journey" : nil) else {
            throw PaladinError.invalid(field: "model", message: "is required for the \(kind.rawValue) report")
        }
        do {
            return try await model(key)
        } catch PaladinError.notFound(let message) {
            throw PaladinError.invalid(field: "model", message: message)
        }
    }

    /// Checks what every report needs of its options: a window whose `to` is not before its `from`.
    func checkWindow(_ options: ReportOptions) throws {
        if let from = options.from, let to = options.to, to < from {
            throw PaladinError.invalid(field: "to", message: "is before from")
        }
    }

    /// The stage order of the model a report is about, for drawing it (nil for reports about no one model).
    public func reportStages(_ report: any Report) async throws -> [String]? {
        let key: String?
        switch report {
        case let report as FunnelReport: key = report.model
        case let report as FlowReport: key = report.model
        case let report as TimeInStageReport: key = report.model
        case let report as StallsReport: key = report.model
        case let report as FirstHundredDaysReport: key = report.model
        default: key = nil
        }
        guard let key else { return nil }
        return try await model(key).stages.map(\.key)
    }

    /// Every report kind, in one place: the one switch the CLI, the API and the web pages call.
    public func report(_ kind: ReportKind, options: ReportOptions) async throws -> any Report {
        try checkWindow(options)
        switch kind {
        case .funnel: return try await funnelReport(options)
        case .flow: return try await flowReport(options)
        case .timeInStage: return try await timeInStageReport(options)
        case .stalls: return try await stallsReport(options)
        case .first100Days: return try await firstHundredDaysReport(options)
        case .nps:
            // An unknown model is a bad option here, as for the journey reports.
            do { return try await npsReport(options) } catch PaladinError.notFound(let message) {
                throw PaladinError.invalid(field: "model", message: message)
            }
        case .economics: return try await economicsReport(options)
        case .activity: return try await activityReport(options)
        }
    }

    /// `funnel` of `options.model`.
    public func funnelReport(_ options: ReportOptions) async throws -> FunnelReport {
        let model = try await reportModel(.funnel, options)
        let furthest = try await ReportStore(database.sql, workspace: id).funnelFurthest(model: model, options: options)
        return FunnelReport(model: model, options: options, furthest: furthest)
    }

    /// `flow` of `options.model`.
    public func flowReport(_ options: ReportOptions) async throws -> FlowReport {
        let model = try await reportModel(.flow, options)
        let transitions = try await ReportStore(database.sql, workspace: id).flowTransitions(model: model, options: options)
        return FlowReport(model: model, options: options, transitions: transitions)
    }

    /// `time-in-stage` of `options.model`.
    public func timeInStageReport(_ options: ReportOptions) async throws -> TimeInStageReport {
        let model = try await reportModel(.timeInStage, options)
        let store = ReportStore(database.sql, workspace: id)
        return TimeInStageReport(
            model: model, options: options, stays: try await store.completedStays(model: model, options: options),
            current: try await store.currentCounts(model: model))
    }

    /// `stalls` of `options.model`, listing at most `options.limit` customers.
    public func stallsReport(_ options: ReportOptions) async throws -> StallsReport {
        let model = try await reportModel(.stalls, options)
        let limit = options.limit
        let (counts, top) = try await ReportStore(database.sql, workspace: id).stalls(model: model, options: options, limit: limit)
        return StallsReport(model: model, options: options, counts: counts, top: top, limit: limit)
    }

    /// `first-100-days` of `options.model`, by default `customer-journey`.
    public func firstHundredDaysReport(_ options: ReportOptions) async throws -> FirstHundredDaysReport {
        let model = try await reportModel(.first100Days, options)
        let groups = try await ReportStore(database.sql, workspace: id).firstHundredDays(model: model, options: options)
        return FirstHundredDaysReport(model: model, options: options, groups: groups)
    }
}
