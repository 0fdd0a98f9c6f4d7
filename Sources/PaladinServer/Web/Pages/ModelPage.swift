import Foundation
import Hummingbird
import PaladinCore
import PaladinStore

/// `GET /models/{key}`: one model in full — states with their colours (a swatch and the colour's name in words),
/// stages in order with purpose, markers, playbook, expected duration, mirrors and rules, in the member's language —
/// and, for owners and managers, a form per stage and the whole model as YAML to edit. Every save goes through the
/// API's use case (`importModel`, replacing the model): the same validation, one transaction, nothing written on an
/// error; the form comes back with status 422 (409 when the store refuses, e.g. removing a stage that holds
/// customers) and the messages naming the field or the YAML line. `GET /models/{key}.yaml` downloads the document.
enum ModelPage {
    struct StateItem {
        let key: String
        let name: String
        let swatch: String
        let colorName: String
        let color: String
        let decision: String?
    }

    struct MarkerItem {
        let key: String
        let name: String
        /// Not `description`: a missing value would be looked up in the enclosing page (the model's description).
        let detail: String?
        let required: Bool
    }

    struct StageItem {
        let number: Int
        let key: String
        let anchor: String
        let name: String
        let stateName: String?
        let swatch: String
        let colorName: String?
        let mirrors: String?
        let purpose: String?
        let expectedDays: Int?
        let markers: [MarkerItem]
        let hasMarkers: Bool
        let playbook: [String]
        let rule: String?
        let customers: Int
        let inStallZone: Bool
        let form: ModelStageForm.View
    }

    struct YAMLForm {
        var text: String
        var errors: [String] = []
        var hasErrors = false
    }

    struct Model {
        let key: String
        let name: String
        let description: String?
        let kind: String
        let origin: String
        let rules: [String]
        let mirrorOf: String?
        let clock: String?
        let stallZone: String?
        let evaluationOrder: String?
        let states: [StateItem]
        let hasStates: Bool
        let stages: [StageItem]
        let canEdit: Bool
        let languageName: String
        let exportHref: String
        /// The stored version the forms were made from: a save from an older page is refused (no lost update).
        let version: Int64
        let yamlAction: String
        let yaml: YAMLForm
    }

    static func add(to pages: RouterGroup<WebContext>, environment: WebEnvironment) {
        pages.get("/models/{key}") { request, context in
            let key = try context.parameters.require("key")
            let session = context.workspace(environment.database)
            if key.hasSuffix(".yaml") {
                return try await export(String(key.dropLast(5)), session: session)
            }
            let model = try await find(key, session)
            return try await render(model, request, context, environment, stageForm: nil, yaml: nil, status: .ok)
        }
        pages.post("/models/{key}/stages/{stage}") { request, context in
            try ModelListPage.requireModelEditor(context)
            let session = context.workspace(environment.database)
            let model = try await find(try context.parameters.require("key"), session)
            let stageKey = try context.parameters.require("stage")
            guard let stage = model.stage(stageKey) else { throw WebError.notFound }
            var view = ModelStageForm.view(of: context.form, model: model.key, stage: stage)
            let catalog = environment.renderer.catalog
            if try await isStale(context, session, model.key) {
                view.errors = [catalog.text("model_stale", context.language)]
                view.hasErrors = true
                return try await render(model, request, context, environment, stageForm: view, yaml: nil, status: .conflict)
            }
            switch ModelStageForm.apply(context.form, to: model, stage: stageKey, language: context.language) {
            case .failure(let fieldErrors):
                view.fieldErrors = fieldErrors.mapValues { catalog.text($0, context.language) }
                view.hasErrors = true
                return try await render(model, request, context, environment, stageForm: view, yaml: nil, status: .unprocessableContent)
            case .success(let edited):
                do {
                    _ = try await session.importModel(ModelDocument.yaml(edited), source: "form", as: .replace(model.key))
                } catch let failure as PaladinError {
                    let (messages, status) = messages(failure, withLines: false)
                    view.errors = messages
                    view.hasErrors = true
                    return try await render(model, request, context, environment, stageForm: view, yaml: nil, status: status)
                }
                return WebRoutes.redirect("/models/\(model.key)?done=model_saved#stage-\(stageKey)")
            }
        }
        pages.post("/models/{key}/yaml") { request, context in
            try ModelListPage.requireModelEditor(context)
            let session = context.workspace(environment.database)
            let model = try await find(try context.parameters.require("key"), session)
            let text = context.form.raw("yaml")
            if try await isStale(context, session, model.key) {
                let form = YAMLForm(text: text, errors: [environment.renderer.catalog.text("model_stale", context.language)], hasErrors: true)
                return try await render(model, request, context, environment, stageForm: nil, yaml: form, status: .conflict)
            }
            do {
                _ = try await session.importModel(text, source: "yaml", as: .replace(model.key))
            } catch let failure as PaladinError {
                let (messages, status) = messages(failure, withLines: true)
                let form = YAMLForm(text: text, errors: messages, hasErrors: true)
                return try await render(model, request, context, environment, stageForm: nil, yaml: form, status: status)
            }
            return WebRoutes.redirect("/models/\(model.key)?done=model_saved")
        }
    }

