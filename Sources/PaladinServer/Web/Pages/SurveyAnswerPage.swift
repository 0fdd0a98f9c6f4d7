import Foundation
import Hummingbird
import PaladinCore
import PaladinStore

/// `GET|POST /s/{link}`: the page a customer answers a survey on. No sign-in: the signed link is the key, and the
/// form's token is derived from it (CSRF-safe without a session). In the customer's language (`?lang=` switches);
/// rate limited per link and address; shows nothing internal of the company. A tampered link answers 400, an unknown
/// one 404, an expired or closed campaign 410, a forged form 403, too many requests 429.
enum SurveyAnswerPage {
    struct Option {
        let id: String
        let name: String
        let value: String
        let label: String
        let checked: Bool
    }

    struct Question {
        let key: String
        let label: String
        let fieldId: String
        let name: String
        let required: Bool
        let isText: Bool
        let options: [Option]
        let text: String
        let invalid: Bool
    }

    struct Recorded {
        let label: String
        let value: String
    }

    struct LanguageLink {
        let href: String
        let code: String
        let name: String
        let current: Bool
    }

    struct Model {
        var lang = "en"
        var t: [String: String] = [:]
        var title = ""
        var company: String?
        var heading = ""
        var text = ""
        var showForm = false
        var thanks = false
        var recorded = false
        var problem = false
        var action = ""
        var formToken = ""
        var scores: [Option] = []
        var scoreInvalid = false
        var comment = ""
        var questions: [Question] = []
        var error: String?
        var answer: [Recorded] = [] { didSet { hasAnswer = !answer.isEmpty } }
        var hasAnswer = false
        var validUntil = ""
        var languages: [LanguageLink] = [] { didSet { hasLanguages = !languages.isEmpty } }
        var hasLanguages = false
    }

    static func add(to router: Router<AppRequestContext>, renderer: WebRenderer, database: PaladinDatabase) {
        let limiter = SurveyRateLimiter()
        let answering = SurveyAnswering(database: database)
        router.get("/s/{link}") { request, context in
            let link = try context.parameters.require("link")
            let language = MessageCatalog.known(request.uri.queryParameters.get("lang"))
            if let wait = await limiter.hit(link: link, address: context.remoteAddress) {
                return tooMany(wait, language: language ?? preferred(request), renderer: renderer)
            }
            do {
                let invitation = try await answering.open(link)
                let lang = language ?? MessageCatalog.known(invitation.language) ?? "en"
                if let answer = invitation.answer {
                    return render(recorded(invitation, answer, link: link, lang: lang, renderer: renderer, thanks: false), status: .ok, renderer: renderer)
                }
                return render(form(invitation, link: link, lang: lang, renderer: renderer), status: .ok, renderer: renderer)
            } catch let problem as SurveyAnswering.LinkProblem {
                return explain(problem, language: language ?? preferred(request), renderer: renderer)
            }
        }
        router.post("/s/{link}") { request, context in
            let link = try context.parameters.require("link")
            if let wait = await limiter.hit(link: link, address: context.remoteAddress) {
                return tooMany(wait, language: preferred(request), renderer: renderer)
            }
            var request = request
            let body = try await request.collectBody(upTo: 64 * 1024)
            let fields = FormData(urlEncoded: String(buffer: body))
            let language = MessageCatalog.known(fields["lang"])
            var extra: [String: String] = [:]
            for (name, values) in fields.fieldsByName where name.hasPrefix("q_") { extra[String(name.dropFirst(2))] = values.first }
            let submission = SurveyAnswering.Submission(
                formToken: fields.raw("form_token"), score: fields["score"], comment: fields.raw("comment"), extra: extra,
                language: language ?? "en")
            do {
                let (invitation, fresh) = try await answering.answer(link, submission)
                let lang = language ?? MessageCatalog.known(invitation.language) ?? "en"
                guard let answer = invitation.answer else { throw SurveyAnswering.LinkProblem.unknown }
                return render(recorded(invitation, answer, link: link, lang: lang, renderer: renderer, thanks: fresh),
                              status: fresh ? .ok : .conflict, renderer: renderer)
            } catch let problem as SurveyAnswering.LinkProblem {
                return explain(problem, language: language ?? preferred(request), renderer: renderer)
            } catch let invalid as SurveyAnswering.InvalidAnswer {
                let invitation = try await answering.open(link)
                let lang = language ?? MessageCatalog.known(invitation.language) ?? "en"
                var model = form(invitation, link: link, lang: lang, renderer: renderer, entered: fields, problems: invalid.problems)
                let messages = renderer.catalog.messages(lang)
                let first = invalid.problems.first
                if first?.field == "score" {
                    model.error = messages["survey_error_score"]
                } else if let first, let question = invitation.questions.first(where: { $0.key == first.field }) {
                    model.error = (messages["survey_error_question"] ?? "").replacingOccurrences(of: "{question}", with: question.label)
                }
                return render(model, status: .unprocessableContent, renderer: renderer)
            }
        }
    }

