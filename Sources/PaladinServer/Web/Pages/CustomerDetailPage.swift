import Foundation
import Hummingbird
import PaladinAnalytics
import PaladinCore
import PaladinStore

/// `GET /customers/{id}`: one customer seen whole — every model's position with its markers checklist, the stage's
/// purpose and playbook, a timeline, economics, NPS, metrics and derived positions — with the forms that record
/// evidence. Each form POSTs, then redirects back with a flash; a form with mistakes re-renders with status 422, the
/// message beside the field and the entered values kept.
enum CustomerDetailPage {
    struct MarkerItem {
        let key: String
        let name: String
        let required: Bool
        let met: Bool
        let canTick: Bool
        let fieldId: String
    }

    struct PositionItem {
        let modelKey: String
        let modelName: String
        let stageName: String
        let stateName: String?
        let swatch: String
        let days: Int
        let purpose: String
        let playbook: [String]
        let markers: [MarkerItem]
        let hasMarkers: Bool
        let isGuided: Bool
        let boardHref: String
    }

    struct TimelineItem {
        let at: String
        let seconds: Int64
        let kind: String
        let text: String
    }

    struct NamedValue {
        let name: String
        let value: String
    }

    /// A form's entered values and its mistakes, by field name (messages already in the member's language).
    struct FormView {
        var values: [String: String] = [:]
        var errors: [String: String] = [:]
        /// The markers ticked in the interaction form (to keep them ticked when it comes back with mistakes).
        var markers: [String] = []
        // Stored, not computed: templates see stored properties only (Mirror).
        var hasErrors = false
    }

    struct Model {
        let id: Int64
        let name: String
        let details: [NamedValue]
        let positions: [PositionItem]
        let timeline: [TimelineItem]
        let hasTimeline: Bool
        let revenue: String
        let cost: String
        let profit: String
        let currency: String
        let nps: String?
        let metrics: [NamedValue]
        let derived: [NamedValue]
        let canWork: Bool
        let forms: [String: FormView]
        let channels: [CustomerListPage.Option]
        let kinds: [CustomerListPage.Option]
        let categories: [CustomerListPage.Option]
        /// The unmet markers of the current stages of the guided models: the interaction form can record them as met.
        let markerChoices: [MarkerChoice]
        let hasMarkerChoices: Bool
    }

    /// A marker an interaction may show, as `MODEL:KEY`.
    struct MarkerChoice {
        let value: String
        let label: String
        let fieldId: String
        let checked: Bool
    }

    static let formNames = ["interaction", "purchase", "cost", "survey"]

