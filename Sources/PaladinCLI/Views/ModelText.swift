import PaladinCore

/// A model as readable text for the terminal.
enum ModelText {
    static func render(_ model: JourneyModel, language: String) -> String {
        var lines: [String] = []
        lines.append("\(model.names.text(language)) [\(model.key)] — \(model.kind.rawValue)\(model.cyclic ? ", cyclic" : "")")
        let description = model.description.text(language)
        if !description.isEmpty { lines.append(description) }
        if let mirror = model.mirrorOf { lines.append("mirrors the states of: \(mirror)") }
        if let clock = model.clock { lines.append("clock: \(clock.days) days from entering '\(clock.startsAt)'") }
        if !model.stallZone.isEmpty { lines.append("stall zone: \(model.stallZone.joined(separator: ", "))") }
        if !model.evaluationOrder.isEmpty { lines.append("rules tried in order: \(model.evaluationOrder.joined(separator: " → "))") }
        var currentState: String?
        for (index, stage) in model.stages.enumerated() {
            if let stateKey = stage.state, stateKey != currentState, let state = model.state(stateKey) {
                currentState = stateKey
                lines.append("")
                lines.append("■ \(state.names.text(language)) [\(state.key)] \(state.color)")
                let decision = state.decision.text(language)
                if !decision.isEmpty { lines.append("  ends when: \(decision)") }
            }
            lines.append("")
            var title = "  \(index + 1). \(stage.names.text(language)) [\(stage.key)]"
            if let days = stage.expectedDays { title += " — expected \(days) days" }
            if let mirrors = stage.mirrors { title += " — mirrors \(mirrors)" }
            lines.append(title)
            let purpose = stage.purpose.text(language)
            if !purpose.isEmpty { lines.append("     purpose: \(purpose)") }
            for marker in stage.markers {
                lines.append("     \(marker.required ? "[required]" : "[optional]") \(marker.key): \(marker.names.text(language))")
            }
            for (step, text) in stage.playbook.enumerated() {
                lines.append("     playbook \(step + 1): \(text.text(language))")
            }
            if let rule = stage.rule { lines.append("     rule: \(rule)") }
        }
        return lines.joined(separator: "\n")
    }
}
