import Hummingbird
import PaladinCore
import PaladinStore

/// `GET /settings/webhooks`, for owners and managers (403 otherwise, as the API): each subscription with its address,
/// events and latest deliveries (status, attempts, answer, a retry button for a failed one); add one (address, events,
/// description — its signing secret is shown once, after the redirect) and delete one. The rules are
/// ``WebhookRules``'s; another workspace's webhook or delivery is never found (404).
enum SettingsWebhooksPage {
    /// Deliveries shown per webhook, newest first.
    static let recentDeliveries = 5

    struct DeliveryRow {
        let id: Int64
        let event: String
        let status: String
        let statusClass: String
        let attempts: Int
        let response: String
        let created: String
        let canRetry: Bool
        let retryAction: String
    }

    struct WebhookRow {
        let id: Int64
        let url: String
        let events: String
        let active: String
        let description: String?
        let deliveries: [DeliveryRow]
        let hasDeliveries: Bool
        let deleteAction: String
    }

    struct Model {
        let sections: [SettingsPage.Section]
        let webhooks: [WebhookRow]
        let hasWebhooks: Bool
        let events: [CustomerListPage.Option]
        let form: CustomerDetailPage.FormView
        /// The signing secret of the webhook just added, shown this once.
        let secret: String?
    }

    static func add(to pages: RouterGroup<WebContext>, environment: WebEnvironment, reveal: OneTimeReveal) {
        pages.get("/settings/webhooks") { request, context in
            try SettingsPage.requireWebhookManager(context)
            let secret = await reveal.take(request.uri.queryParameters.get("shown"), session: context.session.csrfToken)
            return try await render(request, context, environment, secret: secret)
        }
        pages.post("/settings/webhooks") { request, context in
            try SettingsPage.requireWebhookManager(context)
            let form = context.form
            let events = (form.fieldsByName["events"] ?? []).filter { !$0.trimmingSpaces.isEmpty }
            var errors: [String: String] = [:]
            if (try? WebhookRules.url(form.raw("url"))) == nil { errors["url"] = form["url"] == nil ? "error_required" : "error_url" }
            if (try? WebhookRules.events(events)) == nil { errors["events"] = "error_events" }
            if (try? WebhookRules.description(form["description"])) == nil { errors["description"] = "error_too_long" }
            guard errors.isEmpty else {
                return try await render(request, context, environment, errors: errors, status: .unprocessableContent)
            }
            let webhook = try await context.workspace(environment.database).createWebhook(
                url: form.raw("url"), events: events, description: form["description"])
            let nonce = await reveal.keep(webhook.secret, session: context.session.csrfToken)
            return WebRoutes.redirect("/settings/webhooks?done=webhook_added&shown=\(nonce)")
        }
        pages.post("/settings/webhooks/{id}/delete") { _, context in
            try SettingsPage.requireWebhookManager(context)
            try await context.workspace(environment.database).deleteWebhook(try SettingsPage.id(context, "id"))
            return WebRoutes.redirect("/settings/webhooks?done=webhook_deleted")
        }
        pages.post("/settings/webhooks/{id}/deliveries/{delivery}/retry") { _, context in
            try SettingsPage.requireWebhookManager(context)
            // A delivery that is not failed cannot be retried: 409 (the error page), as in the API.
            _ = try await context.workspace(environment.database).retryDelivery(
                webhook: try SettingsPage.id(context, "id"), delivery: try SettingsPage.id(context, "delivery"))
            return WebRoutes.redirect("/settings/webhooks?done=delivery_retried")
        }
    }

    static func render(
        _ request: Request, _ context: WebContext, _ environment: WebEnvironment, errors: [String: String] = [:], secret: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let catalog = environment.renderer.catalog
        func t(_ key: String) -> String { catalog.text(key, context.language) }
        func eventName(_ event: String) -> String { t("webhook_event_" + event.replacingOccurrences(of: ".", with: "_")) }
        let session = context.workspace(environment.database)
        var rows: [WebhookRow] = []
        for webhook in try await session.webhooks() {
            let deliveries = try await session.recentDeliveries(webhook: webhook.id, limit: recentDeliveries).map { delivery in
                DeliveryRow(
                    id: delivery.id, event: eventName(delivery.eventType), status: t("delivery_\(delivery.status.rawValue)"),
                    statusClass: "delivery-\(delivery.status.rawValue)", attempts: delivery.attempts,
                    response: delivery.lastStatusCode.map { String($0) } ?? "—", created: SettingsPage.time(delivery.createdAt),
                    canRetry: delivery.status == .failed, retryAction: "/settings/webhooks/\(webhook.id)/deliveries/\(delivery.id)/retry")
            }
            rows.append(WebhookRow(
                id: webhook.id, url: webhook.url, events: webhook.events.map { eventName($0.rawValue) }.joined(separator: ", "),
                active: t(webhook.active ? "webhook_active" : "webhook_paused"), description: webhook.description, deliveries: deliveries,
                hasDeliveries: !deliveries.isEmpty, deleteAction: "/settings/webhooks/\(webhook.id)/delete"))
        }
        let chosen: Set<String> = errors.isEmpty ? [] : Set(context.form.fieldsByName["events"] ?? [])
        let page = Model(
            sections: SettingsPage.sections(context, environment, current: "/settings/webhooks"), webhooks: rows, hasWebhooks: !rows.isEmpty,
            events: WebhookEventType.allCases.map {
                CustomerListPage.Option(value: $0.rawValue, label: eventName($0.rawValue), selected: chosen.contains($0.rawValue))
            },
            form: CustomerDetailPage.FormView(
                values: errors.isEmpty ? [:] : SettingsPage.entered(context.form), errors: errors.mapValues(t), hasErrors: !errors.isEmpty),
            secret: secret)
        return try context.chrome(request).render("settings-webhooks", titleKey: "settings_webhooks", page: page, status: status,
                                                  renderer: environment.renderer)
    }
}
