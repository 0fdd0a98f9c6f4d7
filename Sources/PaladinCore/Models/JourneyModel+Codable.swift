import Foundation

extension CodingUserInfoKey {
    /// When set to `true`, optional fields are written as explicit nulls (the JSON views do this).
    public static let paladinExplicitNulls = CodingUserInfoKey(rawValue: "paladin.explicitNulls")!
}

// The document form of a model (YAML and JSON): snake_case keys, empty parts omitted.
extension JourneyModel {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case key, kind, cyclic, names, description
        case mirrorOf = "mirror_of", clock
        case stallZone = "stall_zone", evaluationOrder = "evaluation_order"
        case states, stages
    }

    /// Decodes the document form; omitted optional parts default to empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            key: try c.decode(String.self, forKey: .key),
            kind: try c.decodeIfPresent(ModelKind.self, forKey: .kind) ?? .guided,
            cyclic: try c.decodeIfPresent(Bool.self, forKey: .cyclic) ?? false,
            names: try c.decode(LocalizedText.self, forKey: .names),
            description: try c.decodeIfPresent(LocalizedText.self, forKey: .description) ?? LocalizedText([:]),
            mirrorOf: try c.decodeIfPresent(String.self, forKey: .mirrorOf),
            clock: try c.decodeIfPresent(RelationshipClock.self, forKey: .clock),
            stallZone: try c.decodeIfPresent([String].self, forKey: .stallZone) ?? [],
            evaluationOrder: try c.decodeIfPresent([String].self, forKey: .evaluationOrder) ?? [],
            states: try c.decodeIfPresent([JourneyState].self, forKey: .states) ?? [],
            stages: try c.decode([Stage].self, forKey: .stages)
        )
    }

    /// Encodes the document form.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let nulls = encoder.userInfo[.paladinExplicitNulls] as? Bool ?? false
        try c.encode(key, forKey: .key)
        try c.encode(kind, forKey: .kind)
        try c.encode(cyclic, forKey: .cyclic)
        try c.encode(names, forKey: .names)
        if !description.values.isEmpty { try c.encode(description, forKey: .description) }
        if nulls || mirrorOf != nil { try c.encode(mirrorOf, forKey: .mirrorOf) }
        if let clock { try c.encode(clock, forKey: .clock) }
        if !stallZone.isEmpty { try c.encode(stallZone, forKey: .stallZone) }
        if !evaluationOrder.isEmpty { try c.encode(evaluationOrder, forKey: .evaluationOrder) }
        if nulls || !states.isEmpty { try c.encode(states, forKey: .states) }
        try c.encode(stages, forKey: .stages)
    }
}

extension JourneyState {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case key, names, color, decision
    }
}

extension Stage {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case key, names, state, mirrors, purpose
        case expectedDays = "expected_days"
        case markers, playbook, rule
    }

    /// Decodes the document form; omitted optional parts default to empty.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            key: try c.decode(String.self, forKey: .key),
            names: try c.decode(LocalizedText.self, forKey: .names),
            state: try c.decodeIfPresent(String.self, forKey: .state),
            mirrors: try c.decodeIfPresent(String.self, forKey: .mirrors),
            purpose: try c.decodeIfPresent(LocalizedText.self, forKey: .purpose) ?? LocalizedText([:]),
            expectedDays: try c.decodeIfPresent(Int.self, forKey: .expectedDays),
            markers: try c.decodeIfPresent([Marker].self, forKey: .markers) ?? [],
            playbook: try c.decodeIfPresent([LocalizedText].self, forKey: .playbook) ?? [],
            rule: try c.decodeIfPresent(String.self, forKey: .rule)
        )
    }

    /// Encodes the document form.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        let nulls = encoder.userInfo[.paladinExplicitNulls] as? Bool ?? false
        try c.encode(key, forKey: .key)
        try c.encode(names, forKey: .names)
        if nulls || state != nil { try c.encode(state, forKey: .state) }
        if let mirrors { try c.encode(mirrors, forKey: .mirrors) }
        if !purpose.values.isEmpty { try c.encode(purpose, forKey: .purpose) }
        if nulls || expectedDays != nil { try c.encode(expectedDays, forKey: .expectedDays) }
        if nulls || !markers.isEmpty { try c.encode(markers, forKey: .markers) }
        if !playbook.isEmpty { try c.encode(playbook, forKey: .playbook) }
        if let rule { try c.encode(rule, forKey: .rule) }
    }
}

extension Marker {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case key, names, description, required
    }

    /// Decodes the document form; `required` defaults to true.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            key: try c.decode(String.self, forKey: .key),
            names: try c.decode(LocalizedText.self, forKey: .names),
            description: try c.decodeIfPresent(LocalizedText.self, forKey: .description) ?? LocalizedText([:]),
            required: try c.decodeIfPresent(Bool.self, forKey: .required) ?? true
        )
    }

    /// Encodes the document form.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(key, forKey: .key)
        try c.encode(names, forKey: .names)
        if !description.values.isEmpty { try c.encode(description, forKey: .description) }
        try c.encode(required, forKey: .required)
    }
}

extension RelationshipClock {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case days
        case startsAt = "starts_at"
    }
}
