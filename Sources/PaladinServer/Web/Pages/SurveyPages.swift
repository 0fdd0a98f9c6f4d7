import Foundation
import Hummingbird
import PaladinCore
import PaladinStore

/// `GET /surveys`: the campaigns with their response rate (owners and managers create one there); `GET /surveys/{id}`:
/// one campaign's response rate, NPS, comments, and the follow-ups it created with whether they were done;
/// `POST /surveys/{id}/links` downloads newly issued links as CSV; `POST /surveys/{id}/close` closes it.
enum SurveyPages {
    struct Row {
        let href: String
        let name: String
        let status: String
        let validUntil: String
        let invited: Int
        let answered: Int
        let rate: String
    }

    struct Choice {
        let value: String
        let label: String
        let selected: Bool
    }

    struct ListModel {
        var rows: [Row] = []
        var models: [Choice] = []
        var categories: [Choice] = []
        var stages: [Choice] = []
        var empty = true
        var canCreate = false
        var error: String?
        var name = ""
        var validUntil = ""
        var model = ""
        var stage = ""
        var category = ""
        var tag = ""
        var customers = ""
        var followUpDays = "1"
        /// The extra questions as entered (the form's own state: added and removed without JavaScript).
        var slots: [QuestionSlot.Entered] = []
        var questions: [QuestionSlot] = []
        var questionCount = 0
        var canAddQuestion = true
        /// "This campaign will invite N customers."
        var preview: String?
    }

    struct Answer {
        let customer: String
        let href: String
        let score: Int
        let segment: String
        let comment: String?
        let date: String
        let champion: Bool
    }

    struct FollowUpRow {
        let customer: String
        let href: String
        let due: String
        let assignee: String
        let done: Bool
        let note: String
    }

    struct DetailModel {
        var id: Int64 = 0
        var name = ""
        var status = ""
        var open = false
        var validUntil = ""
        var createdBy = ""
        var invited = 0
        var issued = 0
        var answered = 0
        var rate = ""
        var nps = "–"
        var promoters = 0
        var passives = 0
        var detractors = 0
        var champions = 0
        var sent = 0
        var answers: [Answer] = []
        var noAnswers = true
        var followUps: [FollowUpRow] = []
        var noFollowUps = true
        var canManage = false
        var canSend = false
    }

