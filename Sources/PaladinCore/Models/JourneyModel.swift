/// How customers move through a model's stages.
public enum ModelKind: String, Sendable, Codable, CaseIterable {
    /// People move customers, gated by markers and decisions.
    case guided
    /// Positions are computed from evidence by rules; people may only override them.
    case derived
}

/// A journey model: ordered stages (optionally grouped in states) a customer moves through.
public struct JourneyModel: Sendable, Hashable, Codable {
    /// Unique key within a workspace, e.g. `customer-journey`.
    public var key: String
    /// Guided or derived.
    public var kind: ModelKind
    /// Whether the last stage leads back to the first (the PRO Customer cycle).
    public var cyclic: Bool
    /// Display names per language.
    public var names: LocalizedText
    /// What the model is for, per language.
    public var description: LocalizedText
    /// The model whose states this model's stages mirror (the P-R-O-C guidance mirrors PRO Customer).
    public var mirrorOf: String?
    /// The relationship clock (e.g. the first 100 days counted from entering a stage).
    public var clock: RelationshipClock?
    /// Stages where customers commonly stall (the journey's stages 4–6).
    public var stallZone: [String]
    /// Derived models: stage keys in the order their rules are tried; the first whose rule holds wins.
    public var evaluationOrder: [String]
    /// The states (colours) stages are grouped in; may be empty.
    public var states: [JourneyState]
    /// The stages in order.
    public var stages: [Stage]

    /// A model; optional parts default to empty.
    public init(
        key: String, kind: ModelKind = .guided, cyclic: Bool = false, names: LocalizedText,
        description: LocalizedText = LocalizedText([:]), mirrorOf: String? = nil, clock: RelationshipClock? = nil,
        stallZone: [String] = [], evaluationOrder: [String] = [], states: [JourneyState] = [], stages: [Stage]
    ) {
        self.key = key
        self.kind = kind
        self.cyclic = cyclic
        self.names = names
        self.description = description
        self.mirrorOf = mirrorOf
        self.clock = clock
        self.stallZone = stallZone
        self.evaluationOrder = evaluationOrder
        self.states = states
        self.stages = stages
    }

    /// The stage with `key`, if any.
    public func stage(_ key: String) -> Stage? { stages.first { $0.key == key } }

    /// The position of the stage with `key` in the stage order.
    public func stageIndex(_ key: String) -> Int? { stages.firstIndex { $0.key == key } }

    /// The state with `key`, if any.
    public func state(_ key: String) -> JourneyState? { states.first { $0.key == key } }

    /// The marker with `key` and the stage that holds it.
    public func marker(_ key: String) -> (stage: Stage, marker: Marker)? {
        for stage in stages {
            if let marker = stage.markers.first(where: { $0.key == key }) { return (stage, marker) }
        }
        return nil
    }
}

/// A state of a model: a colour of the PRO Customer semaphore, ended by a customer decision.
public struct JourneyState: Sendable, Hashable, Codable {
    /// Unique key within the model.
    public var key: String
    /// Display names per language.
    public var names: LocalizedText
    /// Display colour, `#rrggbb`.
    public var color: String
    /// The decision the customer takes that ends this state.
    public var decision: LocalizedText

    /// A state.
    public init(key: String, names: LocalizedText, color: String, decision: LocalizedText = LocalizedText([:])) {
        self.key = key
        self.names = names
        self.color = color
        self.decision = decision
    }
}

/// A stage of a model: a purpose, the markers that show where the customer is, and the playbook.
public struct Stage: Sendable, Hashable, Codable {
    /// Unique key within the model.
    public var key: String
    /// Display names per language.
    public var names: LocalizedText
    /// The state this stage belongs to, when the model has states.
    public var state: String?
    /// The state of the `mirrorOf` model this stage mirrors.
    public var mirrors: String?
    /// Why the stage exists.
    public var purpose: LocalizedText
    /// How long a customer is expected to stay here; longer is a stall.
    public var expectedDays: Int?
    /// Observable signs that show the customer is here and may move on.
    public var markers: [Marker]
    /// What the supplier does at this stage, step by step.
    public var playbook: [LocalizedText]
    /// Derived models: the rule (over customer metrics) that puts a customer here.
    public var rule: String?

    /// A stage; optional parts default to empty.
    public init(
        key: String, names: LocalizedText, state: String? = nil, mirrors: String? = nil,
        purpose: LocalizedText = LocalizedText([:]), expectedDays: Int? = nil, markers: [Marker] = [],
        playbook: [LocalizedText] = [], rule: String? = nil
    ) {
        self.key = key
        self.names = names
        self.state = state
        self.mirrors = mirrors
        self.purpose = purpose
        self.expectedDays = expectedDays
        self.markers = markers
        self.playbook = playbook
        self.rule = rule
    }

    /// The markers that must be met before a customer moves on.
    public var requiredMarkers: [Marker] { markers.filter(\.required) }
}

/// An observable sign that a customer is at a stage and may move on.
public struct Marker: Sendable, Hashable, Codable {
    /// Unique key within the model.
    public var key: String
    /// Display names per language.
    public var names: LocalizedText
    /// What exactly to observe.
    public var description: LocalizedText
    /// Whether moving on needs this marker met.
    public var required: Bool

    /// A marker.
    public init(key: String, names: LocalizedText, description: LocalizedText = LocalizedText([:]), required: Bool = true) {
        self.key = key
        self.names = names
        self.description = description
        self.required = required
    }
}

/// A clock that starts when a customer enters a stage, e.g. the journey's first 100 days from the purchase.
public struct RelationshipClock: Sendable, Hashable, Codable {
    /// How many days the clock runs.
    public var days: Int
    /// The stage whose entry starts the clock.
    public var startsAt: String

    /// A clock.
    public init(days: Int, startsAt: String) {
        self.days = days
        self.startsAt = startsAt
    }
}
