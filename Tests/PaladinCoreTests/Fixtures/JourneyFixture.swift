@testable import PaladinCore

/// Small models, positions, moves and marker records that the journey tests are built from.
enum JourneyFixture {
    /// 2026-01-01T00:00:00Z: every scenario's day 0.
    static let start = Timestamp(seconds: 1_767_225_600)

    /// Midnight UTC `days` after `start`.
    static func day(_ days: Int) -> Timestamp { start.adding(days: days) }

    /// A marker named after its key.
    static func marker(_ key: String, required: Bool = true) -> Marker {
        Marker(key: key, names: LocalizedText(english: key), required: required)
    }

    /// A stage named after its key.
    static func stage(_ key: String, markers: [Marker] = [], rule: String? = nil) -> Stage {
        Stage(key: key, names: LocalizedText(english: key), markers: markers, rule: rule)
    }

    /// A guided sales model: contact → proposal → decision → delivery.
    /// `contact` needs two markers and has one optional one; `decision` has none.
    static func sales(cyclic: Bool = false) -> JourneyModel {
        JourneyModel(
            key: cyclic ? "sales-cycle" : "sales", cyclic: cyclic, names: LocalizedText(english: "Sales"),
            stages: [
                stage("contact", markers: [marker("named-problem"), marker("budget-known"), marker("met-in-person", required: false)]),
                stage("proposal", markers: [marker("offer-sent")]),
                stage("decision"),
                stage("delivery", markers: [marker("result-confirmed")]),
            ]
        )
    }

    /// A derived ladder: suspect → prospect → client, computed by rules.
    static func ladder() -> JourneyModel {
        JourneyModel(
            key: "ladder", kind: .derived, names: LocalizedText(english: "Ladder"),
            evaluationOrder: ["client", "prospect", "suspect"],
            stages: [
                stage("suspect", rule: "true"),
                stage("prospect", rule: "purchases >= 0"),
                stage("client", rule: "purchases >= 2"),
            ]
        )
    }

    /// A position at `stage`, reached on day `since`, in a cycle that began on day `cycleStarted`.
    static func position(
        _ stage: String, in model: String = "sales", since: Int = 0, cycleStarted: Int = 0,
        isOverride: Bool = false, computed: String? = nil
    ) -> Position {
        Position(
            model: model, stage: stage, since: day(since), isOverride: isOverride, computedStage: computed,
            cycleStartedAt: day(cycleStarted)
        )
    }

    /// A recorded move of `kind` to `to` on day `on`.
    static func move(_ kind: MoveKind, to: String?, from: String? = nil, on days: Int, model: String = "sales") -> Move {
        Move(id: 0, customerId: 1, model: model, from: from, to: to, kind: kind, at: day(days), actor: "ana@example.com")
    }

    /// `marker` recorded as met on day `on`.
    static func record(_ marker: String, on days: Int, model: String = "sales") -> MarkerRecord {
        MarkerRecord(id: 0, customerId: 1, model: model, marker: marker, at: day(days), actor: "ana@example.com")
    }
}