    static func add(to pages: RouterGroup<WebContext>, environment: WebEnvironment) {
        pages.get("/customers/{id}") { request, context in
            let reference = try customerId(context)
            return try await render(reference, request: request, context: context, environment: environment, form: nil)
        }
        pages.post("/customers/{id}/markers") { _, context in
            let (session, reference) = try await worked(context, environment)
            let form = context.form
            guard let modelKey = form["model"], let marker = form["marker"],
                  let model = try await session.models().first(where: { $0.model.key == modelKey })?.model,
                  model.marker(marker) != nil
            else { throw WebError.badRequest }
            _ = try await session.mark(reference, model: model.key, marker: marker, note: form["note"])
            return WebRoutes.redirect("/customers/\(reference)?done=marker")
        }
        pages.post("/customers/{id}/interactions") { request, context in
            let (session, reference) = try await worked(context, environment)
            let form = context.form
            var errors: [String: String] = [:]
            let channel = form["channel"].flatMap(Channel.init(rawValue:))
            if channel == nil { errors["channel"] = "error_choose" }
            let kind = form["kind"].flatMap(InteractionKind.init(rawValue:))
            if kind == nil { errors["kind"] = "error_choose" }
            let summary = form["summary"]
            if summary == nil { errors["summary"] = "error_required" }
            var due: CivilDate?
            if let text = form["follow_up"] {
                due = CivilDate(iso: text)
                if due == nil { errors["follow_up"] = "error_date" }
            }
            guard errors.isEmpty, let channel, let kind, let summary else {
                return try await invalid("interaction", errors, reference, request, context, environment)
            }
            // The markers come from the page's own checkboxes: another shape is not a form of ours.
            let shown = (form.fieldsByName["marker"] ?? []).map(MarkerReference.init(parsing:))
            guard !shown.contains(where: { $0 == nil }) else { throw WebError.badRequest }
            _ = try await session.log(reference, entry: InteractionEntry(
                channel: channel, kind: kind, summary: summary, markers: shown.compactMap { $0 }, decision: form["decision"], followUp: due,
                followUpNote: form["follow_up_note"]))
            return WebRoutes.redirect("/customers/\(reference)?done=interaction")
        }
        pages.post("/customers/{id}/purchases") { request, context in
            let (session, reference) = try await worked(context, environment)
            let form = context.form
            var errors: [String: String] = [:]
            let amount = money(form["amount"], &errors)
            let at = timestamp(form["date"], &errors)
            let currency = form["currency"]?.uppercased()
            if let currency, !Workspace.isCurrencyCode(currency) { errors["currency"] = "error_currency" }
            guard errors.isEmpty, let amount else { return try await invalid("purchase", errors, reference, request, context, environment) }
            _ = try await session.addPurchase(reference, amount: amount, currency: currency, at: at, reference: form["reference"])
            return WebRoutes.redirect("/customers/\(reference)?done=purchase")
        }
        pages.post("/customers/{id}/costs") { request, context in
            let (session, reference) = try await worked(context, environment)
            let form = context.form
            var errors: [String: String] = [:]
            let amount = money(form["amount"], &errors)
            let at = timestamp(form["date"], &errors)
            let category = form["category"].flatMap(CostCategory.init(rawValue:))
            if category == nil { errors["category"] = "error_choose" }
            guard errors.isEmpty, let amount, let category else {
                return try await invalid("cost", errors, reference, request, context, environment)
            }
            _ = try await session.addCost(reference, amount: amount, category: category, at: at, note: form["note"])
            return WebRoutes.redirect("/customers/\(reference)?done=cost")
        }
        pages.post("/customers/{id}/surveys") { request, context in
            let (session, reference) = try await worked(context, environment)
            let form = context.form
            guard let text = form["score"], let score = Int(text), SurveyResponse.isValidScore(score) else {
                return try await invalid("survey", ["score": "error_score"], reference, request, context, environment)
            }
            _ = try await session.addSurvey(reference, score: score, comment: form["comment"], at: nil)
            return WebRoutes.redirect("/customers/\(reference)?done=survey")
        }
    }

    /// The customer's numeric id from the path; anything else is not a page (404).
    static func customerId(_ context: WebContext) throws -> String {
        guard let text = context.parameters.get("id"), let id = Int64(text), id > 0 else { throw WebError.notFound }
        return String(id)
    }

    /// The session and customer of a write: found first (another workspace's customer is 404), then 403 unless the
    /// member works them — the API's rules.
    static func worked(_ context: WebContext, _ environment: WebEnvironment) async throws -> (WorkspaceSession, String) {
        let reference = try customerId(context)
        let session = context.workspace(environment.database)
        try context.requireWorks(try await session.customer(reference))
        return (session, reference)
    }

    static func money(_ text: String?, _ errors: inout [String: String]) -> Money? {
        guard let text else {
            errors["amount"] = "error_required"
            return nil
        }
        guard case .success(let cents) = AmountParser().parse(text), cents >= 0 else {
            errors["amount"] = "error_amount"
            return nil
        }
        return Money(cents: cents)
    }

    static func timestamp(_ text: String?, _ errors: inout [String: String]) -> Timestamp? {
        guard let text else { return nil }
        guard case .success(let seconds) = DateParser().parse(text) else {
            errors["date"] = "error_date"
            return nil
        }
        return Timestamp(seconds: seconds)
    }

