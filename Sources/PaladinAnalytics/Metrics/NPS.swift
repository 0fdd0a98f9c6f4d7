import PaladinCore

/// Net Promoter Score of a set of answers: % promoters (9–10) − % detractors (0–6), over all respondents.
public struct NPSSummary: Sendable, Hashable {
    public var promoters: Int
    public var passives: Int
    public var detractors: Int

    /// Counts of each segment.
    public init(promoters: Int = 0, passives: Int = 0, detractors: Int = 0) {
        self.promoters = promoters
        self.passives = passives
        self.detractors = detractors
    }

    /// The summary of `scores` (each 0–10).
    public init<S: Sequence>(scores: S) where S.Element == Int {
        self.init()
        for score in scores { add(score) }
    }

    /// Counts one more answer.
    public mutating func add(_ score: Int) {
        switch NPSSegment(score: score) {
        case .promoter: promoters += 1
        case .passive: passives += 1
        case .detractor: detractors += 1
        }
    }

    /// Everyone who answered; passives count in the denominator.
    public var respondents: Int { promoters + passives + detractors }

    /// From −100 to +100; nil when nobody answered (no answers is no score, not zero).
    public var score: Double? {
        guard respondents > 0 else { return nil }
        return 100 * Double(promoters - detractors) / Double(respondents)
    }
}
