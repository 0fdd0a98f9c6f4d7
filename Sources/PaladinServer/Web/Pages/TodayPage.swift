import Hummingbird
import PaladinAnalytics
import PaladinCore
import PaladinStore

/// `GET /today`: where `/` and signing in land. For the signed-in member: follow-ups due today and overdue (each with
/// a "done" form), customers stuck beyond their stage's expected days (the stall zone first), customers ready to move,
/// new detractors — each customer with their next best actions. Agents see their own customers; the other roles see
/// their own by default and the whole team with `?scope=team`. Each list shows ``limit`` rows and links to "more"
/// (`?section=…`, one list with ``moreLimit`` rows). `POST /follow-ups/{id}/done` marks one done and comes back.
enum TodayPage {
    /// Rows per list on the page, and on a list's own "more" page. Guidance costs about ten statements per customer
    /// listed, so these bound the page's time as much as the lists do.
    static let limit = 8
    static let moreLimit = 25

    /// The lists, as `section` names them.
    enum Section: String, CaseIterable {
        case followUps = "follow-ups", stalled, ready, detractors
    }

    struct Action {
        let title: String
        let detail: String
        let reason: String
    }

    struct Row {
        let customerName: String
        let customerHref: String
        /// What the row is about (the follow-up's note, the model and stage, the answer's comment).
        let subject: String
        /// A line of facts (due day and days overdue, days at the stage, the score and day).
        let facts: String
        let flag: String?
        /// The follow-up the "done" form marks (0: the row is not a follow-up).
        let followUpId: Int64
        let canMarkDone: Bool
        let boardHref: String?
        let actions: [Action]
        let hasActions: Bool
    }

    struct List {
        let key: String
        let heading: String
        let empty: String
        let rows: [Row]
        let isEmpty: Bool
        let moreHref: String?
    }

    struct Model {
        let lists: [List]
        let canSwitch: Bool
        let team: Bool
        let mineHref: String
        let teamHref: String
        let back: String
        let allHref: String?
    }

    static func add(to pages: RouterGroup<WebContext>, environment: WebEnvironment) {
        pages.get("/today") { request, context in
            let parameters = request.uri.queryParameters
            let team: Bool
            switch parameters.get("scope") ?? "mine" {
            case "mine": team = false
            case "team": team = true
            default: throw WebError.badRequest
            }
            var section: Section?
            if let name = parameters.get("section") {
                guard let known = Section(rawValue: name) else { throw WebError.badRequest }
                section = known
            }
            let page = try await build(context: context, environment: environment, team: team, section: section)
            return try context.chrome(request).render("today", titleKey: "nav_today", page: page, renderer: environment.renderer)
        }
        pages.post("/follow-ups/{id}/done") { _, context in
            guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else { throw WebError.notFound }
            let session = context.workspace(environment.database)
            let evidence = EvidenceStore(environment.database.sql, workspace: session.workspace.id)
            guard let followUp = try await evidence.followUps(id: id, includeDone: true, limit: 1).first else { throw WebError.notFound }
            try context.requireWorks(try await session.customer(String(followUp.customerId)))
            let back = WebRoutes.localPath(context.form["back"], fallback: "/today")
            // Done already (a second click, another tab): nothing to write, the member sees the list as it is.
            if followUp.doneAt == nil { try await session.completeFollowUp(id) }
            return WebRoutes.redirect(back + (back.contains("?") ? "&" : "?") + "done=follow_up")
        }
    }

