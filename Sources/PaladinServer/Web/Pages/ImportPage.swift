import Foundation
import Hummingbird
import PaladinCore
import PaladinStore

/// The Import page (the contract in the browser tests): `GET /import` offers the upload form; `POST /import` checks the
/// file with the import's own dry run (the CLI's and the API's validation and report, nothing written), keeps the file
/// on the server and answers the report — 422 with the table of problems when rows are bad, 200 with the summary when
/// none — and a confirm form naming the kept upload; `POST /import/confirm` writes it in one transaction (only the
/// valid rows when the member was shown bad ones), once, and redirects to `/import?done=imported` with the counts.
/// Owners and managers only (the API's rule); the upload is found only for its own member in its own workspace.
enum ImportPage {
    /// Room for the upload form's other fields (CSRF token, kind, options, multipart headers) beyond the file itself.
    static let formOverhead = 64 << 10

    struct KindOption {
        let value: String
        let label: String
        let selected: Bool
        let columns: String
    }

    struct ErrorRow {
        let line: Int
        let field: String
        let message: String
    }

    struct Report {
        let fileName: String
        let kind: String
        let rowsRead: Int
        let validRows: Int
        let badRows: Int
        let errors: [ErrorRow]
        let hasErrors: Bool
        let moreErrors: Int?
        let created: Int?
        let updated: Int?
        let upload: String?
        let confirmLabel: String
    }

    struct Receipt {
        let fileName: String
        let kind: String
        let rowsRead: Int
        let imported: Int
        let created: Int?
        let updated: Int?
        let skipped: Int
    }

    struct Model {
        let kinds: [KindOption]
        let dateFormat: String
        let decimalComma: Bool
        let fieldErrors: [String: String]
        let hasFieldErrors: Bool
        let report: Report?
        let receipt: Receipt?
        let maxSize: String
    }

    static func add(to pages: RouterGroup<WebContext>, uploads: RouterGroup<WebContext>, environment: WebEnvironment, maxBytes: Int) {
        pages.get("/import") { request, context in
            try requireImporter(context)
            var receipt: Receipt?
            if request.uri.queryParameters.get("done") == "imported",
               let last = try await WebUploads(database: environment.database).lastImported(
                   workspace: context.session.workspace.id, member: context.session.member.id), let result = last.result {
                receipt = Receipt(
                    fileName: last.fileName, kind: kindLabel(last.kind, context, environment), rowsRead: result.rowsRead,
                    imported: result.imported, created: last.kind == .customers ? result.created : nil,
                    updated: last.kind == .customers ? result.updated : nil, skipped: result.skipped)
            }
            return try render(request, context, environment, maxBytes: maxBytes, kind: nil, report: nil, receipt: receipt, status: .ok)
        }
        uploads.post("/import") { request, context in
            try requireImporter(context)
            let form = context.form
            var fieldErrors: [String: String] = [:]
            let kind = form["kind"].flatMap(ImportKind.init(rawValue:))
            if kind == nil { fieldErrors["kind"] = "error_choose" }
            let file = form.files["file"]
            if file == nil || file?.bytes.isEmpty == true { fieldErrors["file"] = "import_error_file" }
            if let file, file.bytes.count > maxBytes { throw HTTPError(.contentTooLarge) }
            guard fieldErrors.isEmpty, let kind, let file else {
                return try render(request, context, environment, maxBytes: maxBytes, kind: kind, report: nil, receipt: nil,
                                  fieldErrors: fieldErrors, status: .unprocessableContent)
            }
            let session = context.workspace(environment.database)
            let options = ImportOptions(
                dateFormat: form["date_format"], decimalComma: form["decimal_comma"] == "1", defaultCurrency: session.workspace.currency)
            let fileName = file.name.isEmpty ? "upload.csv" : file.name
            let report: Report
            do {
                let outcome = try await session.importCSV(
                    kind, bytes: file.bytes, source: fileName, options: options, skipInvalid: true, dryRun: true)
                var upload: String?
                if outcome.imported > 0, let text = String(validating: file.bytes, as: UTF8.self) {
                    upload = try await WebUploads(database: environment.database).keep(
                        workspace: session.workspace.id, member: context.session.member.id, kind: kind, fileName: fileName,
                        content: text, byteCount: file.bytes.count, dateFormat: options.dateFormat, decimalComma: options.decimalComma,
                        skipInvalid: !outcome.rejected.isEmpty)
                }
                report = makeReport(outcome, fileName: fileName, upload: upload, context, environment)
            } catch let rejected as ImportRejected {
                report = makeReport(rejected, fileName: fileName, kind: kind, context, environment)
            } catch PaladinError.invalid(let field, let message) {
                fieldErrors[field == "--date-format" ? "date_format" : field] = message
                return try render(request, context, environment, maxBytes: maxBytes, kind: kind, report: nil, receipt: nil,
                                  fieldErrors: fieldErrors, status: .unprocessableContent)
            }
            return try render(request, context, environment, maxBytes: maxBytes, kind: kind, report: report, receipt: nil,
                              status: report.hasErrors ? .unprocessableContent : .ok)
        }
        pages.post("/import/confirm") { request, context in
            try requireImporter(context)
            guard let id = context.form["upload"] else { throw WebError.notFound }
            let uploads = WebUploads(database: environment.database)
            let workspace = context.session.workspace.id
            let upload: WebUpload
            do {
                upload = try await uploads.claim(workspace: workspace, member: context.session.member.id, id: id)
            } catch WebUploadClaimError.notFound {
                throw WebError.notFound
            } catch WebUploadClaimError.alreadyConfirmed {
                throw PaladinError.conflict("this upload was imported already")
            }
            let session = context.workspace(environment.database)
            let options = ImportOptions(dateFormat: upload.dateFormat, decimalComma: upload.decimalComma, defaultCurrency: session.workspace.currency)
            let outcome: ImportOutcome
            do {
                outcome = try await session.importCSV(
                    upload.kind, bytes: Array(upload.content.utf8), source: upload.fileName, options: options, skipInvalid: upload.skipInvalid)
            } catch {
                // The workspace changed since the report (a customer went away, say): nothing was written; show the new
                // report, and let the member import the rows that are still valid.
                try await uploads.release(workspace: workspace, id: upload.id, skipInvalid: true)
                let report: Report
                if let rejected = error as? ImportRejected {
                    report = makeReport(rejected, fileName: upload.fileName, kind: upload.kind, context, environment, upload: upload.id)
                } else {
                    throw error
                }
                return try render(request, context, environment, maxBytes: maxBytes, kind: upload.kind, report: report, receipt: nil,
                                  status: .unprocessableContent)
            }
            try await uploads.finish(workspace: workspace, id: upload.id, result: WebUploadResult(
                rowsRead: outcome.rows, imported: outcome.imported, created: outcome.created, updated: outcome.updated,
                skipped: outcome.rejected.count))
            ServerMetrics.countImport(kind: upload.kind.rawValue, outcome: "imported")
            ServerMetrics.countImportRows(kind: upload.kind.rawValue, rows: outcome.imported)
            return WebRoutes.redirect("/import?done=imported")
        }
    }