    /// Whether the form was made from another version of the model than the stored one (someone saved since).
    /// A form without a version (a script) is not checked. The check is made just before the save; the window left
    /// between them is that of one request.
    static func isStale(_ context: WebContext, _ session: WorkspaceSession, _ key: String) async throws -> Bool {
        guard let sent = context.form["version"] else { return false }
        let stored = try await session.models().first { $0.model.key == key }?.version
        return Int64(sent) != stored
    }

    /// The model `key` of the workspace; 404 otherwise.
    static func find(_ key: String, _ session: WorkspaceSession) async throws -> JourneyModel {
        guard let model = try await session.models().first(where: { $0.model.key == key })?.model else { throw WebError.notFound }
        return model
    }

    /// The model's YAML document as a download.
    static func export(_ key: String, session: WorkspaceSession) async throws -> Response {
        let model = try await find(key, session)
        let safeName = String(model.key.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || "0123456789-_.".unicodeScalars.contains($0)) })
        let headers: HTTPFields = [
            .contentType: "application/yaml; charset=utf-8",
            .contentDisposition: "attachment; filename=\"\(safeName.isEmpty ? "model" : safeName).yaml\"",
            .cacheControl: "no-store",
        ]
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: ModelDocument.yaml(model))))
    }

    /// A refused save as messages and the status of the page: a rejected document lists every issue (with its YAML
    /// line when the text is the member's own), a refusal by the store (a stage that holds customers) is a conflict.
    static func messages(_ failure: PaladinError, withLines: Bool) -> ([String], HTTPResponse.Status) {
        switch failure {
        case .model(let error):
            let lines = error.issues.map { issue -> String in
                guard withLines, let line = issue.line else { return issue.description }
                return "line \(line): \(issue)"
            }
            return (lines, .unprocessableContent)
        case .invalid(let field, let message): return (["\(field): \(message)"], .unprocessableContent)
        case .conflict(let message): return ([message], .conflict)
        case .notFound(let message): return ([message], .notFound)
        case .refused(let refusal): return ([refusal.description], .conflict)
        }
    }

    static func render(
        _ model: JourneyModel, _ request: Request, _ context: WebContext, _ environment: WebEnvironment,
        stageForm: ModelStageForm.View?, yaml: YAMLForm?, status: HTTPResponse.Status
    ) async throws -> Response {
        let session = context.workspace(environment.database)
        let stored = try await session.models()
        let counts = try await JourneyStore(session.database.sql, workspace: session.workspace.id).stageCounts(model: model.key)
        let current = stored.first { $0.model.key == model.key }
        let page = build(
            model, builtIn: current?.builtIn ?? false, version: current?.version ?? 0,
            others: Dictionary(stored.map { ($0.model.key, $0.model) }, uniquingKeysWith: { a, _ in a }), counts: counts,
            language: context.language, canEdit: context.session.role.worksEveryCustomer, catalog: environment.renderer.catalog,
            stageForm: stageForm, yaml: yaml)
        return try context.chrome(request).render("model", titleKey: "nav_models", title: page.name, page: page, status: status,
                                                  renderer: environment.renderer)
    }

    /// The page model of `model`; `stageForm` and `yaml` carry a refused form's entries and messages.
    static func build(
        _ model: JourneyModel, builtIn: Bool, version: Int64, others: [String: JourneyModel], counts: [String: Int], language: String, canEdit: Bool,
        catalog: MessageCatalog, stageForm: ModelStageForm.View?, yaml: YAMLForm?
    ) -> Model {
        func t(_ key: String) -> String { catalog.text(key, language) }
        func stageName(_ key: String) -> String { model.stage(key)?.names.text(language) ?? key }
        let mirrored = model.mirrorOf.flatMap { others[$0] }
        let states = model.states.map { state in
            StateItem(key: state.key, name: state.names.text(language), swatch: Swatch.name(state.color),
                      colorName: colorName(state.color, t), color: state.color, decision: state.decision.text(language).nilIfEmpty)
        }
        let stages = model.stages.enumerated().map { index, stage in
            let state = stage.state.flatMap { model.state($0) }
            return StageItem(
                number: index + 1, key: stage.key, anchor: "stage-\(stage.key)", name: stage.names.text(language),
                stateName: state?.names.text(language), swatch: Swatch.name(state?.color), colorName: state.map { colorName($0.color, t) },
                mirrors: stage.mirrors.map { key in mirrored?.state(key)?.names.text(language) ?? key },
                purpose: stage.purpose.text(language).nilIfEmpty, expectedDays: stage.expectedDays,
                markers: stage.markers.map {
                    MarkerItem(key: $0.key, name: $0.names.text(language), detail: $0.description.text(language).nilIfEmpty, required: $0.required)
                },
                hasMarkers: !stage.markers.isEmpty, playbook: stage.playbook.map { $0.text(language) }, rule: stage.rule,
                customers: counts[stage.key] ?? 0, inStallZone: model.stallZone.contains(stage.key),
                form: stageForm?.stage == stage.key ? stageForm! : ModelStageForm.view(of: stage, model: model.key, language: language))
        }
        var rules: [String] = [t(model.kind == .guided ? "model_rule_guided" : "model_rule_derived")]
        if model.cyclic { rules.append(t("model_rule_cyclic")) }
        return Model(
            key: model.key, name: model.names.text(language), description: model.description.text(language).nilIfEmpty,
            kind: t("model_kind_\(model.kind.rawValue)"), origin: t(builtIn ? "model_built_in" : "model_custom"), rules: rules,
            mirrorOf: model.mirrorOf.map { mirrored?.names.text(language) ?? $0 },
            clock: model.clock.map { "\($0.days) \(t("days")) · \(t("model_clock_from")) \(stageName($0.startsAt))" },
            stallZone: model.stallZone.isEmpty ? nil : model.stallZone.map(stageName).joined(separator: ", "),
            evaluationOrder: model.evaluationOrder.isEmpty ? nil : model.evaluationOrder.map(stageName).joined(separator: " → "),
            states: states, hasStates: !states.isEmpty, stages: stages, canEdit: canEdit,
            languageName: MessageCatalog.names[language] ?? language, exportHref: "/models/\(model.key).yaml",
            version: version, yamlAction: "/models/\(model.key)/yaml", yaml: yaml ?? YAMLForm(text: ModelDocument.yaml(model)))
    }

    /// The colour in words in the member's language (colour never carries meaning alone); unknown ones by their code.
    static func colorName(_ color: String, _ t: (String) -> String) -> String {
        switch Swatch.name(color) {
        case "swatch-red": return t("color_red")
        case "swatch-amber": return t("color_amber")
        case "swatch-green": return t("color_green")
        case "swatch-blue": return t("color_blue")
        default: return "\(t("color_other")) \(color)"
        }
    }
}
