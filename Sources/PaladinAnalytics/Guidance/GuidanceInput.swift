import PaladinCore

/// What guidance reads about one customer: gathered by the store, judged by ``Guidance/actions(for:)``.
public struct GuidanceInput: Sendable {
    /// The customer's position in one guided model, with what the stage asks and what is met.
    public struct GuidedPosition: Sendable {
        /// The model (guided).
        public var model: JourneyModel
        /// Where the customer stands.
        public var position: Position
        /// Keys of the markers met in the current cycle (``MovementRules/metMarkers(_:for:in:)``).
        public var metMarkers: Set<String>
        /// Interactions recorded since the customer entered the current stage: the playbook steps walked.
        public var interactionsAtStage: Int
        /// The model whose states this model's stages mirror (`mirror_of`), for the decision that ends a state.
        public var mirrored: JourneyModel?

        /// A position.
        public init(model: JourneyModel, position: Position, metMarkers: Set<String>, interactionsAtStage: Int = 0, mirrored: JourneyModel? = nil) {
            self.model = model
            self.position = position
            self.metMarkers = metMarkers
            self.interactionsAtStage = interactionsAtStage
            self.mirrored = mirrored
        }
    }

    /// Positions in the guided models, in the workspace's model order.
    public var positions: [GuidedPosition]
    /// The customer's open follow-ups.
    public var openFollowUps: [FollowUp]
    /// The newest answer to "would you recommend us?", 0–10.
    public var lastScore: Int?
    /// How many purchases the customer made.
    public var purchases: Int
    /// Revenue minus cost to serve.
    public var profit: Money
    /// The stage in the built-in `value-category` model (loyal, average, demanding, lost), if placed.
    public var valueCategory: String?
    /// The stage in the built-in `engagement-ladder` model, if placed.
    public var ladderRung: String?
    /// The stage in the built-in `relationship-type` model, if placed.
    public var relationshipType: String?
    /// What the last score run recommended.
    public var recommendations: [Recommendation]
    /// Now.
    public var now: Timestamp
    /// The language texts are shown in (the workspace's).
    public var language: String

    /// An input; everything but `now` defaults to nothing known.
    public init(
        positions: [GuidedPosition] = [], openFollowUps: [FollowUp] = [], lastScore: Int? = nil, purchases: Int = 0,
        profit: Money = Money(cents: 0), valueCategory: String? = nil, ladderRung: String? = nil, relationshipType: String? = nil,
        recommendations: [Recommendation] = [], now: Timestamp, language: String = "en"
    ) {
        self.positions = positions
        self.openFollowUps = openFollowUps
        self.lastScore = lastScore
        self.purchases = purchases
        self.profit = profit
        self.valueCategory = valueCategory
        self.ladderRung = ladderRung
        self.relationshipType = relationshipType
        self.recommendations = recommendations
        self.now = now
        self.language = language
    }
}