    /// 403 unless the member works every customer (owners and managers) — the API's rule for imports.
    static func requireImporter(_ context: WebContext) throws {
        guard context.session.role.worksEveryCustomer else { throw WebError.forbidden }
    }

    static func kindLabel(_ kind: ImportKind, _ context: WebContext, _ environment: WebEnvironment) -> String {
        environment.renderer.catalog.text("import_kind_\(kind.rawValue)", context.language)
    }

    /// The report of a dry run: its rejected rows' problems (the first 100), the counts, and the upload to confirm.
    static func makeReport(
        _ outcome: ImportOutcome, fileName: String, upload: String?, _ context: WebContext, _ environment: WebEnvironment
    ) -> Report {
        let problems = outcome.rejected.flatMap(\.errors)
        let catalog = environment.renderer.catalog
        return Report(
            fileName: fileName, kind: kindLabel(outcome.kind, context, environment), rowsRead: outcome.rows, validRows: outcome.imported,
            badRows: outcome.rejected.count, errors: rows(problems), hasErrors: !problems.isEmpty,
            moreErrors: problems.count > ImportRejected.listed ? problems.count - ImportRejected.listed : nil,
            created: outcome.kind == .customers ? outcome.created : nil, updated: outcome.kind == .customers ? outcome.updated : nil,
            upload: upload,
            confirmLabel: catalog.text(outcome.rejected.isEmpty ? "import_confirm_all" : "import_confirm_valid", context.language))
    }

    /// The report of a file refused as a whole (a missing column, a broken file): nothing can be confirmed, unless
    /// `upload` is a kept upload whose valid rows may still be imported.
    static func makeReport(
        _ rejected: ImportRejected, fileName: String, kind: ImportKind, _ context: WebContext, _ environment: WebEnvironment,
        upload: String? = nil
    ) -> Report {
        let lines = Set(rejected.errors.map(\.line))
        return Report(
            fileName: fileName, kind: kindLabel(kind, context, environment), rowsRead: 0, validRows: 0, badRows: rejected.badRows > 0 ? lines.count : 0,
            errors: rows(rejected.errors), hasErrors: true,
            moreErrors: rejected.errors.count > ImportRejected.listed ? rejected.errors.count - ImportRejected.listed : nil,
            created: nil, updated: nil, upload: upload,
            confirmLabel: environment.renderer.catalog.text("import_confirm_valid", context.language))
    }

    /// `64 MiB`, `512 KiB` or `900 bytes`.
    static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 20 { return String(format: "%.1f MiB", Double(bytes) / Double(1 << 20)) }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }

    static func rows(_ problems: [ImportRowError]) -> [ErrorRow] {
        problems.prefix(ImportRejected.listed).map { ErrorRow(line: $0.line, field: $0.column.isEmpty ? "—" : $0.column, message: $0.message) }
    }

    static func render(
        _ request: Request, _ context: WebContext, _ environment: WebEnvironment, maxBytes: Int, kind: ImportKind?, report: Report?,
        receipt: Receipt?, fieldErrors: [String: String] = [:], status: HTTPResponse.Status
    ) throws -> Response {
        let catalog = environment.renderer.catalog
        let kinds = ImportKind.allCases.map { option in
            KindOption(
                value: option.rawValue, label: catalog.text("import_kind_\(option.rawValue)", context.language), selected: option == kind,
                columns: option.columns.map { $0.required ? "\($0.name) (\(catalog.text("import_required_column", context.language)))" : $0.name }
                    .joined(separator: ", "))
        }
        let page = Model(
            kinds: kinds, dateFormat: context.form.raw("date_format"), decimalComma: context.form["decimal_comma"] == "1",
            fieldErrors: fieldErrors.mapValues { catalog.messages(context.language)[$0] ?? $0 }, hasFieldErrors: !fieldErrors.isEmpty,
            report: report, receipt: receipt, maxSize: size(maxBytes))
        var chrome = context.chrome(request)
        if report != nil { chrome.flash = nil }
        return try chrome.render("import", titleKey: "nav_import", page: page, status: status, renderer: environment.renderer)
    }
}
