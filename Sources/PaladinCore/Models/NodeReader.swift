import Yams

/// Reads a model out of a YAML node tree, collecting every problem with its line instead of stopping at the first.
struct NodeReader {
    private(set) var issues: [ModelIssue] = []
    private var lines: [String: Int] = [:]

    /// The line of the node at `path`, or of its nearest ancestor that has one.
    func line(for path: String) -> Int? {
        var current = Substring(path)
        while true {
            if let line = lines[String(current)] { return line }
            guard let cut = current.lastIndex(where: { $0 == "." || $0 == "[" }) else { return lines[""] }
            current = current[..<cut]
        }
    }

    mutating func model(_ node: Node) -> JourneyModel? {
        guard let fields = mapping(node, path: "", allowed: JourneyModel.CodingKeys.allCases.map(\.rawValue)) else { return nil }
        let key = string(fields["key"], path: "key", required: true)
        let names = localized(fields["names"], path: "names", required: true)
        var kind = ModelKind.guided
        if let text = string(fields["kind"], path: "kind") {
            if let parsed = ModelKind(rawValue: text) { kind = parsed } else { fail("kind", "'\(text)' is not a kind: use guided or derived") }
        }
        let clock = fields["clock"].flatMap { clockNode -> RelationshipClock? in
            guard let clockFields = mapping(clockNode, path: "clock", allowed: ["days", "starts_at"]) else { return nil }
            guard let days = int(clockFields["days"], path: "clock.days", required: true),
                let startsAt = string(clockFields["starts_at"], path: "clock.starts_at", required: true)
            else { return nil }
            return RelationshipClock(days: days, startsAt: startsAt)
        }
        let states = list(fields["states"], path: "states") { reader, node, path in reader.state(node, path: path) }
        let stages = list(fields["stages"], path: "stages", required: true) { reader, node, path in reader.stage(node, path: path) }
        guard let key, let names else { return nil }
        return JourneyModel(
            key: key, kind: kind, cyclic: bool(fields["cyclic"], path: "cyclic") ?? false, names: names,
            description: localized(fields["description"], path: "description") ?? LocalizedText([:]),
            mirrorOf: string(fields["mirror_of"], path: "mirror_of"), clock: clock,
            stallZone: strings(fields["stall_zone"], path: "stall_zone"),
            evaluationOrder: strings(fields["evaluation_order"], path: "evaluation_order"),
            states: states, stages: stages
        )
    }

    private mutating func state(_ node: Node, path: String) -> JourneyState? {
        guard let fields = mapping(node, path: path, allowed: JourneyState.CodingKeys.allCases.map(\.rawValue)) else { return nil }
        let key = string(fields["key"], path: "\(path).key", required: true)
        let names = localized(fields["names"], path: "\(path).names", required: true)
        let color = string(fields["color"], path: "\(path).color", required: true)
        let decision = localized(fields["decision"], path: "\(path).decision") ?? LocalizedText([:])
        guard let key, let names, let color else { return nil }
        return JourneyState(key: key, names: names, color: color, decision: decision)
    }

    private mutating func stage(_ node: Node, path: String) -> Stage? {
        guard let fields = mapping(node, path: path, allowed: Stage.CodingKeys.allCases.map(\.rawValue)) else { return nil }
        let key = string(fields["key"], path: "\(path).key", required: true)
        let names = localized(fields["names"], path: "\(path).names", required: true)
        let state = string(fields["state"], path: "\(path).state")
        let mirrors = string(fields["mirrors"], path: "\(path).mirrors")
        let purpose = localized(fields["purpose"], path: "\(path).purpose") ?? LocalizedText([:])
        let expectedDays = int(fields["expected_days"], path: "\(path).expected_days")
        let markers = list(fields["markers"], path: "\(path).markers") { reader, node, path in reader.marker(node, path: path) }
        let playbook = list(fields["playbook"], path: "\(path).playbook") { reader, node, path in
            reader.localized(node, path: path, required: true)
        }
        guard let key, let names else { return nil }
        return Stage(
            key: key, names: names, state: state, mirrors: mirrors, purpose: purpose, expectedDays: expectedDays,
            markers: markers, playbook: playbook, rule: string(fields["rule"], path: "\(path).rule")
        )
    }

    private mutating func marker(_ node: Node, path: String) -> Marker? {
        guard let fields = mapping(node, path: path, allowed: Marker.CodingKeys.allCases.map(\.rawValue)) else { return nil }
        let key = string(fields["key"], path: "\(path).key", required: true)
        let names = localized(fields["names"], path: "\(path).names", required: true)
        guard let key, let names else { return nil }
        return Marker(
            key: key, names: names,
            description: localized(fields["description"], path: "\(path).description") ?? LocalizedText([:]),
            required: bool(fields["required"], path: "\(path).required") ?? true
        )
    }

