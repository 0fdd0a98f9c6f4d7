import Hummingbird
import PaladinCore
import PaladinStore

/// `GET /settings/email`, for owners (403 otherwise): the SMTP relay survey invitations are sent through — host, port,
/// TLS mode, user name, password (set or replaced, never shown: left empty it stays as stored), sender — removing it,
/// and sending a test message to the signed-in member. The rules are ``WorkspaceSession/setSurveySMTP(_:)``'s.
enum SettingsEmailPage {
    struct Model {
        let sections: [SettingsPage.Section]
        let configured: Bool
        let hasPassword: Bool
        let modes: [CustomerListPage.Option]
        let form: CustomerDetailPage.FormView
        let me: String
        /// Why the test message was not sent, when it was not.
        let testFailure: String?
    }

    /// The CLI's field names (the store's messages use them) as the form's.
    static let fields = ["--smtp-host": "host", "--smtp-port": "port", "--from": "from", "--smtp-tls": "tls", "--smtp-user": "user",
                         "--smtp-password-stdin": "password"]

    static func add(to pages: RouterGroup<WebContext>, environment: WebEnvironment) {
        pages.get("/settings/email") { request, context in
            try SettingsPage.requireOwner(context)
            return try await render(request, context, environment)
        }
        pages.post("/settings/email") { request, context in
            try SettingsPage.requireOwner(context)
            let form = context.form
            let session = context.workspace(environment.database)
            let stored = try await session.surveySMTP()
            guard let port = Int(form.raw("port").trimmingSpaces), (1...65_535).contains(port) else {
                return try await render(request, context, environment, errors: ["port": "smtp_invalid_port"], status: .unprocessableContent)
            }
            guard let security = SMTPSecurity(rawValue: form.raw("tls")) else {
                return try await render(request, context, environment, errors: ["tls": "error_choose"], status: .unprocessableContent)
            }
            let user = form["user"]
            // An empty password field keeps the stored password of the same user.
            let password = form.raw("password").trimmingSpaces.isEmpty ? (user != nil && stored?.user == user ? stored?.password : nil) : form.raw("password")
            let settings = SMTPSettings(host: form.raw("host").trimmingSpaces, port: port, from: form.raw("from").trimmingSpaces,
                                        security: security, user: user, password: password)
            do {
                try await session.setSurveySMTP(settings)
            } catch PaladinError.invalid(let field, _) {
                let name = fields[field] ?? "host"
                return try await render(request, context, environment, errors: [name: "smtp_invalid_\(name)"], status: .unprocessableContent)
            }
            return WebRoutes.redirect("/settings/email?done=smtp_saved")
        }
        pages.post("/settings/email/delete") { _, context in
            try SettingsPage.requireOwner(context)
            try await context.workspace(environment.database).setSurveySMTP(nil)
            return WebRoutes.redirect("/settings/email?done=smtp_removed")
        }
        pages.post("/settings/email/test") { request, context in
            try SettingsPage.requireOwner(context)
            let session = context.workspace(environment.database)
            let base = environment.publicURL ?? "http://\(request.head.authority ?? "127.0.0.1")"
            // No relay: 409, the error page (the button is shown only with one).
            if let failure = try await SurveyMailer(session: session, publicURL: base).sendTest(to: context.session.member.email, language: context.language) {
                return try await render(request, context, environment, testFailure: failure, status: .badGateway)
            }
            return WebRoutes.redirect("/settings/email?done=smtp_test_sent")
        }
    }

    static func render(
        _ request: Request, _ context: WebContext, _ environment: WebEnvironment, errors: [String: String] = [:], testFailure: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let catalog = environment.renderer.catalog
        func t(_ key: String) -> String { catalog.text(key, context.language) }
        let stored = try await context.workspace(environment.database).surveySMTP()
        var values: [String: String] = [:]
        if errors.isEmpty {
            if let stored {
                values = ["host": stored.host, "port": String(stored.port), "from": stored.from, "tls": stored.security.rawValue, "user": stored.user ?? ""]
            } else {
                values = ["port": "587", "tls": SMTPSecurity.auto.rawValue]
            }
        } else {
            values = SettingsPage.entered(context.form)
        }
        let mode = values["tls"] ?? SMTPSecurity.auto.rawValue
        let page = Model(
            sections: SettingsPage.sections(context, environment, current: "/settings/email"), configured: stored != nil,
            hasPassword: stored?.password != nil,
            modes: SMTPSecurity.allCases.map { CustomerListPage.Option(value: $0.rawValue, label: t("smtp_tls_\($0.rawValue)"), selected: $0.rawValue == mode) },
            form: CustomerDetailPage.FormView(values: values, errors: errors.mapValues(t), hasErrors: !errors.isEmpty),
            me: context.session.member.email, testFailure: testFailure)
        return try context.chrome(request).render("settings-email", titleKey: "settings_email", page: page, status: status,
                                                  renderer: environment.renderer)
    }
}