    /// The visitor's language from `Accept-Language`, else English (before the link says whose it is).
    static func preferred(_ request: Request) -> String {
        MessageCatalog.preferred(acceptLanguage: request.headers[.acceptLanguage]) ?? "en"
    }

    static func base(_ lang: String, link: String, renderer: WebRenderer, company: String) -> Model {
        var model = Model()
        model.lang = lang
        model.t = renderer.catalog.messages(lang)
        model.company = company
        model.title = (model.t["survey_title"] ?? "").replacingOccurrences(of: "{company}", with: company)
        model.action = "/s/" + link
        model.languages = MessageCatalog.supported.map {
            LanguageLink(href: "/s/\(link)?lang=\($0)", code: $0, name: MessageCatalog.names[$0] ?? $0, current: $0 == lang)
        }
        return model
    }

    static func form(
        _ invitation: SurveyAnswering.Invitation, link: String, lang: String, renderer: WebRenderer,
        entered: FormData = FormData(), problems: [SurveyAnswerProblem] = []
    ) -> Model {
        var model = base(lang, link: link, renderer: renderer, company: invitation.company)
        let t = model.t
        model.showForm = true
        model.heading = (t["survey_question"] ?? "").replacingOccurrences(of: "{company}", with: invitation.company)
        model.formToken = invitation.formToken
        model.validUntil = (t["survey_valid_until"] ?? "").replacingOccurrences(of: "{date}", with: invitation.validUntil.description)
        let chosen = entered["score"]
        model.scores = (0...10).map { Option(id: "score-\($0)", name: "score", value: String($0), label: String($0), checked: chosen == String($0)) }
        model.scoreInvalid = problems.contains { $0.field == "score" }
        model.comment = entered.raw("comment")
        model.questions = invitation.questions.map { question in
            let name = "q_" + question.key
            let value = entered[name]
            let options: [Option]
            switch question.kind {
            case .scale:
                options = question.range.map { Option(id: "q-\(question.key)-\($0)", name: name, value: String($0), label: String($0), checked: value == String($0)) }
            case .choice:
                options = (question.choices ?? []).enumerated().map {
                    Option(id: "q-\(question.key)-\($0.offset)", name: name, value: $0.element, label: $0.element, checked: value == $0.element)
                }
            case .text:
                options = []
            }
            return Question(key: question.key, label: question.label, fieldId: "q-\(question.key)", name: name, required: question.isRequired,
                            isText: question.kind == .text, options: options, text: question.kind == .text ? entered.raw(name) : "",
                            invalid: problems.contains { $0.field == question.key })
        }
        return model
    }

    static func recorded(
        _ invitation: SurveyAnswering.Invitation, _ answer: SurveyAnswerRecord, link: String, lang: String, renderer: WebRenderer, thanks: Bool
    ) -> Model {
        var model = base(lang, link: link, renderer: renderer, company: invitation.company)
        let t = model.t
        model.thanks = thanks
        model.recorded = !thanks
        model.heading = t[thanks ? "survey_thanks" : "survey_recorded"] ?? ""
        model.text = (t[thanks ? "survey_thanks_text" : "survey_recorded_text"] ?? "").replacingOccurrences(of: "{company}", with: invitation.company)
        model.answer = [Recorded(label: t["survey_your_score"] ?? "", value: "\(answer.score) / 10")]
        if let comment = answer.comment { model.answer.append(Recorded(label: t["survey_your_comment"] ?? "", value: comment)) }
        for question in invitation.questions {
            if let value = answer.extra[question.key] { model.answer.append(Recorded(label: question.label, value: value)) }
        }
        return model
    }

    static func explain(_ problem: SurveyAnswering.LinkProblem, language: String, renderer: WebRenderer) -> Response {
        let (key, status): (String, HTTPResponse.Status)
        switch problem {
        case .tampered: (key, status) = ("survey_tampered", .badRequest)
        case .unknown: (key, status) = ("survey_unknown", .notFound)
        case .expired, .closed: (key, status) = ("survey_expired", .gone)
        case .badFormToken: (key, status) = ("survey_stale_form", .forbidden)
        }
        return render(message(key, language: language, renderer: renderer), status: status, renderer: renderer)
    }

    static func tooMany(_ wait: Int, language: String, renderer: WebRenderer) -> Response {
        var response = render(message("survey_too_many", language: language, renderer: renderer), status: .tooManyRequests, renderer: renderer)
        response.headers[.retryAfter] = String(wait)
        return response
    }

    static func message(_ key: String, language: String, renderer: WebRenderer) -> Model {
        var model = Model()
        model.lang = language
        model.t = renderer.catalog.messages(language)
        model.title = model.t[key] ?? key
        model.heading = model.t[key] ?? key
        model.text = model.t[key + "_text"] ?? ""
        model.problem = true
        return model
    }

    static func render(_ model: Model, status: HTTPResponse.Status, renderer: WebRenderer) -> Response {
        let html = (try? renderer.html("survey", model)) ?? "\(status.code)\n"
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        SecurityHeaders.apply(to: &headers)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
