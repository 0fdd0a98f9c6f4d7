import Hummingbird
import PaladinCore
import PaladinStore
import PaladinViews

/// The models of the token's workspace: list, show (JSON, or YAML when asked for), add and replace from a model
/// document — the same documents, validation and use case as `paladin models import`/`export`.
enum ModelRoutes {
    static func add(to api: RouterGroup<MemberContext>, database: PaladinDatabase) {
        api.get("/models") { _, context in
            let session = context.session(database)
            let models = try await session.models()
            return try Body.json(["items": models.map { ModelSummary($0, language: session.workspace.language) }])
        }
        api.get("/models/{key}") { request, context in
            let key = try context.parameters.require("key")
            let model = try await context.session(database).model(key)
            if ModelDocumentBody.prefersYAML(request.headers[.accept]) {
                return Response(status: .ok, headers: [.contentType: ModelDocumentBody.yamlType, .vary: "Accept"],
                                body: .init(byteBuffer: ByteBuffer(string: ModelDocument.yaml(model))))
            }
            var response = Body.rawJSON(ModelDocument.json(model, explicitNulls: true))
            response.headers[.vary] = "Accept"
            return response
        }
        api.post("/models") { request, context in
            try context.requireModelEditor()
            let text = try await ModelDocumentBody.text(of: request, context: context)
            let (stored, _) = try await context.session(database).importModel(text, source: "body", as: .add)
            return try Body.json(ModelSummary(stored, language: context.principal.workspace.language), status: .created,
                                 headers: [.location: "/api/v1/models/\(stored.model.key)"])
        }
        api.put("/models/{key}") { request, context in
            try context.requireModelEditor()
            let key = try context.parameters.require("key")
            let session = context.session(database)
            // An unknown key is 404 before the body is read, like every route naming a thing.
            _ = try await session.model(key)
            let text = try await ModelDocumentBody.text(of: request, context: context)
            let (stored, _) = try await session.importModel(text, source: "body", as: .replace(key))
            return try Body.json(ModelSummary(stored, language: session.workspace.language))
        }
    }
}

/// Model documents on the wire: YAML or JSON bodies in, YAML out when the client prefers it.
enum ModelDocumentBody {
    static let yamlType = "application/yaml; charset=utf-8"
    static let yamlTypes: Set<String> = ["application/yaml", "application/x-yaml", "text/yaml"]

    /// The body as text: 415 unless YAML or JSON, 413 when too large, 400 unless UTF-8.
    static func text(of request: Request, context: some RequestContext) async throws -> String {
        let mediaType = request.headers[.contentType].map(Self.mediaType) ?? ""
        guard mediaType == "application/json" || yamlTypes.contains(mediaType) else {
            throw Problem(status: .unsupportedMediaType, slug: "unsupported-media-type",
                          detail: "send the model document as application/yaml or application/json")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: context.maxUploadSize)
        } catch {
            throw Problem(status: .contentTooLarge, slug: "content-too-large", detail: "the body is larger than \(context.maxUploadSize) bytes")
        }
        guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
            throw Problem.badRequest("the body is not UTF-8 text", errors: [.init(field: "body", message: "is not UTF-8 text")])
        }
        return text
    }

    /// Whether `accept` ranks a YAML type above JSON. Without an explicit YAML type (or with `*/*` only) the answer is JSON.
    static func prefersYAML(_ accept: String?) -> Bool {
        guard let accept else { return false }
        var yaml = 0.0, json = -1.0
        for range in accept.split(separator: ",") {
            let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let type = parts.first else { continue }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            if yamlTypes.contains(type) { yaml = max(yaml, quality) }
            if type == "application/json" { json = max(json, quality) }
        }
        return yaml > 0 && yaml > json
    }

    /// `type/subtype` of a Content-Type, lowercased, without parameters.
    static func mediaType(_ header: String) -> String {
        header.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
    }
}

extension MemberContext {
    /// The use cases in the token's workspace, acting as its member.
    func session(_ database: PaladinDatabase) -> WorkspaceSession {
        WorkspaceSession(database: database, workspace: principal.workspace, clock: .system, actor: principal.member.email)
    }

    /// 403 unless the member may write in this workspace.
    func requireWriter() throws {
        guard principal.role.canWrite else {
            throw Problem.forbidden("the role '\(principal.role.rawValue)' may only read in this workspace")
        }
    }

    /// 403 unless the member works every customer (owners and managers): models, deletions.
    func requireManager(_ action: String) throws {
        guard principal.role.worksEveryCustomer else {
            throw Problem.forbidden("only owners and managers may \(action); the role '\(principal.role.rawValue)' may not")
        }
    }

    /// 403 unless the member may add or change models (owners and managers).
    func requireModelEditor() throws { try requireManager("add or change models") }

    /// 403 unless the member may work `customer` (agents work the customers they own).
    func requireWorks(_ customer: Customer) throws {
        try requireWriter()
        guard principal.role.worksEveryCustomer || principal.member.owns(customer.owner) else {
            throw Problem.forbidden("an agent works only the customers they own; customer \(customer.id) is owned by someone else")
        }
    }
}