    /// The page again, status 422, with `errors` beside the fields of `name` and what was entered kept.
    static func invalid(
        _ name: String, _ errors: [String: String], _ reference: String, _ request: Request, _ context: WebContext, _ environment: WebEnvironment
    ) async throws -> Response {
        let catalog = environment.renderer.catalog
        var values: [String: String] = [:]
        for (field, _) in context.form.fieldsByName where field != "csrf" { values[field] = context.form.raw(field) }
        let view = FormView(values: values, errors: errors.mapValues { catalog.text($0, context.language) },
                            markers: context.form.fieldsByName["marker"] ?? [], hasErrors: true)
        var response = try await render(reference, request: request, context: context, environment: environment, form: (name, view))
        response.status = .unprocessableContent
        return response
    }

    static func render(
        _ reference: String, request: Request, context: WebContext, environment: WebEnvironment, form: (String, FormView)?
    ) async throws -> Response {
        let session = context.workspace(environment.database)
        let detail = try await session.detail(reference, recent: 20)
        let model = build(detail, language: context.language, canWork: context.works(detail.customer), now: session.clock.now(),
                          currency: session.workspace.currency, catalog: environment.renderer.catalog, form: form)
        var chrome = context.chrome(request)
        chrome.flash = request.uri.queryParameters.get("done")
        return try chrome.render("customer", titleKey: "customer", title: detail.customer.name, page: model, renderer: environment.renderer)
    }

