import Foundation
import PaladinCore

/// One more question of a campaign, after the recommend question (0–10 with its "why?").
public struct SurveyQuestion: Sendable, Hashable, Codable {
    /// What kind of answer the question takes.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A whole number from `min` to `max`.
        case scale
        /// One of `choices`.
        case choice
        /// Free text.
        case text
    }

    /// Names the answer (`[a-z0-9_-]`, unique in the campaign).
    public var key: String
    public var kind: Kind
    /// The question as the customer reads it.
    public var label: String
    /// The ends of a scale (default 1 and 5).
    public var min: Int?
    public var max: Int?
    /// The choices of a choice question.
    public var choices: [String]?
    /// Whether an answer is needed (default false).
    public var required: Bool?

    /// A question.
    public init(key: String, kind: Kind, label: String, min: Int? = nil, max: Int? = nil, choices: [String]? = nil, required: Bool? = nil) {
        self.key = key
        self.kind = kind
        self.label = label
        self.min = min
        self.max = max
        self.choices = choices
        self.required = required
    }

    /// The scale's lowest and highest answer.
    public var range: ClosedRange<Int> { (min ?? 1)...(max ?? 5) }
    /// Whether it must be answered.
    public var isRequired: Bool { required ?? false }

    /// The most extra questions a campaign takes, and the longest text answer kept.
    public static let maxQuestions = 10
    public static let maxTextLength = 2_000

    /// What is wrong with this question as question `index` of a campaign (field names `questions[i].…`).
    func problem(index: Int) -> (field: String, message: String)? {
        let field = "questions[\(index)]"
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789_-")
        if key.isEmpty || key.count > 40 || !key.allSatisfy(allowed.contains) {
            return ("\(field).key", "must be 1–40 of a-z, 0-9, '_' and '-'")
        }
        if ["score", "comment", "form_token"].contains(key) { return ("\(field).key", "'\(key)' is reserved") }
        if label.trimmingSpaces.isEmpty || label.count > 500 { return ("\(field).label", "must be 1–500 characters") }
        switch kind {
        case .scale:
            let low = min ?? 1, high = max ?? 5
            if low < 0 || high > 100 || low >= high { return ("\(field).max", "a scale runs from min to max, 0 ≤ min < max ≤ 100") }
            if choices != nil { return ("\(field).choices", "only a choice question has choices") }
        case .choice:
            let list = (choices ?? []).map(\.trimmingSpaces)
            if list.count < 2 || list.count > 20 || list.contains(where: { $0.isEmpty || $0.count > 200 }) {
                return ("\(field).choices", "a choice question has 2–20 non-empty choices of at most 200 characters")
            }
            if Set(list).count != list.count { return ("\(field).choices", "the choices must differ") }
        case .text:
            if choices != nil { return ("\(field).choices", "only a choice question has choices") }
        }
        if kind != .scale, min != nil || max != nil { return ("\(field).min", "only a scale has min and max") }
        return nil
    }

    /// The answer to keep for `raw` (nil: unanswered), or the message why it is not an answer.
    public func accept(_ raw: String?) -> Result<String?, SurveyAnswerProblem> {
        let text = raw?.trimmingSpaces ?? ""
        if text.isEmpty { return isRequired ? .failure(.init(field: key, message: "required")) : .success(nil) }
        switch kind {
        case .scale:
            guard let value = Int(text), range.contains(value) else { return .failure(.init(field: key, message: "scale")) }
            return .success(String(value))
        case .choice:
            guard (choices ?? []).map(\.trimmingSpaces).contains(text) else { return .failure(.init(field: key, message: "choice")) }
            return .success(text)
        case .text:
            return .success(String(text.prefix(Self.maxTextLength)))
        }
    }
}

/// Why an answer was not taken: the field (a question key, or `score`) and a message key (`required`, `scale`, `choice`).
public struct SurveyAnswerProblem: Error, Sendable, Hashable {
    public var field: String
    public var message: String
}

/// Which customers a campaign invites: by model and stage, value category, tag, or a list of ids / external ids.
/// Criteria combine (all must hold); a list stands alone.
public struct SurveySelection: Sendable, Hashable, Codable {
    public var model: String?
    public var stage: String?
    /// A stage of the `value-category` model.
    public var category: String?
    public var tag: String?
    /// Customer ids or external ids.
    public var customers: [String]?

