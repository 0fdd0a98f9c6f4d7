import Hummingbird
import PaladinCore
import PaladinStore

/// `GET /settings`: the member's own language (the same choice as the switch at the top), the workspace's language for
/// its owners, and the settings sub-pages the role may open — members and API tokens (owners), webhooks (owners and
/// managers), the same rules as the API. Every change is a CSRF form that redirects back with a `done=` flash.
enum SettingsPage {
    struct Section {
        let href: String
        let label: String
        let current: Bool
    }

    struct Model {
        let sections: [Section]
        let languages: [CustomerListPage.Option]
        let workspaceLanguages: [CustomerListPage.Option]
        let isOwner: Bool
        let languageError: String?
        let workspaceLanguageError: String?
    }

    static func add(to pages: RouterGroup<WebContext>, environment: WebEnvironment) {
        pages.get("/settings") { request, context in
            try render(request, context, environment)
        }
        pages.post("/settings/language") { request, context in
            guard let language = MessageCatalog.known(context.form["language"]) else {
                return try render(request, context, environment, languageError: "error_choose", status: .unprocessableContent)
            }
            try await environment.sessions.setLanguage(language, session: context.cookie)
            return WebRoutes.redirect("/settings?done=language")
        }
        pages.post("/settings/workspace-language") { request, context in
            try requireOwner(context)
            guard let language = MessageCatalog.known(context.form["language"]) else {
                return try render(request, context, environment, workspaceLanguageError: "error_choose", status: .unprocessableContent)
            }
            try await Access(database: environment.database).setLanguage(language, workspace: context.session.workspace.key)
            return WebRoutes.redirect("/settings?done=workspace_language")
        }
        let reveal = OneTimeReveal()
        SettingsMembersPage.add(to: pages, environment: environment)
        SettingsTokensPage.add(to: pages, environment: environment, reveal: reveal)
        SettingsWebhooksPage.add(to: pages, environment: environment, reveal: reveal)
        SettingsEmailPage.add(to: pages, environment: environment)
    }

    static func render(
        _ request: Request, _ context: WebContext, _ environment: WebEnvironment, languageError: String? = nil,
        workspaceLanguageError: String? = nil, status: HTTPResponse.Status = .ok
    ) throws -> Response {
        let catalog = environment.renderer.catalog
        func options(_ selected: String) -> [CustomerListPage.Option] {
            MessageCatalog.supported.map { CustomerListPage.Option(value: $0, label: MessageCatalog.names[$0] ?? $0, selected: $0 == selected) }
        }
        let page = Model(
            sections: sections(context, environment, current: "/settings"), languages: options(context.language),
            workspaceLanguages: options(context.session.workspace.language), isOwner: context.session.role == .owner,
            languageError: languageError.map { catalog.text($0, context.language) },
            workspaceLanguageError: workspaceLanguageError.map { catalog.text($0, context.language) })
        return try context.chrome(request).render("settings", titleKey: "nav_settings", page: page, status: status, renderer: environment.renderer)
    }

    /// The settings pages this member's role may open, the current one marked.
    static func sections(_ context: WebContext, _ environment: WebEnvironment, current: String) -> [Section] {
        let role = context.session.role
        var links: [(String, String)] = [("/settings", "settings_general")]
        if role == .owner { links += [("/settings/members", "settings_members"), ("/settings/tokens", "settings_tokens")] }
        if role == .owner || role == .manager { links.append(("/settings/webhooks", "settings_webhooks")) }
        if role == .owner { links.append(("/settings/email", "settings_email")) }
        return links.map { Section(href: $0.0, label: environment.renderer.catalog.text($0.1, context.language), current: $0.0 == current) }
    }

    /// 403 unless the member owns the workspace (members, tokens, the workspace's language — the API's rule).
    static func requireOwner(_ context: WebContext) throws {
        guard context.session.role == .owner else { throw WebError.forbidden }
    }

    /// 403 unless the member owns or manages the workspace (webhooks — the API's rule).
    static func requireWebhookManager(_ context: WebContext) throws {
        guard context.session.role == .owner || context.session.role == .manager else { throw WebError.forbidden }
    }

    /// The `{name}` path parameter as an id; 404 when it is not a number (nothing could have it).
    static func id(_ context: WebContext, _ name: String) throws -> Int64 {
        guard let text = context.parameters.get(name), let id = Int64(text), id > 0 else { throw WebError.notFound }
        return id
    }

    /// A time as the pages show it: `2026-03-01 14:05` (UTC).
    static func time(_ instant: Timestamp?) -> String {
        guard let instant else { return "" }
        return String(instant.description.replacingOccurrences(of: "T", with: " ").prefix(16))
    }

    /// The entered values of a form sent back (never the CSRF token or a password).
    static func entered(_ form: FormData) -> [String: String] {
        var values: [String: String] = [:]
        for (field, _) in form.fieldsByName where field != "csrf" && field != "password" { values[field] = form.raw(field) }
        return values
    }
}

/// Secrets shown once after a POST-redirect-GET: the POST keeps the text here under a random nonce bound to the session,
/// the redirected GET takes it out (a second GET finds nothing). Kept in memory only, for five minutes at most.
actor OneTimeReveal {
    private var items: [String: (session: String, text: String, until: Int64)] = [:]
    private let lifetime: Int64 = 300

    /// Keeps `text` for the session with CSRF token `session`; returns the nonce to put in the redirect.
    func keep(_ text: String, session: String) -> String {
        let now = Clock.system.now().seconds
        items = items.filter { $0.value.until > now }
        if items.count >= 1_000, let oldest = items.min(by: { $0.value.until < $1.value.until })?.key { items[oldest] = nil }
        let nonce = WebSessionSecret.randomToken()
        items[nonce] = (session, text, now + lifetime)
        return nonce
    }

    /// The text kept under `nonce` for this session, removed as it is read.
    func take(_ nonce: String?, session: String) -> String? {
        guard let nonce, let item = items[nonce], WebMiddleware.same(item.session, session) else { return nil }
        items[nonce] = nil
        return item.until > Clock.system.now().seconds ? item.text : nil
    }
}
