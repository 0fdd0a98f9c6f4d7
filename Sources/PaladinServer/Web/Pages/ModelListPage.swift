import Foundation
import Hummingbird
import PaladinCore
import PaladinStore
import Yams

/// `GET /models`: the workspace's models (built-in and custom) with kind, number of stages and customers placed, and
/// — for owners and managers — the form that imports a model from a YAML file or pasted YAML, as a new model or
/// replacing the one with the same key (after a confirmation). Validation is the API's: `importModel`.
enum ModelListPage {
    struct Item {
        let key: String
        let name: String
        let kind: String
        let origin: String
        let stages: Int
        let customers: Int
        let href: String
        let exportHref: String
    }

    /// The import form: what was entered and what went wrong (messages in the member's language or the validator's).
    struct ImportForm {
        var yaml = ""
        var replace = false
        var errors: [String] = []
        var hasErrors = false
    }

    struct Model {
        let items: [Item]
        let canEdit: Bool
        let form: ImportForm
    }

    /// The confirmation asked before a model is replaced by an imported document.
    struct ReplaceConfirmation {
        let key: String
        let name: String
        let stages: Int
        let customers: Int
        let newName: String
        let newStages: Int
        let yaml: String
        let href: String
    }

    static func add(to pages: RouterGroup<WebContext>, environment: WebEnvironment) {
        pages.get("/models") { request, context in
            try await render(request, context, environment, form: ImportForm(), status: .ok)
        }
        pages.post("/models/import") { request, context in
            try requireModelEditor(context)
            let form = context.form
            let replace = form["mode"] == "replace"
            var entered = ImportForm(yaml: form.raw("yaml"), replace: replace)
            let catalog = environment.renderer.catalog
            func refuse(_ messages: [String], _ status: HTTPResponse.Status) async throws -> Response {
                entered.errors = messages
                entered.hasErrors = true
                return try await render(request, context, environment, form: entered, status: status)
            }
            let text: String
            if let file = form.files["file"] {
                guard let decoded = String(validating: file.bytes, as: UTF8.self) else {
                    return try await refuse([catalog.text("error_utf8", context.language)], .unprocessableContent)
                }
                text = decoded
                entered.yaml = decoded
            } else if !form.raw("yaml").trimmingSpaces.isEmpty {
                text = form.raw("yaml")
            } else {
                return try await refuse([catalog.text("model_import_empty", context.language)], .unprocessableContent)
            }
            let session = context.workspace(environment.database)
            if replace {
                // The key decides which model is replaced; a document without one fails the API's validation below.
                if let key = documentKey(text) {
                    guard let existing = try await session.models().first(where: { $0.model.key == key })?.model else {
                        return try await refuse([catalog.text("model_replace_missing", context.language) + " (\(key))"], .unprocessableContent)
                    }
                    if form["confirmed"] != "1" {
                        let page = try await confirmation(existing, text: text, session: session, language: context.language)
                        return try context.chrome(request).render("model-replace", titleKey: "model_replace_title", page: page,
                                                                  renderer: environment.renderer)
                    }
                }
            }
            do {
                let key = documentKey(text) ?? ""
                let (stored, _) = try await session.importModel(text, source: "yaml", as: replace && !key.isEmpty ? .replace(key) : .add)
                return WebRoutes.redirect("/models/\(stored.model.key)?done=model_imported")
            } catch let failure as PaladinError {
                let (messages, status) = ModelPage.messages(failure, withLines: true)
                return try await refuse(messages, status)
            }
        }
    }

    /// 403 unless the member may add or change models (owners and managers) — the API's rule.
    static func requireModelEditor(_ context: WebContext) throws {
        guard context.session.role.worksEveryCustomer else { throw WebError.forbidden }
    }

    /// The `key` field of a YAML or JSON document, when it reads as a mapping with a text key.
    static func documentKey(_ text: String) -> String? {
        guard let node = try? Yams.compose(yaml: text), node.mapping != nil,
              let key = node["key"]?.string?.trimmingSpaces, !key.isEmpty else { return nil }
        return key
    }

    static func confirmation(_ existing: JourneyModel, text: String, session: WorkspaceSession, language: String) async throws
        -> ReplaceConfirmation {
        let counts = try await JourneyStore(session.database.sql, workspace: session.workspace.id).stageCounts(model: existing.key)
        let incoming = try? Yams.compose(yaml: text)
        let newStages = incoming?["stages"]?.sequence?.count ?? 0
        var newName = existing.names.text(language)
        if let names = incoming?["names"] {
            newName = names.string ?? names[language]?.string ?? names["en"]?.string ?? newName
        }
        return ReplaceConfirmation(
            key: existing.key, name: existing.names.text(language), stages: existing.stages.count,
            customers: counts.values.reduce(0, +), newName: newName, newStages: newStages, yaml: text, href: "/models/\(existing.key)")
    }

    static func render(
        _ request: Request, _ context: WebContext, _ environment: WebEnvironment, form: ImportForm, status: HTTPResponse.Status
    ) async throws -> Response {
        let session = context.workspace(environment.database)
        let language = context.language
        let catalog = environment.renderer.catalog
        let journeys = JourneyStore(session.database.sql, workspace: session.workspace.id)
        var items: [Item] = []
        for stored in try await session.models() {
            let model = stored.model
            let customers = try await journeys.stageCounts(model: model.key).values.reduce(0, +)
            items.append(Item(
                key: model.key, name: model.names.text(language), kind: catalog.text("model_kind_\(model.kind.rawValue)", language),
                origin: catalog.text(stored.builtIn ? "model_built_in" : "model_custom", language), stages: model.stages.count,
                customers: customers, href: "/models/\(model.key)", exportHref: "/models/\(model.key).yaml"))
        }
        let page = Model(items: items, canEdit: context.session.role.worksEveryCustomer, form: form)
        return try context.chrome(request).render("models", titleKey: "nav_models", page: page, status: status, renderer: environment.renderer)
    }
}
