import PaladinAnalytics

/// One group of an NPS answer: the rows of `paladin nps` and the groups of `GET /api/v1/nps`; `nps` is null when
/// nobody answered.
public struct NPSGroupView: NullPreservingEncodable {
    public let period: String?
    public let stage: String?
    public let respondents: Int
    public let promoters: Int
    public let passives: Int
    public let detractors: Int
    public let nps: Double?

    /// The view of `summary` for a period and/or stage (nil where the answer is not grouped that way).
    public init(period: String?, stage: String?, summary: NPSSummary) {
        self.period = period
        self.stage = stage
        respondents = summary.respondents
        promoters = summary.promoters
        passives = summary.passives
        detractors = summary.detractors
        nps = summary.score
    }
}