    /// The page model of a customer seen whole.
    static func build(
        _ detail: CustomerDetail, language: String, canWork: Bool, now: Timestamp, currency: String, catalog: MessageCatalog,
        form: (String, FormView)?
    ) -> Model {
        func t(_ key: String) -> String { catalog.text(key, language) }
        let customer = detail.customer
        var details: [NamedValue] = []
        for (key, value) in [
            ("field_external_id", customer.externalId), ("field_email", customer.email), ("field_phone", customer.phone),
            ("field_company", customer.company), ("field_owner", customer.owner),
            ("field_tags", customer.tags.isEmpty ? nil : customer.tags.joined(separator: ", ")),
        ] {
            if let value { details.append(NamedValue(name: t(key), value: value)) }
        }
        let positions = detail.positions.map { placed in
            PositionItem(
                modelKey: placed.model.key, modelName: placed.model.names.text(language), stageName: placed.stage.names.text(language),
                stateName: placed.stage.state.flatMap { placed.model.state($0)?.names.text(language) },
                swatch: Swatch.name(placed.stage.state.flatMap { placed.model.state($0)?.color }),
                days: placed.position.since.days(until: now), purpose: placed.stage.purpose.text(language),
                playbook: placed.stage.playbook.map { $0.text(language) },
                markers: placed.stage.markers.map {
                    MarkerItem(key: $0.key, name: $0.names.text(language), required: $0.required, met: placed.metMarkers.contains($0.key),
                               canTick: canWork && placed.model.kind == .guided && !placed.metMarkers.contains($0.key),
                               fieldId: "note-\(placed.model.key)-\($0.key)")
                },
                hasMarkers: !placed.stage.markers.isEmpty, isGuided: placed.model.kind == .guided,
                boardHref: "/models/\(placed.model.key)/board")
        }
        let modelNames = Dictionary(detail.positions.map { ($0.model.key, $0.model) }, uniquingKeysWith: { a, _ in a })
        func stageName(_ model: String, _ stage: String?) -> String {
            guard let stage else { return "—" }
            return modelNames[model]?.stage(stage)?.names.text(language) ?? stage
        }
        var timeline: [TimelineItem] = []
        for item in detail.interactions {
            timeline.append(TimelineItem(at: item.at.description, seconds: item.at.seconds, kind: t("timeline_interaction"),
                                         text: [t("channel_\(item.channel.rawValue)"), item.summary, item.decision].compactMap { $0 }.joined(separator: " · ")))
        }
        for move in detail.moves {
            let name = modelNames[move.model]?.names.text(language) ?? move.model
            timeline.append(TimelineItem(at: move.at.description, seconds: move.at.seconds, kind: t("timeline_move"),
                                         text: "\(name): \(stageName(move.model, move.from)) → \(stageName(move.model, move.to))"
                                            + (move.reason.map { " · \($0)" } ?? "")))
        }
        for purchase in detail.purchases {
            timeline.append(TimelineItem(at: purchase.at.description, seconds: purchase.at.seconds, kind: t("timeline_purchase"),
                                         text: "\(purchase.amount) \(purchase.currency)" + (purchase.reference.map { " · \($0)" } ?? "")))
        }
        for cost in detail.costs {
            timeline.append(TimelineItem(at: cost.at.description, seconds: cost.at.seconds, kind: t("timeline_cost"),
                                         text: "\(cost.amount) · \(t("category_\(cost.category.rawValue)"))" + (cost.note.map { " · \($0)" } ?? "")))
        }
        for survey in detail.surveys {
            timeline.append(TimelineItem(at: survey.at.description, seconds: survey.at.seconds, kind: t("timeline_survey"),
                                         text: "\(survey.score)/10" + (survey.comment.map { " · \($0)" } ?? "")))
        }
        timeline.sort { $0.seconds > $1.seconds }
        let nps = detail.lastScore.map { score in
            "\(score)/10 · " + t(score >= 9 ? "nps_promoter" : score >= 7 ? "nps_passive" : "nps_detractor")
        }
        let metrics = (detail.scoring?.metrics ?? [:]).sorted { $0.key < $1.key }.map { NamedValue(name: $0.key, value: format($0.value)) }
        let derived = (detail.scoring?.derivations ?? []).map { verdict in
            NamedValue(name: "\(modelNames[verdict.model]?.names.text(language) ?? verdict.model): \(stageName(verdict.model, verdict.stage))",
                       value: verdict.explanation)
        }
        var forms = Dictionary(uniqueKeysWithValues: formNames.map { ($0, FormView()) })
        if let (name, view) = form { forms[name] = view }
        let ticked = Set(form?.0 == "interaction" ? form?.1.markers ?? [] : [])
        let markerChoices = canWork ? detail.positions.filter { $0.model.kind == .guided }.flatMap { placed in
            placed.stage.markers.filter { !placed.metMarkers.contains($0.key) }.map { marker in
                MarkerChoice(value: "\(placed.model.key):\(marker.key)",
                             label: "\(placed.model.names.text(language)) — \(marker.names.text(language))",
                             fieldId: "i-marker-\(placed.model.key)-\(marker.key)", checked: ticked.contains("\(placed.model.key):\(marker.key)"))
            }
        } : []
        func options<T: RawRepresentable & CaseIterable>(_ type: T.Type, prefix: String, selected: String?) -> [CustomerListPage.Option]
        where T.RawValue == String {
            T.allCases.map { CustomerListPage.Option(value: $0.rawValue, label: t("\(prefix)_\($0.rawValue)"), selected: $0.rawValue == selected) }
        }
        return Model(
            id: customer.id, name: customer.name, details: details, positions: positions, timeline: timeline, hasTimeline: !timeline.isEmpty,
            revenue: detail.revenue.description, cost: detail.cost.description, profit: detail.profit.description, currency: currency,
            nps: nps, metrics: metrics, derived: derived, canWork: canWork, forms: forms,
            channels: options(Channel.self, prefix: "channel", selected: forms["interaction"]?.values["channel"]),
            kinds: options(InteractionKind.self, prefix: "kind", selected: forms["interaction"]?.values["kind"]),
            categories: options(CostCategory.self, prefix: "category", selected: forms["cost"]?.values["category"]),
            markerChoices: markerChoices, hasMarkerChoices: !markerChoices.isEmpty)
    }

    static func format(_ value: MetricValue) -> String {
        switch value {
        case .number(let number):
            return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(format: "%.2f", number)
        case .text(let text): return text
        case .boolean(let flag): return flag ? "✓" : "✗"
        }
    }
}

/// The CSS class of a state's colour. Inline styles are forbidden by the Content-Security-Policy, so known colours
/// map to classes of the stylesheet; the state's name is always shown beside it (colour never carries meaning alone).
enum Swatch {
    static func name(_ color: String?) -> String {
        switch color?.lowercased() {
        case "#d64545", "red": return "swatch-red"
        case "#e8a33d", "amber", "yellow", "orange": return "swatch-amber"
        case "#3f9b5a", "green": return "swatch-green"
        case "#3b6fc4", "blue": return "swatch-blue"
        case nil: return "swatch-none"
        default: return "swatch-other"
        }
    }
}