    static func add(to pages: RouterGroup<WebContext>, environment: WebEnvironment) {
        pages.get("/surveys") { request, context in
            try await list(request, context, environment, entered: ListModel(), status: .ok)
        }
        pages.post("/surveys") { request, context in
            guard context.session.role.worksEveryCustomer else { throw WebError.forbidden }
            let form = context.form
            var entered = ListModel()
            entered.name = form.raw("name")
            entered.validUntil = form.raw("valid_until")
            entered.model = form.raw("model")
            entered.stage = form.raw("stage")
            entered.category = form.raw("category")
            entered.tag = form.raw("tag")
            entered.customers = form.raw("customers")
            entered.followUpDays = form.raw("follow_up_days")
            var slots = QuestionSlot.read(form)
            let action = form.raw("action")
            let t = environment.renderer.catalog.messages(context.language)
            // Adding or removing a question shows the form again (no JavaScript needed), nothing is created.
            if action == "add_question" {
                if slots.count < SurveyQuestion.maxQuestions { slots.append(QuestionSlot.Entered()) }
                entered.slots = slots
                return try await list(request, context, environment, entered: entered, status: .ok)
            }
            if action.hasPrefix("remove_question_"), let index = Int(action.dropFirst("remove_question_".count)), slots.indices.contains(index) {
                slots.remove(at: index)
                entered.slots = slots
                return try await list(request, context, environment, entered: entered, status: .ok)
            }
            entered.slots = slots
            func failed(_ field: String, _ message: String) async throws -> Response {
                var model = entered
                model.error = (t["surveys_invalid"] ?? "") + " " + field + ": " + message
                return try await list(request, context, environment, entered: model, status: .unprocessableContent)
            }
            let customerList = entered.customers.split(whereSeparator: { $0 == "," || $0 == "\n" || $0 == "\r" || $0 == " " || $0 == "\t" }).map(String.init)
            let selection = customerList.isEmpty
                ? SurveySelection(model: form["model"], stage: form["stage"], category: form["category"], tag: form["tag"])
                : SurveySelection(customers: customerList)
            let session = context.workspace(environment.database)
            if action == "preview" {
                do {
                    let count = try await session.surveyPreview(selection)
                    var model = entered
                    model.preview = (t["surveys_preview_count"] ?? "{count}").replacingOccurrences(of: "{count}", with: String(count))
                    return try await list(request, context, environment, entered: model, status: .ok)
                } catch PaladinError.invalid(let field, let message) {
                    return try await failed(field, message)
                }
            }
            guard let until = CivilDate(iso: entered.validUntil.trimmingSpaces) else { return try await failed(t["surveys_valid_until"] ?? "valid_until", "YYYY-MM-DD") }
            guard let days = Int(entered.followUpDays.trimmingSpaces.nilIfEmpty ?? "1") else { return try await failed(t["surveys_follow_up_days"] ?? "follow_up_days", "0–30") }
            // Questions left without a text are dropped; the others are numbered q1, q2… in the form's order.
            var questions: [SurveyQuestion] = []
            var slotOf: [Int] = []
            for (index, slot) in slots.enumerated() where !slot.label.trimmingSpaces.isEmpty {
                let name = (t["surveys_question"] ?? "Question") + " \(index + 1)"
                switch slot.question(key: "q\(index + 1)") {
                case .success(let question):
                    questions.append(question)
                    slotOf.append(index)
                case .failure(let problem):
                    return try await failed(name, problem.message)
                }
            }
            do {
                let summary = try await session.createSurveyCampaign(SurveyCampaignDraft(
                    name: entered.name, validUntil: until, questions: questions, selection: selection, followUpDays: days))
                return WebRoutes.redirect("/surveys/\(summary.campaign.id)?done=survey_created")
            } catch PaladinError.invalid(let field, let message) {
                // questions[i].label → "Question n" (n as the form numbers them)
                if field.hasPrefix("questions["), let close = field.firstIndex(of: "]"),
                   let index = Int(field[field.index(field.startIndex, offsetBy: 10)..<close]), slotOf.indices.contains(index) {
                    return try await failed((t["surveys_question"] ?? "Question") + " \(slotOf[index] + 1)", message)
                }
                return try await failed(field, message)
            }
        }
        pages.get("/surveys/{id}") { request, context in
            let session = context.workspace(environment.database)
            let results = try await session.surveyResults(try campaignId(context))
            var model = detail(results, context: context, catalog: environment.renderer.catalog)
            let relay = try await session.surveySMTP()
            model.canSend = model.canManage && model.open && relay != nil
            return try context.chrome(request).render("survey-campaign", titleKey: "nav_surveys", title: results.campaign.name, page: model,
                                                      renderer: environment.renderer)
        }
        pages.post("/surveys/{id}/links") { request, context in
            let id = try campaignId(context)
            let session = context.workspace(environment.database)
            _ = try await session.surveyCampaign(id)
            guard context.session.role.worksEveryCustomer else { throw WebError.forbidden }
            let (links, _) = try await session.issueSurveyLinks(id)
            let base = SurveyLinksCSV.base(environment.publicURL ?? "http://\(request.head.authority ?? "127.0.0.1")")
            return Response(status: .ok, headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"survey-\(id)-links.csv\"", .cacheControl: "no-store",
            ], body: .init(byteBuffer: ByteBuffer(string: SurveyLinksCSV.text(links, base: base))))
        }
        pages.post("/surveys/{id}/send") { request, context in
            let id = try campaignId(context)
            let session = context.workspace(environment.database)
            _ = try await session.surveyCampaign(id)
            guard context.session.role.worksEveryCustomer else { throw WebError.forbidden }
            let base = environment.publicURL ?? "http://\(request.head.authority ?? "127.0.0.1")"
            let report = try await SurveyMailer(session: session, publicURL: base).send(campaign: id)
            return WebRoutes.redirect("/surveys/\(id)?done=\(report.failed.isEmpty ? "survey_sent" : "survey_send_failed")")
        }
        pages.post("/surveys/{id}/close") { _, context in
            let id = try campaignId(context)
            let session = context.workspace(environment.database)
            _ = try await session.surveyCampaign(id)
            guard context.session.role.worksEveryCustomer else { throw WebError.forbidden }
            _ = try await session.closeSurveyCampaign(id)
            return WebRoutes.redirect("/surveys/\(id)?done=survey_closed")
        }
    }

    static func campaignId(_ context: WebContext) throws -> Int64 {
        guard let id = Int64(try context.parameters.require("id")) else { throw WebError.notFound }
        return id
    }

    static func percent(_ value: Double) -> String { String(format: "%.0f %%", value * 100) }

    static func list(_ request: Request, _ context: WebContext, _ environment: WebEnvironment, entered: ListModel, status: HTTPResponse.Status) async throws -> Response {
        var model = entered
        let t = environment.renderer.catalog.messages(context.language)
        model.rows = try await context.workspace(environment.database).surveyCampaigns().map {
            Row(href: "/surveys/\($0.campaign.id)", name: $0.campaign.name, status: t["surveys_status_\($0.campaign.status.rawValue)"] ?? $0.campaign.status.rawValue,
                validUntil: $0.campaign.validUntil.description, invited: $0.invited, answered: $0.answered,
                rate: percent($0.invited == 0 ? 0 : Double($0.answered) / Double($0.invited)))
        }
        model.empty = model.rows.isEmpty
        model.canCreate = context.session.role.worksEveryCustomer
        if model.canCreate {
            let stored = try await context.workspace(environment.database).models().map(\.model)
            let any = Choice(value: "", label: "–", selected: false)
            model.models = [any] + stored.map { Choice(value: $0.key, label: $0.names.text(context.language), selected: $0.key == entered.model) }
            model.categories = [any] + (stored.first { $0.key == "value-category" }?.stages ?? []).map {
                Choice(value: $0.key, label: $0.names.text(context.language), selected: $0.key == entered.category)
            }
            var seen = Set<String>()
            model.stages = stored.flatMap(\.stages).filter { seen.insert($0.key).inserted }.map {
                Choice(value: $0.key, label: $0.names.text(context.language), selected: false)
            }
        }
        if model.validUntil.isEmpty { model.validUntil = Clock.system.now().date.adding(days: 30).description }
        model.questions = model.slots.enumerated().map { QuestionSlot($0.element, index: $0.offset, catalog: t) }
        model.questionCount = model.slots.count
        model.canAddQuestion = model.slots.count < SurveyQuestion.maxQuestions
        return try context.chrome(request).render("surveys", titleKey: "nav_surveys", page: model, status: status, renderer: environment.renderer)
    }

    static func detail(_ results: SurveyResults, context: WebContext, catalog: MessageCatalog) -> DetailModel {
        let t = catalog.messages(context.language)
        var model = DetailModel()
        let campaign = results.campaign
        model.id = campaign.id
        model.name = campaign.name
        model.status = t["surveys_status_\(campaign.status.rawValue)"] ?? campaign.status.rawValue
        model.open = campaign.status == .open
        model.validUntil = campaign.validUntil.description
        model.createdBy = campaign.createdBy
        model.invited = results.invited
        model.issued = results.issued
        model.answered = results.answered
        model.rate = percent(results.responseRate)
        model.nps = results.nps.map { String(format: "%.0f", $0) } ?? "–"
        model.promoters = results.promoters
        model.passives = results.passives
        model.detractors = results.detractors
        model.champions = results.championCandidates
        model.sent = results.sent
        model.answers = results.answers.map {
            Answer(customer: $0.customerName, href: "/customers/\($0.customerId)", score: $0.score,
                   segment: t["surveys_one_\($0.segment.rawValue)"] ?? $0.segment.rawValue, comment: $0.comment,
                   date: $0.answeredAt.date.description, champion: $0.championCandidate)
        }
        model.noAnswers = model.answers.isEmpty
        model.followUps = results.followUps.map {
            FollowUpRow(customer: $0.customerName, href: "/customers/\($0.followUp.customerId)", due: $0.followUp.due.description,
                        assignee: $0.followUp.assignee ?? "–", done: $0.followUp.doneAt != nil, note: $0.followUp.note ?? "")
        }
        model.noFollowUps = model.followUps.isEmpty
        model.canManage = context.session.role.worksEveryCustomer
        return model
    }
}
