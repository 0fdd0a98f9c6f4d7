import Hummingbird
import PaladinCore
import PaladinStore

/// `GET /settings/tokens`, for owners (403 otherwise, as the API): the workspace's API tokens with the member each acts
/// as, when it was created and last used; create one (shown once, after the redirect, with a hint to copy it now) and
/// revoke one. Another workspace's token is never found (404).
enum SettingsTokensPage {
    struct Row {
        let id: Int64
        let name: String
        let member: String
        let created: String
        let lastUsed: String
        let revoked: String?
    }

    struct Model {
        let sections: [SettingsPage.Section]
        let tokens: [Row]
        let hasTokens: Bool
        let members: [CustomerListPage.Option]
        let form: CustomerDetailPage.FormView
        /// The token just created, shown this once.
        let created: String?
    }

    static func add(to pages: RouterGroup<WebContext>, environment: WebEnvironment, reveal: OneTimeReveal) {
        pages.get("/settings/tokens") { request, context in
            try SettingsPage.requireOwner(context)
            let created = await reveal.take(request.uri.queryParameters.get("shown"), session: context.session.csrfToken)
            return try await render(request, context, environment, created: created)
        }
        pages.post("/settings/tokens") { request, context in
            try SettingsPage.requireOwner(context)
            let form = context.form
            let workspace = context.session.workspace.key
            let access = Access(database: environment.database)
            var errors: [String: String] = [:]
            let name = form["name"]
            if name == nil { errors["name"] = "error_required" }
            let member = form["member"]
            let members = try await access.members(workspace: workspace)
            if member == nil || !members.contains(where: { $0.0.email == member }) { errors["member"] = "error_choose" }
            guard errors.isEmpty, let name, let member else {
                return try await render(request, context, environment, errors: errors, status: .unprocessableContent)
            }
            let text: String
            do {
                text = try await access.createToken(member: member, workspace: workspace, name: name).1
            } catch PaladinError.conflict {
                return try await render(request, context, environment, errors: ["name": "error_token_name_taken"], status: .conflict)
            }
            let nonce = await reveal.keep(text, session: context.session.csrfToken)
            return WebRoutes.redirect("/settings/tokens?done=token_created&shown=\(nonce)")
        }
        pages.post("/settings/tokens/{id}/revoke") { _, context in
            try SettingsPage.requireOwner(context)
            let id = try SettingsPage.id(context, "id")
            let workspace = context.session.workspace
            try await environment.database.transaction { sql in
                let tokens = TokenStore(sql, workspace: workspace.id)
                guard let token = try await tokens.find(id: id) else { throw WebError.notFound }
                if token.revokedAt == nil { try await tokens.revoke(id: id, at: Clock.system.now()) }
            }
            return WebRoutes.redirect("/settings/tokens?done=token_revoked")
        }
    }

    static func render(
        _ request: Request, _ context: WebContext, _ environment: WebEnvironment, errors: [String: String] = [:], created: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let catalog = environment.renderer.catalog
        func t(_ key: String) -> String { catalog.text(key, context.language) }
        let access = Access(database: environment.database)
        let workspace = context.session.workspace.key
        let values = errors.isEmpty ? [:] : SettingsPage.entered(context.form)
        let tokens = try await access.tokens(workspace: workspace).map { token, member in
            Row(id: token.id, name: token.name, member: member, created: SettingsPage.time(token.createdAt),
                lastUsed: token.lastUsedAt.map { SettingsPage.time($0) } ?? t("token_never"), revoked: token.revokedAt.map { SettingsPage.time($0) })
        }
        let members = try await access.members(workspace: workspace).map { member, _ in
            CustomerListPage.Option(value: member.email, label: "\(member.name) <\(member.email)>",
                                    selected: member.email == (values["member"] ?? context.session.member.email))
        }
        let page = Model(
            sections: SettingsPage.sections(context, environment, current: "/settings/tokens"), tokens: tokens, hasTokens: !tokens.isEmpty,
            members: members, form: CustomerDetailPage.FormView(values: values, errors: errors.mapValues(t), hasErrors: !errors.isEmpty),
            created: created)
        return try context.chrome(request).render("settings-tokens", titleKey: "settings_tokens", page: page, status: status,
                                                  renderer: environment.renderer)
    }
}
