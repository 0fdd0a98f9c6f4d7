import Hummingbird
import PaladinCore
import PaladinStore

/// `GET /models/{key}/board`: a guided model's stages as columns grouped by state, customers as cards (bounded per
/// column, "more" opens the filtered Customers page). Each card has a small move form; a move the markers refuse shows
/// the unmet markers and offers to force it with a reason — all without JavaScript.
enum BoardPage {
    /// Cards shown per column before "more".
    static let cardsPerColumn = 20

    struct Card {
        let id: Int64
        let name: String
        let href: String
        let canMove: Bool
        let targets: [CustomerListPage.Option]
    }

    struct Column {
        let key: String
        let name: String
        let count: Int
        let cards: [Card]
        let moreHref: String?
    }

    struct StateGroup {
        let name: String
        let swatch: String
        let decision: String
        let columns: [Column]
    }

    struct Model {
        let key: String
        let name: String
        let groups: [StateGroup]
        let action: String
    }

    /// A refused move: what is unmet, and the form that forces it with a reason.
    struct Refusal {
        let customerName: String
        let customerId: Int64
        let to: String
        let toName: String
        let unmet: [String]
        let hasUnmet: Bool
        let action: String
        let backHref: String
        let reasonError: String?
        let reason: String
    }

    static func add(to pages: RouterGroup<WebContext>, environment: WebEnvironment) {
        pages.get("/models/{key}/board") { request, context in
            let session = context.workspace(environment.database)
            let model = try await guided(context, session)
            let page = try await build(model, session: session, context: context)
            return try context.chrome(request).render("board", titleKey: "nav_board", title: page.name, page: page, renderer: environment.renderer)
        }
        pages.post("/models/{key}/board/moves") { request, context in
            let session = context.workspace(environment.database)
            let model = try await guided(context, session)
            let form = context.form
            guard let id = form["customer"].flatMap({ Int64($0) }), let to = form["to"], let stage = model.stage(to) else {
                throw WebError.badRequest
            }
            let customer = try await session.customer(String(id))
            try context.requireWorks(customer)
            let force = form["force"] == "1"
            let back = "/models/\(model.key)/board"
            do {
                _ = try await session.move(String(id), model: model.key,
                                           request: MoveRequest(to: to, decision: form["decision"], force: force, reason: form["reason"]))
            } catch PaladinError.refused(let refusal) {
                let catalog = environment.renderer.catalog
                var unmet: [String] = []
                var status = HTTPResponse.Status.conflict
                var reasonError: String?
                switch refusal {
                case .unmetMarkers(_, let markers): unmet = markers.map { $0.names.text(context.language) }
                case .forceNeedsReason, .reasonRequired:
                    if force || form["reason"] != nil || refusal == .forceNeedsReason {
                        status = .unprocessableContent
                        reasonError = catalog.text("error_reason", context.language)
                    }
                default: throw PaladinError.refused(refusal)
                }
                let page = Refusal(
                    customerName: customer.name, customerId: customer.id, to: to, toName: stage.names.text(context.language), unmet: unmet,
                    hasUnmet: !unmet.isEmpty, action: back + "/moves", backHref: back, reasonError: reasonError, reason: form.raw("reason"))
                return try context.chrome(request).render("move-refused", titleKey: "move_refused", page: page, status: status,
                                                          renderer: environment.renderer)
            }
            return WebRoutes.redirect(back + "?done=moved")
        }
    }

    /// The guided model the path names; 404 for an unknown or derived one.
    static func guided(_ context: WebContext, _ session: WorkspaceSession) async throws -> JourneyModel {
        let key = try context.parameters.require("key")
        guard let model = try await session.models().first(where: { $0.model.key == key })?.model, model.kind == .guided else {
            throw WebError.notFound
        }
        return model
    }

    static func build(_ model: JourneyModel, session: WorkspaceSession, context: WebContext) async throws -> Model {
        let language = context.language
        let counts = try await JourneyStore(session.database.sql, workspace: session.workspace.id).stageCounts(model: model.key)
        var columns: [String: Column] = [:]
        for (index, stage) in model.stages.enumerated() {
            // The move a card offers first is the next stage (the first again after the last of a cyclic model).
            let next = index + 1 < model.stages.count ? model.stages[index + 1].key : (model.cyclic ? model.stages.first?.key : nil)
            let customers = try await session.customers(
                CustomerQuery(model: model.key, stage: stage.key, sort: .name, limit: cardsPerColumn))
            let count = counts[stage.key] ?? 0
            columns[stage.key] = Column(
                key: stage.key, name: stage.names.text(language), count: count,
                cards: customers.map { customer in
                    Card(id: customer.id, name: customer.name, href: "/customers/\(customer.id)", canMove: context.works(customer),
                         targets: model.stages.filter { $0.key != stage.key }.map {
                             CustomerListPage.Option(value: $0.key, label: $0.names.text(language), selected: $0.key == next)
                         })
                },
                moreHref: count > cardsPerColumn
                    ? "/customers?" + CustomerListPage.queryString([("model", model.key), ("stage", stage.key)]) : nil)
        }
        var groups: [StateGroup] = []
        for state in model.states {
            let stages = model.stages.filter { $0.state == state.key }.compactMap { columns[$0.key] }
            if !stages.isEmpty {
                groups.append(StateGroup(name: state.names.text(language), swatch: Swatch.name(state.color),
                                         decision: state.decision.text(language), columns: stages))
            }
        }
        let loose = model.stages.filter { stage in stage.state == nil || !model.states.contains { $0.key == stage.state } }
        if !loose.isEmpty {
            groups.append(StateGroup(name: model.names.text(language), swatch: Swatch.name(nil), decision: "",
                                     columns: loose.compactMap { columns[$0.key] }))
        }
        return Model(key: model.key, name: model.names.text(language), groups: groups, action: "/models/\(model.key)/board/moves")
    }
}
