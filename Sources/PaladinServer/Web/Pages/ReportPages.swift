import Hummingbird
import PaladinAnalytics
import PaladinCore
import PaladinStore
import PaladinViews

/// `GET /reports`: the eight reports with a line about each. `GET /reports/{kind}`: one report with its filter form
/// (model, from, to — the CLI's and the API's options), its chart drawn on the server as inline SVG (the drawing of
/// `--format svg`), its table, and a CSV download (`/reports/{kind}.csv` or `?format=csv`: the CLI's CSV). A filter
/// that cannot be used shows the form again with status 422 and the field's message. Results of large workspaces come
/// from ``ReportCache`` (see there why), with the time they were computed.
enum ReportPages {
    struct KindItem {
        let name: String
        let description: String
        let href: String
    }

    struct IndexModel {
        let kinds: [KindItem]
    }

    struct TableRow {
        let cells: [String]
    }

    struct Model {
        let kind: String
        let name: String
        let description: String
        let action: String
        var hasModel = false
        var models: [CustomerListPage.Option] = []
        var from = ""
        var to = ""
        var modelError: String?
        var fromError: String?
        var toError: String?
        var hasErrors = false
        /// Where the chart goes: a random word the page shows escaped, replaced by the drawing after rendering.
        var chartSlot: String?
        var columns: [String] = []
        var rows: [TableRow] = []
        var hasRows = false
        var csvHref: String?
        var computedAt: String?
        var cached = false
        var pending = false
    }

    /// A report's options as the form gave them, or the message key of each field that cannot be used.
    struct Filter {
        var model: String?
        var from: Timestamp?
        var to: Timestamp?
        var errors: [String: String] = [:]
    }

    static func add(to pages: RouterGroup<WebContext>, environment: WebEnvironment) {
        let cache = ReportCache()
        pages.get("/reports") { request, context in
            let catalog = environment.renderer.catalog
            let page = IndexModel(kinds: ReportKind.allCases.map {
                KindItem(name: catalog.text(nameKey($0), context.language), description: catalog.text(nameKey($0) + "_text", context.language),
                         href: "/reports/\($0.rawValue)")
            })
            return try context.chrome(request).render("reports", titleKey: "nav_reports", page: page, renderer: environment.renderer)
        }
        pages.get("/reports/{kind}") { request, context in
            var name = try context.parameters.require("kind")
            var csv = false
            if name.hasSuffix(".csv") {
                name.removeLast(4)
                csv = true
            }
            guard let kind = ReportKind(rawValue: name) else { throw WebError.notFound }
            // Decoded as a form (`+` is a space): the filter form is a GET form.
            let parameters = FormData(urlEncoded: request.uri.query ?? "")
            switch parameters["format"] {
            case nil, "html": break
            case "csv": csv = true
            default: throw WebError.badRequest
            }
            return try await respond(kind, csv: csv, parameters: parameters, request: request, context: context, environment: environment,
                                     cache: cache)
        }
    }

    /// `report_funnel`, `report_time_in_stage`, …: the catalog key of a kind's name (`…_text`: its description).
    static func nameKey(_ kind: ReportKind) -> String {
        "report_" + kind.rawValue.replacingOccurrences(of: "-", with: "_")
    }

    /// The model a kind reads when the form names none: the journey reports show customer-journey (the CLI and API
    /// require one; a page opened from the index has to show something).
    static func defaultModel(_ kind: ReportKind, models: [JourneyModel]) -> String? {
        guard kind.needsModel || kind == .first100Days else { return nil }
        return models.first { $0.key == "customer-journey" }?.key ?? models.first { $0.kind == .guided }?.key
    }

    static func readFilter(_ kind: ReportKind, _ parameters: FormData, models: [JourneyModel]) -> Filter {
        var filter = Filter()
        if kind != .economics, kind != .activity {
            let chosen = parameters["model"]
            if let chosen, !models.contains(where: { $0.key == chosen }) { filter.errors["model"] = "error_model_unknown" }
            filter.model = chosen ?? defaultModel(kind, models: models)
        }
        func date(_ name: String) -> Timestamp? {
            guard let text = parameters[name] else { return nil }
            guard case .success(let seconds) = DateParser().parse(text) else {
                filter.errors[name] = "error_date"
                return nil
            }
            return Timestamp(seconds: seconds)
        }
        filter.from = date("from")
        // A `to` without a time is the whole day, as on the command line and in the API.
        filter.to = date("to").map { $0.seconds % 86_400 == 0 ? Timestamp(seconds: $0.adding(days: 1).seconds - 1) : $0 }
        if let from = filter.from, let to = filter.to, to < from { filter.errors["to"] = "error_to_before_from" }
        return filter
    }

