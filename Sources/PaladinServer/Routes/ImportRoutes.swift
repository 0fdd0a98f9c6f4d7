import Hummingbird
import PaladinCore
import PaladinStore

/// CSV imports over HTTP: the work of `paladin import`, all or nothing, for owners and managers.
/// Agents may not import: a file names any customer of the workspace (and a customer file may change owners),
/// while an agent works only the customers they own.
enum ImportRoutes {
    static func add(to imports: RouterGroup<MemberContext>, database: PaladinDatabase) {
        imports.post("/{kind}") { request, context in
            let text = try context.parameters.require("kind")
            guard let kind = ImportKind(rawValue: text) else {
                throw Problem.notFound("no import of '\(text)'; kinds: \(ImportKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            try context.requireWorksEveryCustomer("import files")
            let contentType = request.headers[.contentType]?.lowercased() ?? ""
            guard contentType.hasPrefix("text/csv") else {
                throw Problem(status: .unsupportedMediaType, slug: "unsupported-media-type", detail: "send the file as text/csv")
            }
            let query = try ImportQuery(request.uri.queryParameters)
            let buffer: ByteBuffer
            do {
                buffer = try await request.body.collect(upTo: context.maxUploadSize)
            } catch {
                throw Problem(status: .contentTooLarge, slug: "content-too-large",
                              detail: "the file is larger than \(context.maxUploadSize) bytes")
            }
            let session = context.session(database)
            let options = ImportOptions(
                dateFormat: query.dateFormat, decimalComma: query.decimalComma, defaultCurrency: query.currency ?? session.workspace.currency)
            let outcome: ImportOutcome
            do {
                outcome = try await session.importCSV(
                    kind, bytes: Array(buffer.readableBytesView), source: "body", options: options, skipInvalid: query.skipInvalid,
                    dryRun: query.dryRun)
            } catch let rejected as ImportRejected {
                ServerMetrics.countImport(kind: kind.rawValue, outcome: "rejected")
                throw ImportProblem.problem(rejected)
            } catch let error as PaladinError {
                ServerMetrics.countImport(kind: kind.rawValue, outcome: "rejected")
                throw error
            } catch {
                ServerMetrics.countImport(kind: kind.rawValue, outcome: "failed")
                throw error
            }
            ServerMetrics.countImport(kind: kind.rawValue, outcome: query.dryRun ? "dry_run" : "imported")
            if !query.dryRun { ServerMetrics.countImportRows(kind: kind.rawValue, rows: outcome.imported) }
            return try Body.json(ImportResultView(outcome, dryRun: query.dryRun), status: query.dryRun ? .ok : .created)
        }
    }
}

extension MemberContext {
    /// 403 unless the member works every customer of the workspace (owners and managers): for work that touches
    /// any customer, such as imports and score runs.
    func requireWorksEveryCustomer(_ what: String) throws {
        guard principal.role.worksEveryCustomer else {
            throw Problem.forbidden("only an owner or a manager of this workspace may \(what); the role is '\(principal.role.rawValue)'")
        }
    }
}
