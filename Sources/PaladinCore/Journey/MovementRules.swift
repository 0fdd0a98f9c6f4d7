/// What a person asks for when moving a customer.
public struct MoveRequest: Sendable, Hashable {
    /// The target stage key.
    public var to: String
    /// The decision the customer took.
    public var decision: String?
    /// Move on although required markers are unmet (needs a reason).
    public var force: Bool
    /// Why; required to skip, go back, force or override a derived model.
    public var reason: String?

    /// A request to move to `to`.
    public init(to: String, decision: String? = nil, force: Bool = false, reason: String? = nil) {
        self.to = to
        self.decision = decision?.trimmingSpaces.nilIfEmpty
        self.force = force
        self.reason = reason?.trimmingSpaces.nilIfEmpty
    }
}

/// A move the rules allow, ready to be recorded.
public struct MovePlan: Sendable, Hashable {
    /// The stage left, nil on entry.
    public var from: String?
    /// The stage reached (nil only when clearing an override leaves no computed stage).
    public var to: String?
    /// The kind of move.
    public var kind: MoveKind
    /// Stages passed over.
    public var skippedStages: [String]
    /// Required markers overridden by force.
    public var overriddenMarkers: [String]
    /// The customer's decision.
    public var decision: String?
    /// The reason given.
    public var reason: String?

    /// The move record for this plan.
    public func move(id: Int64, customerId: Int64, model: String, at: Timestamp, actor: String) -> Move {
        Move(
            id: id, customerId: customerId, model: model, from: from, to: to, kind: kind, at: at, actor: actor,
            decision: decision, reason: reason, overriddenMarkers: overriddenMarkers, skippedStages: skippedStages
        )
    }
}

/// Why a move was refused.
public enum MoveRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// The target stage is not in the model.
    case unknownStage(model: String, stage: String, known: [String])
    /// The customer is already there.
    case alreadyAtStage(String)
    /// Required markers of the current stage are unmet.
    case unmetMarkers(stage: String, markers: [Marker])
    /// The move needs a reason (skip, back, derived override).
    case reasonRequired(MoveKind)
    /// `force` was asked without a reason.
    case forceNeedsReason
    /// There is no manual override to clear.
    case noOverride(model: String)

    public var description: String {
        switch self {
        case .unknownStage(let model, let stage, let known):
            return "model '\(model)' has no stage '\(stage)' (stages: \(known.joined(separator: ", ")))"
        case .alreadyAtStage(let stage):
            return "the customer is already at stage '\(stage)'"
        case .unmetMarkers(let stage, let markers):
            let list = markers.map { "\($0.key) (\($0.names.text()))" }.joined(separator: ", ")
            return "refused: stage '\(stage)' has unmet required markers: \(list). Record them as met, or force the move with a reason"
        case .reasonRequired(let kind):
            switch kind {
            case .skip: return "skipping stages needs a reason"
            case .back: return "moving back needs a reason"
            case .override: return "a derived model is moved by hand only as an override, which needs a reason"
            default: return "this move needs a reason"
            }
        case .forceNeedsReason:
            return "forcing a move past unmet markers needs a reason"
        case .noOverride(let model):
            return "there is no manual override in model '\(model)' to clear"
        }
    }
}

/// The rules of movement: marker gating, force, skip, back, cyclic wrap and derived overrides.
public enum MovementRules {
    /// Plans moving a customer at `position` (nil when not yet placed) in `model` as `request` asks.
    /// `metMarkers` are the keys of the markers met in the current cycle.
    public static func plan(
        model: JourneyModel, position: Position?, metMarkers: Set<String>, request: MoveRequest
    ) -> Result<MovePlan, MoveRefusal> {
        guard let target = model.stageIndex(request.to) else {
            return .failure(.unknownStage(model: model.key, stage: request.to, known: model.stages.map(\.key)))
        }
        var plan = MovePlan(
            from: position?.stage, to: request.to, kind: .forward, skippedStages: [], overriddenMarkers: [],
            decision: request.decision, reason: request.reason
        )
        if model.kind == .derived {
            if position?.stage == request.to, position?.isOverride == true { return .failure(.alreadyAtStage(request.to)) }
            guard request.reason != nil else { return .failure(.reasonRequired(.override)) }
            plan.kind = .override
            return .success(plan)
        }
        guard let position, let current = model.stageIndex(position.stage) else {
            // Entering the model (or re-entering after its stage was removed from the model).
            if target == 0 {
                plan.kind = .entry
                return .success(plan)
            }
            guard request.reason != nil else { return .failure(.reasonRequired(.skip)) }
            plan.kind = .skip
            plan.skippedStages = model.stages[0..<target].map(\.key)
            return .success(plan)
        }
        if target == current { return .failure(.alreadyAtStage(request.to)) }

        let last = model.stages.count - 1
        if model.cyclic, current == last, target == 0 {
            plan.kind = .wrap
        } else if target == current + 1 {
            plan.kind = .forward
        } else if target > current + 1 {
            plan.kind = .skip
            plan.skippedStages = model.stages[(current + 1)..<target].map(\.key)
        } else {
            plan.kind = .back
        }
        if plan.kind == .skip || plan.kind == .back, request.reason == nil {
            return .failure(.reasonRequired(plan.kind))
        }
        if plan.kind != .back {
            let unmet = model.stages[current].requiredMarkers.filter { !metMarkers.contains($0.key) }
            if !unmet.isEmpty {
                guard request.force else { return .failure(.unmetMarkers(stage: position.stage, markers: unmet)) }
                guard request.reason != nil else { return .failure(.forceNeedsReason) }
                plan.overriddenMarkers = unmet.map(\.key)
            }
        }
        return .success(plan)
    }

    /// Plans clearing a derived model's manual override: the computed stage applies again.
    public static func planClear(model: JourneyModel, position: Position?, reason: String?) -> Result<MovePlan, MoveRefusal> {
        guard let position, position.isOverride else { return .failure(.noOverride(model: model.key)) }
        return .success(
            MovePlan(
                from: position.stage, to: position.computedStage, kind: .clear, skippedStages: [],
                overriddenMarkers: [], decision: nil, reason: reason?.trimmingSpaces.nilIfEmpty
            )
        )
    }

    /// Keys of markers that count for a position: those recorded since its cycle began.
    public static func metMarkers(_ records: [MarkerRecord], for position: Position?, in model: JourneyModel) -> Set<String> {
        Set(records.filter { !model.cyclic || position == nil || $0.at >= position!.cycleStartedAt }.map(\.marker))
    }
}

extension String {
    /// nil when empty.
    public var nilIfEmpty: String? { isEmpty ? nil : self }
}