    // MARK: - Typed readers

    private mutating func fail(_ path: String, _ message: String) {
        issues.append(ModelIssue(path: path, line: line(for: path), message: message))
    }

    private mutating func note(_ node: Node, _ path: String) {
        if let line = node.mark?.line { lines[path] = line }
    }

    private mutating func mapping(_ node: Node, path: String, allowed: [String]) -> [String: Node]? {
        note(node, path)
        guard case .mapping(let mapping) = node else {
            fail(path, "expected a mapping of fields")
            return nil
        }
        var fields: [String: Node] = [:]
        for (keyNode, value) in mapping {
            guard let name = keyNode.string else { continue }
            let fieldPath = path.isEmpty ? name : "\(path).\(name)"
            note(keyNode, fieldPath)
            if !allowed.contains(name) {
                fail(fieldPath, "unknown field '\(name)' (expected one of: \(allowed.joined(separator: ", ")))")
            } else if case .scalar(let scalar) = value, scalar.style == .plain, scalar.string.isEmpty || value.null != nil {
                continue  // `field:`, `field: null` and `field: ~` are treated as absent
            } else {
                fields[name] = value
            }
        }
        return fields
    }

    private mutating func string(_ node: Node?, path: String, required: Bool = false) -> String? {
        guard let node else {
            if required { fail(path, "is missing") }
            return nil
        }
        guard case .scalar(let scalar) = node else {
            fail(path, "expected a text")
            return nil
        }
        let value = scalar.string.trimmingSpaces
        if required, value.isEmpty { fail(path, "is empty") }
        return value
    }

    private mutating func int(_ node: Node?, path: String, required: Bool = false) -> Int? {
        guard let node else {
            if required { fail(path, "is missing") }
            return nil
        }
        guard let value = node.int else {
            fail(path, "expected a whole number, found '\(node.string ?? "a structure")'")
            return nil
        }
        return value
    }

    private mutating func bool(_ node: Node?, path: String) -> Bool? {
        guard let node else { return nil }
        guard let value = node.bool else {
            fail(path, "expected true or false, found '\(node.string ?? "a structure")'")
            return nil
        }
        return value
    }

    private mutating func strings(_ node: Node?, path: String) -> [String] {
        list(node, path: path) { reader, item, itemPath in reader.string(item, path: itemPath, required: true) }
    }

    mutating func localized(_ node: Node?, path: String, required: Bool = false) -> LocalizedText? {
        guard let node else {
            if required { fail(path, "is missing") }
            return nil
        }
        note(node, path)
        switch node {
        case .scalar(let scalar):
            let text = scalar.string.trimmingSpaces
            if required, text.isEmpty { fail(path, "is empty") }
            return LocalizedText(["en": text])
        case .mapping(let mapping):
            var values: [String: String] = [:]
            for (keyNode, value) in mapping {
                guard let language = keyNode.string else { continue }
                guard isLanguageCode(language) else {
                    fail("\(path).\(language)", "'\(language)' is not a language code (use e.g. en, ro, ru, pl, it)")
                    continue
                }
                guard case .scalar(let scalar) = value else {
                    fail("\(path).\(language)", "expected a text")
                    continue
                }
                values[language] = scalar.string.trimmingSpaces
            }
            let text = LocalizedText(values)
            if required, text.isBlank { fail(path, "is empty") }
            return text
        default:
            fail(path, "expected a text or a mapping of language to text")
            return nil
        }
    }

    private mutating func list<T>(
        _ node: Node?, path: String, required: Bool = false, item: (inout NodeReader, Node, String) -> T?
    ) -> [T] {
        guard let node else {
            if required { fail(path, "is missing") }
            return []
        }
        note(node, path)
        guard case .sequence(let sequence) = node else {
            fail(path, "expected a list")
            return []
        }
        var items: [T] = []
        for (index, element) in sequence.enumerated() {
            let itemPath = "\(path)[\(index)]"
            note(element, itemPath)
            if let value = item(&self, element, itemPath) { items.append(value) }
        }
        return items
    }

    private func isLanguageCode(_ text: String) -> Bool {
        let parts = text.split(separator: "-", maxSplits: 1)
        guard let first = parts.first, (2...3).contains(first.count) else { return false }
        return first.allSatisfy { $0.isASCII && $0.isLowercase }
    }
}
