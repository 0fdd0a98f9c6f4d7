/// Checks a model for everything that would make it unusable: keys, names, states, markers, mirrors, clocks.
public enum ModelValidator {
    /// Every issue in `model`. `others` are the other models of the workspace (for mirror links);
    /// `checkRule` returns a message when a derived stage's rule is not acceptable.
    public static func issues(
        in model: JourneyModel,
        others: [String: JourneyModel],
        checkRule: (String) -> String? = { _ in nil }
    ) -> [ModelIssue] {
        var issues: [ModelIssue] = []
        func add(_ path: String, _ message: String) { issues.append(ModelIssue(path: path, message: message)) }

        if !Key.isValid(model.key) { add("key", "'\(model.key)' is not a valid key: \(Key.rule)") }
        if model.names.isBlank { add("names", "the model needs a name") }
        if model.stages.isEmpty { add("stages", "the model needs at least one stage") }

        var stateKeys: [String: Int] = [:]
        for (index, state) in model.states.enumerated() {
            let path = "states[\(index)]"
            checkKey(state.key, path: path, seen: &stateKeys, index: index, noun: "state", add: add)
            if state.names.isBlank { add("\(path).names", "state '\(state.key)' needs a name") }
            if !isColor(state.color) { add("\(path).color", "'\(state.color)' is not a colour: write it as #rrggbb") }
        }

        var stageKeys: [String: Int] = [:]
        var markerKeys: [String: String] = [:]
        var lastStateIndex = -1
        for (index, stage) in model.stages.enumerated() {
            let path = "stages[\(index)]"
            checkKey(stage.key, path: path, seen: &stageKeys, index: index, noun: "stage", add: add)
            if stage.names.isBlank { add("\(path).names", "stage '\(stage.key)' needs a name") }
            if let state = stage.state {
                if model.states.isEmpty {
                    add("\(path).state", "stage '\(stage.key)' names state '\(state)' but the model has no states")
                } else if let stateIndex = stateKeys[state] {
                    if stateIndex < lastStateIndex {
                        add("\(path).state", "stage '\(stage.key)' is in state '\(state)', which comes before the previous stage's state: keep stages grouped in state order")
                    }
                    lastStateIndex = stateIndex
                } else {
                    add("\(path).state", "unknown state '\(state)' (states: \(model.states.map(\.key).joined(separator: ", ")))")
                }
            } else if !model.states.isEmpty {
                add("\(path).state", "stage '\(stage.key)' must name one of the model's states (\(model.states.map(\.key).joined(separator: ", ")))")
            }
            if let days = stage.expectedDays, days <= 0 {
                add("\(path).expected_days", "expected_days must be a positive number of days, not \(days)")
            }
            for (markerIndex, marker) in stage.markers.enumerated() {
                let markerPath = "\(path).markers[\(markerIndex)]"
                if !Key.isValid(marker.key) {
                    add("\(markerPath).key", "'\(marker.key)' is not a valid key: \(Key.rule)")
                } else if let other = markerKeys[marker.key] {
                    add("\(markerPath).key", "duplicate marker key '\(marker.key)' (also in stage '\(other)'); marker keys are unique within a model")
                } else {
                    markerKeys[marker.key] = stage.key
                }
                if marker.names.isBlank { add("\(markerPath).names", "marker '\(marker.key)' needs a name") }
            }
            switch model.kind {
            case .guided:
                if stage.rule != nil { add("\(path).rule", "only derived models have rules; a guided model is moved by people") }
            case .derived:
                if !stage.markers.isEmpty { add("\(path).markers", "a derived model has no markers: its stages are computed from evidence") }
                if let rule = stage.rule {
                    if rule.trimmingSpaces.isEmpty {
                        add("\(path).rule", "the rule is empty")
                    } else if let problem = checkRule(rule) {
                        add("\(path).rule", problem)
                    }
                }
            }
        }

        checkMirror(model, others: others, add: add)
        if let clock = model.clock {
            if clock.days <= 0 { add("clock.days", "the clock must run a positive number of days") }
            if model.stage(clock.startsAt) == nil { add("clock.starts_at", "unknown stage '\(clock.startsAt)'") }
        }
        checkStageList(model.stallZone, model: model, path: "stall_zone", add: add)
        if model.kind == .guided, !model.evaluationOrder.isEmpty {
            add("evaluation_order", "only derived models have an evaluation order")
        }
        if model.kind == .derived, !model.evaluationOrder.isEmpty {
            checkStageList(model.evaluationOrder, model: model, path: "evaluation_order", add: add)
            let missing = model.stages.map(\.key).filter { !model.evaluationOrder.contains($0) }
            if !missing.isEmpty { add("evaluation_order", "must list every stage; missing: \(missing.joined(separator: ", "))") }
        }
        return issues
    }

    private static func checkKey(
        _ key: String, path: String, seen: inout [String: Int], index: Int, noun: String, add: (String, String) -> Void
    ) {
        if !Key.isValid(key) {
            add("\(path).key", "'\(key)' is not a valid key: \(Key.rule)")
        } else if let other = seen[key] {
            add("\(path).key", "duplicate \(noun) key '\(key)' (also at position \(other + 1))")
        } else {
            seen[key] = index
        }
    }

    private static func checkMirror(_ model: JourneyModel, others: [String: JourneyModel], add: (String, String) -> Void) {
        guard let mirrorKey = model.mirrorOf else {
            for (index, stage) in model.stages.enumerated() where stage.mirrors != nil {
                add("stages[\(index)].mirrors", "stage '\(stage.key)' mirrors a state but the model has no mirror_of")
            }
            return
        }
        guard mirrorKey != model.key else { return add("mirror_of", "a model cannot mirror itself") }
        guard let mirrored = others[mirrorKey] else {
            return add("mirror_of", "'\(mirrorKey)' is not a model in this workspace")
        }
        for (index, stage) in model.stages.enumerated() {
            guard let state = stage.mirrors else { continue }
            if mirrored.state(state) == nil {
                let known = mirrored.states.map(\.key).joined(separator: ", ")
                add("stages[\(index)].mirrors", "'\(state)' is not a state of '\(mirrorKey)' (its states: \(known.isEmpty ? "none" : known))")
            }
        }
    }

    private static func checkStageList(_ keys: [String], model: JourneyModel, path: String, add: (String, String) -> Void) {
        var seen = Set<String>()
        for (index, key) in keys.enumerated() {
            if model.stage(key) == nil { add("\(path)[\(index)]", "unknown stage '\(key)'") }
            if !seen.insert(key).inserted { add("\(path)[\(index)]", "stage '\(key)' is listed twice") }
        }
    }

    private static func isColor(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.first == UInt8(ascii: "#"), bytes.count == 7 || bytes.count == 4 else { return false }
        return bytes.dropFirst().allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) || ($0 >= 65 && $0 <= 70) }
    }
}
