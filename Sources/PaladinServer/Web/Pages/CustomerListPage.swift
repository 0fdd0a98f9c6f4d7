import Foundation
import Hummingbird
import PaladinCore
import PaladinStore

/// `GET /customers`: the customers of the workspace, filtered by model and stage, owner, tag and text, sorted, keyset
/// paged with the API's own query and cursors; `GET /customers.csv` exports them (the export use case).
enum CustomerListPage {
    struct Row {
        let href: String
        let name: String
        let externalId: String
        let company: String
        let owner: String
        let tags: String
    }

    struct Option {
        let value: String
        let label: String
        let selected: Bool
    }

    struct Model {
        var rows: [Row] = []
        var models: [Option] = []
        var stages: [Option] = []
        var owner = ""
        var tag = ""
        var q = ""
        var sorts: [Option] = []
        var nextHref: String?
        var error: String?
        // Stored, not computed: templates see stored properties only (Mirror).
        var empty = true
        var hasStages = false
    }

    static func add(to pages: RouterGroup<WebContext>, environment: WebEnvironment) {
        pages.get("/customers") { request, context in
            let (model, status) = try await build(request.uri.queryParameters, session: context.workspace(environment.database),
                                                  language: context.language, catalog: environment.renderer.catalog)
            return try context.chrome(request).render("customers", titleKey: "nav_customers", page: model, status: status,
                                                      renderer: environment.renderer)
        }
        pages.get("/customers.csv") { _, context in
            let session = context.workspace(environment.database)
            let body = ResponseBody { writer in
                try await writer.write(ByteBuffer(string: CSVWriter.line(ExportKind.customers.header)))
                try await session.export(.customers) { rows in
                    try await writer.write(ByteBuffer(string: rows.map { CSVWriter.line($0.map(\.cell)) }.joined()))
                }
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"customers.csv\"",
            ], body: body)
        }
    }

    /// The page's model for a query; a malformed or unknown filter shows the form with a message and its status (400/422).
    static func build(
        _ parameters: Parameters, session: WorkspaceSession, language: String, catalog: MessageCatalog
    ) async throws -> (Model, HTTPResponse.Status) {
        var model = Model()
        let chosenModel = parameters.get("model") ?? ""
        let chosenStage = parameters.get("stage") ?? ""
        let chosenSort = parameters.get("sort") ?? "name"
        model.owner = parameters.get("owner") ?? ""
        model.tag = parameters.get("tag") ?? ""
        model.q = parameters.get("q") ?? ""
        let stored = try await session.models().map(\.model)
        model.models = [Option(value: "", label: catalog.text("filter_any_model", language), selected: chosenModel.isEmpty)]
            + stored.map { Option(value: $0.key, label: $0.names.text(language), selected: $0.key == chosenModel) }
        if let selected = stored.first(where: { $0.key == chosenModel }) {
            model.stages = [Option(value: "", label: catalog.text("filter_any_stage", language), selected: chosenStage.isEmpty)]
                + selected.stages.map { Option(value: $0.key, label: $0.names.text(language), selected: $0.key == chosenStage) }
            model.hasStages = true
        }
        model.sorts = ["name", "-name", "id", "-id", "created", "-created", "updated", "-updated"].map {
            Option(value: $0, label: catalog.text("sort_\($0.replacingOccurrences(of: "-", with: "desc_"))", language), selected: $0 == chosenSort)
        }
        var query: CustomerQuery
        var limit: Int
        do {
            var adjusted = parameters
            if adjusted.get("sort") == nil { adjusted[ "sort"] = "name" }
            if adjusted.get("limit") == nil { adjusted["limit"] = "50" }
            (query, limit) = try await CustomerRoutes.listQuery(adjusted, session: session)
        } catch let problem as Problem where problem.status.code < 500 {
            model.error = catalog.text("customers_bad_filter", language)
            return (model, problem.status)
        }
        // Blank filters are no filters (the form sends them empty).
        if query.owner?.trimmingSpaces.isEmpty == true { query.owner = nil }
        if query.tag?.trimmingSpaces.isEmpty == true { query.tag = nil }
        if query.text?.trimmingSpaces.isEmpty == true { query.text = nil }
        let found = try await session.customers(query)
        let page = Array(found.prefix(limit))
        model.rows = page.map {
            Row(href: "/customers/\($0.id)", name: $0.name, externalId: $0.externalId ?? "", company: $0.company ?? "",
                owner: $0.owner ?? "", tags: $0.tags.joined(separator: ", "))
        }
        model.empty = model.rows.isEmpty
        if found.count > limit, let last = page.last {
            let cursor = CustomerCursorToken.encode(CustomerCursor(after: last, sort: query.sort, descending: query.descending ?? false))
            model.nextHref = "/customers?" + queryString([
                ("model", chosenModel), ("stage", chosenStage), ("owner", model.owner), ("tag", model.tag), ("q", model.q),
                ("sort", chosenSort), ("cursor", cursor),
            ])
        }
        return (model, .ok)
    }

    /// `a=1&b=x%20y`, leaving out empty values.
    static func queryString(_ pairs: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return pairs.filter { !$0.1.isEmpty }
            .map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
            .joined(separator: "&")
    }
}
