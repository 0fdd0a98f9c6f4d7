import Hummingbird
import PaladinCore
import PaladinStore

/// Webhook subscriptions of the token's workspace and their deliveries, for owners and managers. Another
/// workspace's webhook is never found (404).
enum WebhookRoutes {
    static func add(to api: RouterGroup<MemberContext>, database: PaladinDatabase, doorbell: WebhookDoorbell?) {
        api.post("/webhooks") { request, context in
            try context.requireWebhookManager()
            let body = try await Body.decode(NewWebhookBody.self, from: request, context: context)
            let webhook = try await context.session(database).createWebhook(url: body.url, events: body.events, description: body.description)
            return try Body.json(WebhookView(webhook, showingSecret: true), status: .created,
                                 headers: [.location: "/api/v1/webhooks/\(webhook.id)"])
        }
        api.get("/webhooks") { _, context in
            try context.requireWebhookManager()
            return try Body.json(WebhookList(items: try await context.session(database).webhooks().map { WebhookView($0) }))
        }
        api.get("/webhooks/{id}") { _, context in
            try context.requireWebhookManager()
            return try Body.json(WebhookView(try await context.session(database).webhook(try webhookId(context))))
        }
        api.patch("/webhooks/{id}") { request, context in
            try context.requireWebhookManager()
            let id = try webhookId(context)
            let session = context.session(database)
            _ = try await session.webhook(id)
            let body = try await Body.decode(WebhookPatchBody.self, from: request, context: context)
            return try Body.json(WebhookView(try await session.updateWebhook(id, changes: body.changes)))
        }
        api.delete("/webhooks/{id}") { _, context in
            try context.requireWebhookManager()
            try await context.session(database).deleteWebhook(try webhookId(context))
            return Response(status: .noContent)
        }
        api.get("/webhooks/{id}/deliveries") { request, context in
            try context.requireWebhookManager()
            let id = try webhookId(context)
            let (status, cursor, limit) = try deliveryQuery(request.uri.queryParameters)
            let found = try await context.session(database).deliveries(webhook: id, status: status, afterId: cursor, limit: limit + 1)
            let page = Array(found.prefix(limit))
            let next = found.count > limit ? page.last.map { String($0.id) } : nil
            return try Body.json(DeliveryPage(items: page.map(DeliveryView.init), next_cursor: next))
        }
        api.post("/webhooks/{id}/deliveries/{delivery}/retry") { _, context in
            try context.requireWebhookManager()
            let id = try webhookId(context)
            let text = try context.parameters.require("delivery")
            guard let deliveryId = Int64(text) else { throw Problem.notFound("no delivery '\(text)' of webhook \(id) in this workspace") }
            let delivery = try await context.session(database).retryDelivery(webhook: id, delivery: deliveryId)
            doorbell?.ring()
            return try Body.json(DeliveryView(delivery), status: .accepted)
        }
    }

    /// The `{id}` of the path; 404 when it is not a number (no webhook could have it).
    static func webhookId(_ context: MemberContext) throws -> Int64 {
        let text = try context.parameters.require("id")
        guard let id = Int64(text) else { throw Problem.notFound("no webhook '\(text)' in this workspace") }
        return id
    }

    /// `?status=pending|delivered|failed&limit=1…500&cursor=ID`, checked: 400 naming each bad parameter.
    static func deliveryQuery(_ parameters: Parameters) throws -> (DeliveryStatus?, Int64?, Int) {
        var errors: [Problem.FieldError] = []
        var status: DeliveryStatus?
        if let text = parameters.get("status"), !text.isEmpty {
            if let parsed = DeliveryStatus(rawValue: text) { status = parsed } else {
                errors.append(.init(field: "status", message: "must be pending, delivered or failed"))
            }
        }
        var query = Query(parameters: parameters)
        let limit = query.integer("limit", in: 1...500) ?? 100
        let cursor = query.numericCursor()
        errors += query.errors
        guard errors.isEmpty else { throw Problem.badRequest("the query parameters are not valid", errors: errors) }
        return (status, cursor, limit)
    }
}

/// Rings the webhook dispatcher's doorbell after every successful write through the API, so deliveries it may
/// have queued go out at once rather than at the next poll.
struct WebhookDoorbellMiddleware: RouterMiddleware {
    typealias Context = MemberContext
    let doorbell: WebhookDoorbell?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let response = try await next(request, context)
        if let doorbell, request.method != .get, request.method != .head, response.status.code < 400 { doorbell.ring() }
        return response
    }
}

extension MemberContext {
    /// 403 unless the member owns or manages the workspace.
    func requireWebhookManager() throws {
        guard principal.role == .owner || principal.role == .manager else {
            throw Problem.forbidden("only an owner or a manager of this workspace may manage its webhooks")
        }
    }
}