    /// A selection; everything optional (but something must be chosen).
    public init(model: String? = nil, stage: String? = nil, category: String? = nil, tag: String? = nil, customers: [String]? = nil) {
        self.model = model
        self.stage = stage
        self.category = category
        self.tag = tag
        self.customers = customers
    }
}

/// What a manager asks for: a new campaign.
public struct SurveyCampaignDraft: Sendable, Hashable {
    public var name: String
    public var validUntil: CivilDate
    public var questions: [SurveyQuestion]
    public var selection: SurveySelection
    /// Working days after the answer a detractor's follow-up is due (default 1: the next working day).
    public var followUpDays: Int

    /// A draft; the recommend question is always asked first.
    public init(name: String, validUntil: CivilDate, questions: [SurveyQuestion] = [], selection: SurveySelection, followUpDays: Int = 1) {
        self.name = name
        self.validUntil = validUntil
        self.questions = questions
        self.selection = selection
        self.followUpDays = followUpDays
    }
}

/// A survey campaign as stored.
public struct SurveyCampaign: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, Codable { case open, closed }

    public var id: Int64
    public var name: String
    /// The questions after the recommend question.
    public var questions: [SurveyQuestion]
    public var selection: SurveySelection
    /// The last day its links can be answered (UTC).
    public var validUntil: CivilDate
    public var followUpDays: Int
    public var status: Status
    public var createdBy: String
    public var createdAt: Timestamp

    /// Whether a link may still be answered on `today`.
    public func isAnswerable(today: CivilDate) -> Bool { status == .open && today <= validUntil }
}

/// A campaign with its counts, for lists.
public struct SurveyCampaignSummary: Sendable, Hashable {
    public var campaign: SurveyCampaign
    public var invited: Int
    public var issued: Int
    public var answered: Int

    public init(campaign: SurveyCampaign, invited: Int, issued: Int, answered: Int) {
        self.campaign = campaign
        self.invited = invited
        self.issued = issued
        self.answered = answered
    }
}

/// A link just issued: shown once (only its hash is kept).
public struct IssuedSurveyLink: Sendable, Hashable {
    public var customerId: Int64
    public var externalId: String?
    public var name: String
    public var email: String?
    /// `/s/<secret>.<signature>`: prefix it with the public base URL.
    public var path: String
}

/// One answer as the campaign page shows it.
public struct SurveyAnswerRecord: Sendable, Hashable {
    public var customerId: Int64
    public var customerName: String
    public var score: Int
    public var comment: String?
    /// Answers to the extra questions by key.
    public var extra: [String: String]
    public var language: String
    public var answeredAt: Timestamp
    public var surveyResponseId: Int64
    public var followUpId: Int64?
    public var championCandidate: Bool

    public var segment: NPSSegment { NPSSegment(score: score) }
}

/// A follow-up a detractor's answer created, with the customer's name.
public struct SurveyFollowUp: Sendable, Hashable {
    public var followUp: FollowUp
    public var customerName: String
}

/// A campaign's results.
public struct SurveyResults: Sendable, Hashable {
    public var campaign: SurveyCampaign
    public var invited: Int
    public var issued: Int
    public var answered: Int
    public var promoters: Int
    public var passives: Int
    public var detractors: Int
    /// Emails sent and failed.
    public var sent: Int
    public var failed: Int
    /// Newest first.
    public var answers: [SurveyAnswerRecord]
    public var followUps: [SurveyFollowUp]

    /// Answered of invited, 0–1 (0 for no invitation).
    public var responseRate: Double { invited == 0 ? 0 : Double(answered) / Double(invited) }
    /// % promoters − % detractors; nil before the first answer.
    public var nps: Double? {
        answered == 0 ? nil : (Double(promoters) - Double(detractors)) * 100 / Double(answered)
    }
    public var championCandidates: Int { answers.filter(\.championCandidate).count }
}

/// Working days for follow-ups: Monday to Friday.
public enum WorkingDays {
    /// `count` working days after `date` (at least the next working day).
    public static func adding(_ count: Int, to date: CivilDate) -> CivilDate {
        var day = date.daysSinceEpoch
        var left = Swift.max(count, 1)
        while left > 0 {
            day += 1
            if !isWeekend(day) { left -= 1 }
        }
        return CivilDate(daysSinceEpoch: day)
    }

    /// 1970-01-01 was a Thursday.
    static func isWeekend(_ daysSinceEpoch: Int64) -> Bool {
        let weekday = ((daysSinceEpoch % 7) + 7 + 3) % 7  // 0 = Monday
        return weekday >= 5
    }
}
