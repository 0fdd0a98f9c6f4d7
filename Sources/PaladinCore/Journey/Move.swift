/// What kind of change a move made to a customer's position.
public enum MoveKind: String, Sendable, Codable, CaseIterable {
    /// The customer entered the model (first position).
    case entry
    /// One stage forward.
    case forward
    /// From the last stage back to the first of a cyclic model: a new cycle.
    case wrap
    /// Forward past one or more stages.
    case skip
    /// Back to an earlier stage.
    case back
    /// A person set a derived model's stage by hand; stands until cleared.
    case override
    /// A derived model's manual override was cleared; the computed stage applies again.
    case clear
    /// A derived model's stage computed from evidence by its rules.
    case computed
}

/// One entry of the append-only move history.
public struct Move: Sendable, Hashable, Codable {
    /// Identifier within the workspace.
    public var id: Int64
    /// The customer moved.
    public var customerId: Int64
    /// The model the move happened in.
    public var model: String
    /// The stage before the move; nil on entry.
    public var from: String?
    /// The stage after the move; nil only when clearing an override leaves no computed stage.
    public var to: String?
    /// What kind of move.
    public var kind: MoveKind
    /// When it happened.
    public var at: Timestamp
    /// Who made it (a person's email or name, `system`, or `import`).
    public var actor: String
    /// The decision the customer took, in the customer's words or the company's.
    public var decision: String?
    /// Why, when the rules need one (skip, back, override, force).
    public var reason: String?
    /// Required markers that were not met but overridden by force.
    public var overriddenMarkers: [String]
    /// Stages passed over by a skip.
    public var skippedStages: [String]

    /// A move record.
    public init(
        id: Int64, customerId: Int64, model: String, from: String?, to: String?, kind: MoveKind, at: Timestamp,
        actor: String, decision: String? = nil, reason: String? = nil, overriddenMarkers: [String] = [],
        skippedStages: [String] = []
    ) {
        self.id = id
        self.customerId = customerId
        self.model = model
        self.from = from
        self.to = to
        self.kind = kind
        self.at = at
        self.actor = actor
        self.decision = decision
        self.reason = reason
        self.overriddenMarkers = overriddenMarkers
        self.skippedStages = skippedStages
    }

    /// Whether this move went past unmet required markers.
    public var isForced: Bool { !overriddenMarkers.isEmpty }

    enum CodingKeys: String, CodingKey {
        case id, model, from, to, kind, at, actor, decision, reason
        case customerId = "customer_id"
        case overriddenMarkers = "overridden_markers"
        case skippedStages = "skipped_stages"
    }
}

/// A customer's current stage in one model, always the result of replaying the model's moves.
public struct Position: Sendable, Hashable, Codable {
    /// The model.
    public var model: String
    /// The current stage.
    public var stage: String
    /// When the customer reached this stage.
    public var since: Timestamp
    /// Derived models: the stage was set by hand and stands until cleared.
    public var isOverride: Bool
    /// Derived models: the stage last computed by the rules, whatever the override says.
    public var computedStage: String?
    /// When the current cycle (or the whole journey, if not cyclic) began; markers count from here.
    public var cycleStartedAt: Timestamp

    /// A position.
    public init(
        model: String, stage: String, since: Timestamp, isOverride: Bool = false, computedStage: String? = nil,
        cycleStartedAt: Timestamp
    ) {
        self.model = model
        self.stage = stage
        self.since = since
        self.isOverride = isOverride
        self.computedStage = computedStage
        self.cycleStartedAt = cycleStartedAt
    }

    /// The position after `move`, given the position before it (nil when the customer was not placed).
    public static func applying(_ move: Move, to position: Position?) -> Position? {
        switch move.kind {
        case .computed:
            guard let to = move.to else { return position }
            guard var current = position else {
                return Position(model: move.model, stage: to, since: move.at, computedStage: to, cycleStartedAt: move.at)
            }
            current.computedStage = to
            if !current.isOverride, current.stage != to {
                current.stage = to
                current.since = move.at
            }
            return current
        case .clear:
            guard let to = move.to else { return nil }
            return Position(
                model: move.model, stage: to, since: to == position?.stage ? position!.since : move.at,
                isOverride: false, computedStage: to, cycleStartedAt: position?.cycleStartedAt ?? move.at
            )
        default:
            guard let to = move.to else { return position }
            let startsCycle = position == nil || move.kind == .entry || move.kind == .wrap
            return Position(
                model: move.model, stage: to, since: move.at, isOverride: move.kind == .override,
                computedStage: position?.computedStage,
                cycleStartedAt: startsCycle ? move.at : position!.cycleStartedAt
            )
        }
    }

    /// The position that a model's moves, in order, lead to.
    public static func replay(_ moves: [Move]) -> Position? {
        moves.reduce(nil) { applying($1, to: $0) }
    }
}
