import PaladinCore
import PaladinStore
import PaladinViews

/// The body of `POST /surveys`.
struct NewSurveyBody: Decodable, Sendable {
    var name: String
    var valid_until: String
    var questions: [SurveyQuestion]?
    var selection: SurveySelection
    var follow_up_days: Int?

    func draft() throws -> SurveyCampaignDraft {
        guard let until = CivilDate(iso: valid_until.trimmingSpaces) else {
            throw Problem.unprocessable("valid_until: '\(valid_until)' is not a date (YYYY-MM-DD)",
                                        errors: [.init(field: "valid_until", message: "must be a date, YYYY-MM-DD")])
        }
        return SurveyCampaignDraft(name: name, validUntil: until, questions: questions ?? [], selection: selection, followUpDays: follow_up_days ?? 1)
    }
}

/// One extra question as the API shows it.
struct SurveyQuestionView: NullPreservingEncodable {
    let key: String
    let kind: String
    let label: String
    let min: Int?
    let max: Int?
    let choices: [String]?
    let required: Bool

    init(_ question: SurveyQuestion) {
        key = question.key
        kind = question.kind.rawValue
        label = question.label
        min = question.kind == .scale ? question.range.lowerBound : nil
        max = question.kind == .scale ? question.range.upperBound : nil
        choices = question.choices
        required = question.isRequired
    }
}

/// Which customers a campaign invited.
struct SurveySelectionView: NullPreservingEncodable {
    let model: String?
    let stage: String?
    let category: String?
    let tag: String?
    let customers: [String]?

    init(_ selection: SurveySelection) {
        model = selection.model
        stage = selection.stage
        category = selection.category
        tag = selection.tag
        customers = selection.customers
    }
}

/// A campaign with its counts.
struct SurveyCampaignView: NullPreservingEncodable {
    let id: Int64
    let name: String
    let status: String
    let valid_until: String
    let follow_up_days: Int
    let created_by: String
    let created_at: String
    let questions: [SurveyQuestionView]
    let selection: SurveySelectionView
    let invited: Int
    let issued: Int
    let answered: Int

    init(_ summary: SurveyCampaignSummary) {
        let campaign = summary.campaign
        id = campaign.id
        name = campaign.name
        status = campaign.status.rawValue
        valid_until = campaign.validUntil.description
        follow_up_days = campaign.followUpDays
        created_by = campaign.createdBy
        created_at = campaign.createdAt.description
        questions = campaign.questions.map(SurveyQuestionView.init)
        selection = SurveySelectionView(campaign.selection)
        invited = summary.invited
        issued = summary.issued
        answered = summary.answered
    }
}

/// `GET /surveys`.
struct SurveyCampaignList: Encodable {
    let items: [SurveyCampaignView]
}

/// One answer.
struct SurveyAnswerView: NullPreservingEncodable {
    let customer_id: Int64
    let customer_name: String
    let score: Int
    let segment: String
    let comment: String?
    let answers: [String: String]
    let language: String
    let answered_at: String
    let survey_response_id: Int64
    let follow_up_id: Int64?
    let champion_candidate: Bool

    init(_ answer: SurveyAnswerRecord) {
        customer_id = answer.customerId
        customer_name = answer.customerName
        score = answer.score
        segment = answer.segment.rawValue
        comment = answer.comment
        answers = answer.extra
        language = answer.language
        answered_at = answer.answeredAt.description
        survey_response_id = answer.surveyResponseId
        follow_up_id = answer.followUpId
        champion_candidate = answer.championCandidate
    }
}

/// A follow-up a detractor's answer created, and whether it was done.
struct SurveyFollowUpView: NullPreservingEncodable {
    let id: Int64
    let customer_id: Int64
    let customer_name: String
    let due: String
    let assignee: String?
    let note: String?
    let done: Bool
    let done_at: String?

    init(_ item: SurveyFollowUp) {
        id = item.followUp.id
        customer_id = item.followUp.customerId
        customer_name = item.customerName
        due = item.followUp.due.description
        assignee = item.followUp.assignee
        note = item.followUp.note
        done = item.followUp.doneAt != nil
        done_at = item.followUp.doneAt?.description
    }
}

/// `GET /surveys/{id}`: the campaign and its results.
struct SurveyDetailView: NullPreservingEncodable {
    let campaign: SurveyCampaignView
    let response_rate: Double
    let nps: Double?
    let promoters: Int
    let passives: Int
    let detractors: Int
    let champion_candidates: Int
    let emails_sent: Int
    let emails_failed: Int
    let answers: [SurveyAnswerView]
    let follow_ups: [SurveyFollowUpView]

    init(_ results: SurveyResults) {
        campaign = SurveyCampaignView(SurveyCampaignSummary(
            campaign: results.campaign, invited: results.invited, issued: results.issued, answered: results.answered))
        response_rate = (results.responseRate * 10_000).rounded() / 10_000
        nps = results.nps.map { ($0 * 10).rounded() / 10 }
        promoters = results.promoters
        passives = results.passives
        detractors = results.detractors
        champion_candidates = results.championCandidates
        emails_sent = results.sent
        emails_failed = results.failed
        answers = results.answers.map(SurveyAnswerView.init)
        follow_ups = results.followUps.map(SurveyFollowUpView.init)
    }
}

/// One link just issued.
struct SurveyLinkView: NullPreservingEncodable {
    let customer_id: Int64
    let external_id: String?
    let name: String
    let email: String?
    let link: String
}

/// `POST /surveys/{id}/links` as JSON.
struct SurveyLinkList: Encodable {
    let items: [SurveyLinkView]
    /// Invitations that kept the link issued before (not shown again: only its hash is kept).
    let kept: Int
}

/// The links of a campaign as CSV: `customer_id,external_id,name,email,link`, one invitation a line.
enum SurveyLinksCSV {
    static let header = ["customer_id", "external_id", "name", "email", "link"]

    static func text(_ links: [IssuedSurveyLink], base: String) -> String {
        CSVWriter.line(header) + links.map {
            CSVWriter.line([String($0.customerId), $0.externalId ?? "", $0.name, $0.email ?? "", base + $0.path])
        }.joined()
    }

    /// `base` without a trailing slash.
    static func base(_ url: String) -> String {
        var text = url.trimmingSpaces
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}

/// `POST /surveys/{id}/send`: what was mailed.
struct SurveySendView: Encodable {
    struct Failure: Encodable {
        let customer_id: Int64
        let reason: String
    }

    let sent: Int
    let failed: [Failure]
    let without_email: Int
}
