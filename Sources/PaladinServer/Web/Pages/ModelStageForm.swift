import PaladinCore

/// The structured form of one stage on the model page: its name, purpose and playbook in the member's language, the
/// expected duration in days, and its markers (rename in the member's language, remove, add one). Applying it gives a
/// new version of the whole model, which is then saved through the API's use case (so validated the same way); the
/// other languages' texts are kept.
enum ModelStageForm {
    /// One marker row of the form.
    struct MarkerField {
        let key: String
        let name: String
        let required: Bool
        let remove: Bool
        let nameField: String
        let removeField: String
        let nameId: String
        let removeId: String
    }

    /// What the form shows: the stage's values, or what was entered with the messages of a refused save.
    struct View {
        let stage: String
        let action: String
        let idPrefix: String
        var name: String
        var purpose: String
        var playbook: String
        var expectedDays: String
        var markers: [MarkerField]
        var newMarkerKey = ""
        var newMarkerName = ""
        var newMarkerRequired = true
        /// Messages by field name (in the member's language), and the validator's messages for the whole stage.
        var fieldErrors: [String: String] = [:]
        var errors: [String] = [] {
            didSet { hasMessages = !errors.isEmpty }
        }
        var hasMessages = false
        var hasErrors = false
    }

    static func markerField(_ key: String, name: String, required: Bool, remove: Bool, stage: String) -> MarkerField {
        MarkerField(key: key, name: name, required: required, remove: remove, nameField: "marker_name.\(key)",
                    removeField: "marker_remove.\(key)", nameId: "s-\(stage)-m-\(key)-name", removeId: "s-\(stage)-m-\(key)-remove")
    }

    /// The form of `stage` as stored, in `language`.
    static func view(of stage: Stage, model: String, language: String) -> View {
        View(
            stage: stage.key, action: "/models/\(model)/stages/\(stage.key)", idPrefix: "s-\(stage.key)", name: stage.names.values[language] ?? stage.names.text(language),
            purpose: stage.purpose.values[language] ?? stage.purpose.text(language),
            playbook: stage.playbook.map { $0.values[language] ?? $0.text(language) }.joined(separator: "\n"),
            expectedDays: stage.expectedDays.map(String.init) ?? "",
            markers: stage.markers.map {
                markerField($0.key, name: $0.names.values[language] ?? $0.names.text(language), required: $0.required, remove: false,
                            stage: stage.key)
            })
    }

    /// The form as it was POSTed (to show it again with its messages).
    static func view(of form: FormData, model: String, stage: Stage) -> View {
        let markers = stage.markers.map { marker in
            markerField(marker.key, name: form.raw("marker_name.\(marker.key)"), required: marker.required,
                        remove: form["marker_remove.\(marker.key)"] == "1", stage: stage.key)
        }
        let stage = stage.key
        return View(
            stage: stage, action: "/models/\(model)/stages/\(stage)", idPrefix: "s-\(stage)", name: form.raw("name"), purpose: form.raw("purpose"),
            playbook: form.raw("playbook"), expectedDays: form.raw("expected_days"), markers: markers,
            newMarkerKey: form.raw("new_marker_key"), newMarkerName: form.raw("new_marker_name"),
            newMarkerRequired: form["new_marker_required"] == "1")
    }

    /// `model` with the stage `key` changed as the form says; message keys of the catalog by field when a value
    /// cannot even be put in the model (the rest is the validator's job).
    static func apply(_ form: FormData, to model: JourneyModel, stage key: String, language: String)
        -> Result<JourneyModel, FieldErrors> {
        guard let index = model.stageIndex(key) else { return .failure(FieldErrors(["name": "error_required"])) }
        var errors: [String: String] = [:]
        var stage = model.stages[index]
        if let name = form["name"] { stage.names.values[language] = name } else { errors["name"] = "error_required" }
        if let purpose = form["purpose"] { stage.purpose.values[language] = purpose } else { stage.purpose.values[language] = nil }
        let steps = form.raw("playbook").split(whereSeparator: \.isNewline).map { $0.trimmingSpaces }.filter { !$0.isEmpty }
        stage.playbook = steps.enumerated().map { offset, step in
            var text = offset < stage.playbook.count ? stage.playbook[offset] : LocalizedText([:])
            text.values[language] = step
            return text
        }
        if let days = form["expected_days"] {
            if let value = Int(days), value >= 0 { stage.expectedDays = value } else { errors["expected_days"] = "error_days" }
        } else {
            stage.expectedDays = nil
        }
        stage.markers = stage.markers.compactMap { marker in
            if form["marker_remove.\(marker.key)"] == "1" { return nil }
            var kept = marker
            if let name = form["marker_name.\(marker.key)"] { kept.names.values[language] = name }
            return kept
        }
        let newKey = form["new_marker_key"]
        let newName = form["new_marker_name"]
        if let newKey {
            stage.markers.append(Marker(key: newKey, names: LocalizedText([language: newName ?? newKey]),
                                        required: form["new_marker_required"] == "1"))
        } else if newName != nil {
            errors["new_marker_key"] = "error_required"
        }
        guard errors.isEmpty else { return .failure(FieldErrors(errors)) }
        var edited = model
        edited.stages[index] = stage
        return .success(edited)
    }

    /// Message keys by field name.
    struct FieldErrors: Error {
        let values: [String: String]
        init(_ values: [String: String]) { self.values = values }
        func mapValues(_ transform: (String) -> String) -> [String: String] { values.mapValues(transform) }
    }
}
