import Hummingbird
import PaladinCore
import PaladinStore
import PaladinViews

/// Customers of the token's workspace: list (sorted, keyset-paged), show, add, change, delete. A customer of another workspace is never found (404).
enum CustomerRoutes {
    static func add(to api: RouterGroup<MemberContext>, database: PaladinDatabase) {
        api.get("/customers") { request, context in
            let session = context.session(database)
            let (query, limit) = try await listQuery(request.uri.queryParameters, session: session)
            let found = try await session.customers(query)
            let page = Array(found.prefix(limit))
            let next = found.count > limit
                ? page.last.map { CustomerCursorToken.encode(CustomerCursor(after: $0, sort: query.sort, descending: query.descending ?? false)) }
                : nil
            return try Body.json(CustomerPage(items: page.map(CustomerView.init), next_cursor: next))
        }
        api.get("/customers/{id}") { _, context in
            let reference = try context.parameters.require("id")
            let session = context.session(database)
            let detail = try await session.detail(reference)
            return try Body.json(CustomerDetailView(detail, language: session.workspace.language, now: session.clock.now()),
                                 headers: [.eTag: EntityTag.of(detail.customer)])
        }
        api.patch("/customers/{id}") { request, context in
            let reference = try context.parameters.require("id")
            let session = context.session(database)
            let customer = try await session.customer(reference)
            try context.requireWorks(customer)
            // The body first: a malformed request is 400/415 whatever its If-Match says.
            let body = try await Body.decode(CustomerPatchBody.self, from: request, context: context)
            // An empty If-Match is as good as none.
            let ifMatch = request.headers[.ifMatch].flatMap { $0.trimmingSpaces.nilIfEmpty }
            let expected: Int64? = try ifMatch.flatMap { try EntityTag.version(ifMatch: $0) }
            let updated: Customer
            do {
                updated = try await session.updateCustomer(reference, changes: body.changes, expectedVersion: expected)
            } catch PaladinError.conflict(let message) {
                // The use case says 409 for any conflict; when the client named a version and the customer has moved on
                // since, that is a failed precondition (412), not a duplicate.
                if let expected, let now = try? await session.customer(String(customer.id)), now.version != expected {
                    if expected == EntityTag.noVersion, let ifMatch { throw EntityTag.noMatch(ifMatch, current: now.version) }
                    throw EntityTag.moved(customer: customer.id, expected: expected, now: now.version)
                }
                throw PaladinError.conflict(message)
            }
            return try Body.json(CustomerView(updated), headers: [.eTag: EntityTag.of(updated)])
        }
        api.delete("/customers/{id}") { _, context in
            let reference = try context.parameters.require("id")
            let session = context.session(database)
            // Found first: another workspace's id is 404 whatever the role.
            _ = try await session.customer(reference)
            try context.requireManager("delete customers")
            try await session.deleteCustomer(reference)
            return Response(status: .noContent)
        }
        api.post("/customers") { request, context in
            try context.requireWriter()
            let body = try await Body.decode(NewCustomerBody.self, from: request, context: context)
            // An agent's new customer is theirs unless the body names another owner.
            let defaultOwner = context.principal.role == .agent ? context.principal.member.email : nil
            let customer = try await context.session(database).addCustomer(try body.draft(defaultOwner: defaultOwner))
            return try Body.json(CustomerView(customer), status: .created, headers: [.location: "/api/v1/customers/\(customer.id)"])
        }
    }

    /// The query of `GET /customers`, checked: 400 for malformed parameters, 422 for an unknown model or stage.
    static func listQuery(_ parameters: Parameters, session: WorkspaceSession) async throws -> (CustomerQuery, Int) {
        var errors: [Problem.FieldError] = []
        var limit = 100
        if let text = parameters.get("limit") {
            if let value = Int(text), (1...500).contains(value) { limit = value } else {
                errors.append(.init(field: "limit", message: "must be a whole number from 1 to 500"))
            }
        }
        var sort = CustomerSort.id, descending = false
        if let text = parameters.get("sort"), !text.isEmpty {
            descending = text.hasPrefix("-")
            if let value = CustomerSort(rawValue: descending ? String(text.dropFirst()) : text) { sort = value } else {
                errors.append(.init(field: "sort", message: "must be one of id, name, created, updated, optionally with a - prefix for descending"))
            }
        }
        var cursor: CustomerCursor?
        var afterId: Int64?
        if let text = parameters.get("cursor"), !text.isEmpty {
            if let value = CustomerCursorToken.decode(text) {
                if value.sort == sort, value.descending == descending { cursor = value } else {
                    errors.append(.init(field: "cursor", message: "was made for another sort; start again without a cursor"))
                }
            } else if sort == .id, !descending, let value = Int64(text), value >= 0 {
                // Cursors were plain ids before sorting existed; they still mean "after this id" in id order.
                afterId = value
            } else {
                errors.append(.init(field: "cursor", message: "must be a next_cursor this API returned"))
            }
        }
        let model = parameters.get("model").flatMap { $0.isEmpty ? nil : $0 }
        let stage = parameters.get("stage").flatMap { $0.isEmpty ? nil : $0 }
        if stage != nil, model == nil { errors.append(.init(field: "stage", message: "needs model")) }
        guard errors.isEmpty else { throw Problem.badRequest("the query parameters are not valid", errors: errors) }
        if let model {
            guard let stored = try await session.models().first(where: { $0.model.key == model }) else {
                throw Problem.unprocessable("model: no model '\(model)' in this workspace",
                                            errors: [.init(field: "model", message: "no such model in this workspace")])
            }
            if let stage, stored.model.stage(stage) == nil {
                throw Problem.unprocessable("stage: model '\(model)' has no stage '\(stage)'",
                                            errors: [.init(field: "stage", message: "no such stage in model '\(model)'")])
            }
        }
        let query = CustomerQuery(
            model: model, stage: stage, owner: parameters.get("owner"), tag: parameters.get("tag"), text: parameters.get("q"),
            sort: sort, limit: limit + 1, offset: 0, afterId: afterId, descending: descending, after: cursor)
        return (query, limit)
    }
}