    static func respond(
        _ kind: ReportKind, csv: Bool, parameters: FormData, request: Request, context: WebContext, environment: WebEnvironment,
        cache: ReportCache
    ) async throws -> Response {
        let session = context.workspace(environment.database)
        let catalog = environment.renderer.catalog
        let language = context.language
        let models = try await session.models().map(\.model)
        var filter = readFilter(kind, parameters, models: models)
        var page = Model(kind: kind.rawValue, name: catalog.text(nameKey(kind), language), description: catalog.text(nameKey(kind) + "_text", language),
                         action: "/reports/\(kind.rawValue)")
        page.hasModel = kind != .economics && kind != .activity
        if page.hasModel {
            let chosen = parameters["model"] ?? filter.model ?? ""
            page.models = (kind == .nps ? [CustomerListPage.Option(value: "", label: catalog.text("report_model_default", language), selected: chosen.isEmpty)] : [])
                + models.map { CustomerListPage.Option(value: $0.key, label: $0.names.text(language), selected: $0.key == chosen) }
        }
        page.from = parameters.raw("from")
        page.to = parameters.raw("to")
        func invalid() throws -> Response {
            page.modelError = filter.errors["model"].map { catalog.text($0, language) }
            page.fromError = filter.errors["from"].map { catalog.text($0, language) }
            page.toError = filter.errors["to"].map { catalog.text($0, language) }
            page.hasErrors = true
            return try context.chrome(request).render("report", titleKey: nameKey(kind), page: page, status: .unprocessableContent,
                                                      renderer: environment.renderer)
        }
        guard filter.errors.isEmpty else { return try invalid() }

        let options = ReportOptions(model: filter.model, from: filter.from, to: filter.to, now: session.clock.now())
        let key = ReportCache.Key(workspace: session.workspace.id, kind: kind, model: options.model, from: options.from?.seconds,
                                  to: options.to?.seconds, limit: options.limit)
        let answer: ReportCache.Answer
        do {
            answer = try await cache.report(key, customers: try await session.customerIdsIssued(), wait: csv ? nil : ReportCache.waitBudget) {
                let report = try await session.report(kind, options: options)
                return ReportCache.Entry(report: report, stages: try await session.reportStages(report), computedAt: options.now)
            }
        } catch PaladinError.invalid(let field, _) {
            filter.errors[["model", "from", "to"].contains(field) ? field : "model"] = "error_report_option"
            return try invalid()
        }
        let query = CustomerListPage.queryString([("model", parameters.raw("model")), ("from", page.from), ("to", page.to)])
        guard case .ready(let entry, let cached) = answer else {
            page.pending = true
            var response = try context.chrome(request).render("report", titleKey: nameKey(kind), page: page, renderer: environment.renderer)
            response.headers[HTTPFields.Element.Name("Refresh")!] = "5"
            return response
        }
        let table = entry.report.table
        if csv {
            // The CLI's CSV: a header row, then the table's rows (`paladin report KIND --format csv`).
            let text = ([table.columns] + table.rows).map { CSVWriter.line($0) }.joined()
            return Response(status: .ok, headers: [
                .contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(kind.rawValue).csv\"",
            ], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        // The drawing is markup our own chart code wrote, every text and attribute in it escaped there
        // (PaladinViews/Charts). Templates never render unescaped, so the page holds a random word where the chart goes
        // and the drawing replaces it after rendering; nothing a person typed can be that word.
        let svg = ReportCharts.chart(for: entry.report, stages: entry.stages).inlineSVG(idPrefix: "report-chart")
        page.chartSlot = "chart-" + WebSessionSecret.randomToken()
        page.columns = table.columns
        page.rows = table.rows.map { TableRow(cells: $0) }
        page.hasRows = !table.rows.isEmpty
        page.csvHref = "/reports/\(kind.rawValue).csv" + (query.isEmpty ? "" : "?" + query)
        page.computedAt = entry.computedAt.description
        page.cached = cached
        let chrome = context.chrome(request)
        var html = try environment.renderer.html("report", chrome.root(titleKey: nameKey(kind), page: page, catalog: catalog))
        if let slot = page.chartSlot, let range = html.range(of: slot) { html.replaceSubrange(range, with: svg) }
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
