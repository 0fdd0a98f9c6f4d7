import PaladinCore

/// The next best actions for one customer, from the texts: keep the promises made (follow-ups), walk the guidance
/// process stage by stage (markers gate each step, a playbook per stage), get customers out of the stall zone, and
/// spend where it pays (focus on loyal and average customers, disinvest from demanding or lost ones with negative
/// profit, turn promoters into advocates).
///
/// Actions are ordered by priority (``NextBestAction/Priority``), then weight (larger first), then the order they are
/// made in: follow-ups by due day and id, then models in the workspace's order, markers in the stage's order.
public enum Guidance {
    /// A follow-up due within this many days from today (today included) is `follow_up_due`.
    public static let dueSoonDays = 7

    /// The customer's actions, the most urgent first.
    public static func actions(for input: GuidanceInput) -> [NextBestAction] {
        let language = input.language
        let today = input.now.date
        var actions: [NextBestAction] = []

        // Follow-ups: promises made to the customer come first.
        for followUp in input.openFollowUps.sorted(by: { ($0.due, $0.id) < ($1.due, $1.id) }) {
            let what = followUp.note.map { "Follow up: \($0)" } ?? "Follow up (follow-up #\(followUp.id))"
            let assignee = followUp.assignee.map { "assigned to \($0)" } ?? "not assigned"
            let days = Int(today.daysSinceEpoch - followUp.due.daysSinceEpoch)
            if followUp.due < today {
                actions.append(NextBestAction(
                    kind: .followUpOverdue, title: what, detail: "Due \(followUp.due), \(assignee).",
                    reason: "follow-up #\(followUp.id) was due \(followUp.due), \(days) day\(days == 1 ? "" : "s") ago, and is still open",
                    priority: NextBestAction.Priority.followUpOverdue, due: followUp.due, weight: days))
            } else if -days < dueSoonDays {
                let when = days == 0 ? "today" : "in \(-days) day\(days == -1 ? "" : "s")"
                actions.append(NextBestAction(
                    kind: .followUpDue, title: what, detail: "Due \(followUp.due), \(assignee).",
                    reason: "follow-up #\(followUp.id) is due \(when) (\(followUp.due))",
                    priority: NextBestAction.Priority.followUpDue, due: followUp.due, weight: days))
            }
        }

        // The texts' recommendations about the relationship's worth.
        let disinvest = disinvestAction(input)
        actions += disinvest.map { [$0] } ?? []
        actions += winBackAction(input).map { [$0] } ?? []
        if disinvest == nil {
            actions += inviteToAdvocateAction(input).map { [$0] } ?? []
            actions += focusAction(input).map { [$0] } ?? []
        }

        // The guided models: stalls, moves, markers and the playbook.
        for guided in input.positions {
            actions += stageActions(guided, now: input.now, language: language)
        }
        return order(actions)
    }

    /// Orders actions by priority, then weight (larger first), then the order given.
    public static func order(_ actions: [NextBestAction]) -> [NextBestAction] {
        actions.enumerated().sorted { lhs, rhs in
            (lhs.element.priority, -lhs.element.weight, lhs.offset) < (rhs.element.priority, -rhs.element.weight, rhs.offset)
        }.map(\.element)
    }

    // MARK: - Stages

