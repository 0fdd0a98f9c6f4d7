import PaladinCore
import PaladinStore

/// One extra question of the web form that creates a campaign: its fields are `q{i}_kind`, `q{i}_label`, `q{i}_min`,
/// `q{i}_max`, `q{i}_choices` (one per line) and `q{i}_required`, with `questions` their count; the form adds and
/// removes them by submitting itself (`action=add_question`, `action=remove_question_{i}`).
struct QuestionSlot {
    /// What the form holds for one question.
    struct Entered {
        var kind = SurveyQuestion.Kind.text.rawValue
        var label = ""
        var min = "1"
        var max = "5"
        var choices = ""
        var required = false
    }

    struct Kind {
        let value: String
        let label: String
        let selected: Bool
    }

    let index: Int
    let number: Int
    let kinds: [Kind]
    let label: String
    let min: String
    let max: String
    let choices: String
    let required: Bool
    let removeValue: String

    init(_ entered: Entered, index: Int, catalog t: [String: String]) {
        self.index = index
        number = index + 1
        kinds = SurveyQuestion.Kind.allCases.map {
            Kind(value: $0.rawValue, label: t["surveys_kind_\($0.rawValue)"] ?? $0.rawValue, selected: $0.rawValue == entered.kind)
        }
        label = entered.label
        min = entered.min
        max = entered.max
        choices = entered.choices
        required = entered.required
        removeValue = "remove_question_\(index)"
    }

    /// The questions a submitted form holds (at most ``SurveyQuestion/maxQuestions``).
    static func read(_ form: FormData) -> [Entered] {
        let count = Swift.min(Swift.max(Int(form.raw("questions")) ?? 0, 0), SurveyQuestion.maxQuestions)
        return (0..<count).map { i in
            Entered(kind: form.raw("q\(i)_kind"), label: form.raw("q\(i)_label"), min: form.raw("q\(i)_min"), max: form.raw("q\(i)_max"),
                    choices: form.raw("q\(i)_choices"), required: !form.raw("q\(i)_required").isEmpty)
        }
    }
}

extension QuestionSlot.Entered {
    struct Problem: Error {
        let message: String
    }

    /// The question under `key`, or why the entered fields do not make one (the store checks the rest).
    func question(key: String) -> Result<SurveyQuestion, Problem> {
        guard let kind = SurveyQuestion.Kind(rawValue: kind) else { return .failure(Problem(message: "choose scale, choice or text")) }
        switch kind {
        case .scale:
            guard let low = Int(min.trimmingSpaces), let high = Int(max.trimmingSpaces) else {
                return .failure(Problem(message: "a scale's ends are whole numbers"))
            }
            return .success(SurveyQuestion(key: key, kind: .scale, label: label.trimmingSpaces, min: low, max: high, required: required))
        case .choice:
            let list = choices.split(whereSeparator: \.isNewline).map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
            return .success(SurveyQuestion(key: key, kind: .choice, label: label.trimmingSpaces, choices: list, required: required))
        case .text:
            return .success(SurveyQuestion(key: key, kind: .text, label: label.trimmingSpaces, required: required))
        }
    }
}