    /// Agents always see their own customers; `team` shows everyone's to the other roles.
    static func build(context: WebContext, environment: WebEnvironment, team: Bool, section: Section?) async throws -> Model {
        let member = context.session.member
        let canSwitch = context.session.role != .agent
        let wholeTeam = team && canSwitch
        let session = context.workspace(environment.database)
        let overview = try await session.today(owners: wholeTeam ? nil : [member.email, member.name],
                                               limit: section == nil ? limit : moreLimit)
        let language = context.language
        let catalog = environment.renderer.catalog
        func text(_ key: String, _ values: [String: String] = [:]) -> String {
            values.reduce(catalog.text(key, language)) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
        }
        let scope: [(String, String)] = wholeTeam ? [("scope", "team")] : []
        let back = "/today" + (section.map { "?" + CustomerListPage.queryString(scope + [("section", $0.rawValue)]) }
            ?? (wholeTeam ? "?scope=team" : ""))
        func more(_ list: Section, _ hasMore: Bool) -> String? {
            guard hasMore, section == nil else { return nil }
            return "/today?" + CustomerListPage.queryString(scope + [("section", list.rawValue)])
        }
        func actions(_ customer: Customer) -> [Action] {
            shown(overview.actions[customer.id] ?? []).map { Action(title: $0.title, detail: $0.detail, reason: $0.reason) }
        }
        func row(_ customer: Customer, subject: String, facts: String, flag: String? = nil, followUp: Int64? = nil,
                 board: String? = nil) -> Row {
            let listed = actions(customer)
            return Row(customerName: customer.name, customerHref: "/customers/\(customer.id)", subject: subject, facts: facts, flag: flag,
                       followUpId: followUp ?? 0, canMarkDone: followUp != nil && context.works(customer), boardHref: board,
                       actions: listed, hasActions: !listed.isEmpty)
        }

        var lists: [List] = []
        if section == nil || section == .followUps {
            lists.append(List(
                key: Section.followUps.rawValue, heading: text("today_follow_ups"), empty: text("today_follow_ups_none"),
                rows: overview.followUps.map { due in
                    let when = due.daysOverdue == 0 ? text("today_due_today") : text("today_overdue_days", ["n": String(due.daysOverdue)])
                    var facts = "\(text("today_due")) \(due.followUp.due) · \(when)"
                    if let assignee = due.followUp.assignee { facts += " · \(text("today_assigned")) \(assignee)" }
                    return row(due.customer, subject: due.followUp.note ?? text("today_follow_up_no_note"), facts: facts,
                               flag: due.daysOverdue > 0 ? text("today_overdue") : nil, followUp: due.followUp.id)
                },
                isEmpty: overview.followUps.isEmpty, moreHref: more(.followUps, overview.moreFollowUps)))
        }
        if section == nil || section == .stalled {
            lists.append(List(
                key: Section.stalled.rawValue, heading: text("today_stalled"), empty: text("today_stalled_none"),
                rows: overview.stalled.map { stalled in
                    row(stalled.customer, subject: "\(stalled.model.names.text(language)) · \(stalled.stage.names.text(language))",
                        facts: text("today_days_at_stage", ["n": String(stalled.days), "expected": String(stalled.expectedDays)]),
                        flag: stalled.inStallZone ? text("today_stall_zone") : nil)
                },
                isEmpty: overview.stalled.isEmpty, moreHref: more(.stalled, overview.moreStalled)))
        }
        if section == nil || section == .ready {
            lists.append(List(
                key: Section.ready.rawValue, heading: text("today_ready"), empty: text("today_ready_none"),
                rows: overview.ready.map { ready in
                    row(ready.customer,
                        subject: "\(ready.model.names.text(language)) · \(ready.stage.names.text(language)) → \(ready.next.names.text(language))",
                        facts: text("today_days_at_stage_plain", ["n": String(ready.days)]),
                        board: ready.model.kind == .guided ? "/models/\(ready.model.key)/board" : nil)
                },
                isEmpty: overview.ready.isEmpty, moreHref: more(.ready, overview.moreReady)))
        }
        if section == nil || section == .detractors {
            lists.append(List(
                key: Section.detractors.rawValue, heading: text("today_detractors", ["n": String(WorkspaceSession.newDetractorDays)]),
                empty: text("today_detractors_none", ["n": String(WorkspaceSession.newDetractorDays)]),
                rows: overview.detractors.map { detractor in
                    row(detractor.customer, subject: detractor.answer.comment ?? text("today_no_comment"),
                        facts: text("today_score", ["n": String(detractor.answer.score)]) + " · \(detractor.answer.at.date)")
                },
                isEmpty: overview.detractors.isEmpty, moreHref: more(.detractors, overview.moreDetractors)))
        }
        return Model(lists: lists, canSwitch: canSwitch, team: wholeTeam,
                     mineHref: "/today" + (section.map { "?section=\($0.rawValue)" } ?? ""),
                     teamHref: "/today?" + CustomerListPage.queryString([("scope", "team"), ("section", section?.rawValue ?? "")]),
                     back: back, allHref: section == nil ? nil : (wholeTeam ? "/today?scope=team" : "/today"))
    }

    /// The actions a row shows: the most urgent, then what is missing (the first unmet marker) and the playbook step,
    /// when not already among them — at most three.
    static func shown(_ actions: [NextBestAction]) -> [NextBestAction] {
        guard let first = actions.first else { return [] }
        var picked = [first]
        for kind in [NextBestAction.Kind.meetMarker, .playbook] where !picked.contains(where: { $0.kind == kind }) {
            if let action = actions.first(where: { $0.kind == kind }) { picked.append(action) }
        }
        return picked
    }
}