    static func stageActions(_ guided: GuidanceInput.GuidedPosition, now: Timestamp, language: String) -> [NextBestAction] {
        let model = guided.model
        guard let index = model.stageIndex(guided.position.stage) else { return [] }
        let stage = model.stages[index]
        let stageName = stage.names.text(language)
        let modelName = model.names.text(language)
        let days = guided.position.since.days(until: now)
        let expectedDue = stage.expectedDays.map { guided.position.since.adding(days: $0).date }
        var actions: [NextBestAction] = []
        func action(_ kind: NextBestAction.Kind, _ title: String, _ detail: String, _ reason: String, _ priority: Int, due: CivilDate? = nil, weight: Int? = nil) {
            actions.append(NextBestAction(
                kind: kind, model: model.key, stage: stage.key, title: title, detail: detail, reason: reason, priority: priority,
                due: due, weight: weight ?? days))
        }
        let purpose = stage.purpose.text(language)

        if let expected = stage.expectedDays, days > expected {
            let inZone = model.stallZone.contains(stage.key)
            let zone = inZone ? ", in the stall zone of \(modelName) where customers commonly get stuck" : ""
            action(
                .stalled, "Get the customer moving at \(stageName)",
                purpose.isEmpty ? "\(modelName): \(stageName)." : "\(stageName): \(purpose)",
                "\(days) days at \(stageName) (expected \(expected))\(zone)",
                inZone ? NextBestAction.Priority.stalledInStallZone : NextBestAction.Priority.stalled,
                due: expectedDue, weight: days - expected)
        }

        let required = stage.requiredMarkers
        let unmet = required.filter { !guided.metMarkers.contains($0.key) }
        if !required.isEmpty, unmet.isEmpty {
            if let next = nextStage(after: index, in: model) {
                let nextName = next.names.text(language)
                let decision = endingDecision(from: stage, to: next, in: model, mirrored: guided.mirrored)?.text(language)
                var detail = decision.map { "Ask for the customer's decision: \($0). " } ?? ""
                let nextPurpose = next.purpose.text(language)
                detail += nextPurpose.isEmpty ? "Next: \(nextName)." : "Next: \(nextName) — \(nextPurpose)"
                let names = required.map { "'\($0.names.text(language))'" }.joined(separator: ", ")
                action(
                    .readyToMove, "Move to \(nextName)", detail,
                    "every required marker of \(stageName) is met (\(names)) after \(days) day\(days == 1 ? "" : "s") there",
                    NextBestAction.Priority.readyToMove)
            }
            return actions
        }

        for marker in unmet {
            let name = marker.names.text(language)
            let reason: String
            if let expected = stage.expectedDays {
                reason = days > expected
                    ? "required marker '\(name)' not met after \(days) days at \(stageName) (expected \(expected))"
                    : "required marker '\(name)' not met yet: day \(days) of \(expected) expected at \(stageName)"
            } else {
                reason = "required marker '\(name)' not met yet after \(days) day\(days == 1 ? "" : "s") at \(stageName)"
            }
            let description = marker.description.text(language)
            action(
                .meetMarker, "Meet marker '\(name)'", description.isEmpty ? "A required marker of \(stageName) (\(modelName))." : description,
                reason, NextBestAction.Priority.meetMarker, due: expectedDue)
        }

        if !stage.playbook.isEmpty {
            let steps = stage.playbook.count
            let walked = guided.interactionsAtStage
            let step = walked < steps ? walked : 0
            let entered = guided.position.since.date
            let reason: String
            switch walked {
            case 0: reason = "no interaction since entering \(stageName) on \(entered): start with step 1 of \(steps)"
            case ..<steps: reason = "\(walked) interaction\(walked == 1 ? "" : "s") since entering \(stageName) on \(entered): step \(step + 1) of \(steps) is next"
            default: reason = "every step walked (\(walked) interactions since entering \(stageName) on \(entered)): start again from step 1 of \(steps)"
            }
            action(
                .playbook, stage.playbook[step].text(language),
                "Step \(step + 1) of \(steps) at \(stageName) (\(modelName))." + (purpose.isEmpty ? "" : " Purpose: \(purpose)"),
                reason, NextBestAction.Priority.playbook)
        }
        return actions
    }

    /// The stage after `index`: the next one, or the first again at the end of a cyclic model; nil at the end of another.
    public static func nextStage(after index: Int, in model: JourneyModel) -> Stage? {
        if index + 1 < model.stages.count { return model.stages[index + 1] }
        return model.cyclic && model.stages.count > 1 ? model.stages[0] : nil
    }

    /// The decision that ends the current state when moving from `stage` to `next` leaves it (own states, or the
    /// mirrored model's when the stages mirror it).
    static func endingDecision(from stage: Stage, to next: Stage, in model: JourneyModel, mirrored: JourneyModel?) -> LocalizedText? {
        if let state = stage.state, state != next.state, let found = model.state(state), !found.decision.isBlank {
            return found.decision
        }
        if let state = stage.mirrors, state != next.mirrors, let found = mirrored?.state(state), !found.decision.isBlank {
            return found.decision
        }
        return nil
    }

    // MARK: - The relationship's worth

    static func recommendation(_ kind: Recommendation.Kind, in input: GuidanceInput) -> Recommendation? {
        input.recommendations.first { $0.kind == kind }
    }

    /// Demanding or lost with negative profit. The current category and profit decide; without a category, the last run's word.
    static func disinvestAction(_ input: GuidanceInput) -> NextBestAction? {
        let reason: String
        if let category = input.valueCategory {
            guard category == "demanding" || category == "lost", input.profit.cents < 0 else { return nil }
            reason = "\(category) customer with negative profit (profit = \(input.profit))"
        } else if let recommended = recommendation(.disinvest, in: input) {
            reason = recommended.reason
        } else {
            return nil
        }
        return NextBestAction(
            kind: .disinvest, title: "Stop investing in this relationship",
            detail: "The texts: most companies spend most of their time and money placating demanding customers and chasing lost ones; send them to the competition and spend on loyal and average customers instead.",
            reason: reason, priority: NextBestAction.Priority.disinvest)
    }

    /// Lost but high-value in the past: the last score run's verdict, while the customer is still lost.
    static func winBackAction(_ input: GuidanceInput) -> NextBestAction? {
        guard let recommended = recommendation(.winBack, in: input), input.valueCategory == nil || input.valueCategory == "lost",
              input.profit.cents >= 0
        else { return nil }
        return NextBestAction(
            kind: .winBack, title: "Try to win the customer back",
            detail: "Win back lapsed customers only where the profit potential justifies it: one personal attempt, not a campaign.",
            reason: recommended.reason, priority: NextBestAction.Priority.winBack)
    }

    /// A promoter (9–10) who bought more than once and is not an advocate yet (no guided position at a stage `advocate`).
    static func inviteToAdvocateAction(_ input: GuidanceInput) -> NextBestAction? {
        if input.positions.contains(where: { $0.position.stage == "advocate" }) { return nil }
        let reason: String
        if let score = input.lastScore {
            guard score >= 9, input.purchases >= 2 else { return nil }
            reason = "promoter (last score \(score)) who bought \(input.purchases) times"
        } else if let recommended = recommendation(.championCandidate, in: input) {
            reason = recommended.reason
        } else {
            return nil
        }
        return NextBestAction(
            kind: .inviteToAdvocate, title: "Invite the customer to advocate",
            detail: "Ask for a referral, a testimonial or a story; invest in the relationship, service and customisation to turn a promoter into an advocate.",
            reason: reason, priority: NextBestAction.Priority.inviteToAdvocate)
    }

    /// Loyal or average with positive profit: where the texts say to focus time and money.
    static func focusAction(_ input: GuidanceInput) -> NextBestAction? {
        guard let category = input.valueCategory, category == "loyal" || category == "average", input.profit.cents > 0 else { return nil }
        var reason = "\(category) customer with profit \(input.profit)"
        if let relationship = input.relationshipType { reason += ", relationship \(relationship)" }
        if let rung = input.ladderRung { reason += ", ladder rung \(rung)" }
        let detail = category == "loyal"
            ? "Loyal customers are where to focus time and money: personalised offers, differentiated treatment, extend the cooperation."
            : "Average customers deserve focus too: show the benefits of continuity and learn the customer's business."
        return NextBestAction(kind: .focus, title: "Give this customer attention", detail: detail, reason: reason,
                              priority: NextBestAction.Priority.focus, weight: Int(input.profit.cents / 100))
    }
}
