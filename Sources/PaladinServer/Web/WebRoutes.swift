import Hummingbird
import PaladinCore
import PaladinStore

/// The web application people work in: server-rendered HTML under `/`, signed in with a session cookie.
/// Registered by the composition root with one call; every page answers HTML, never problem+json.
enum WebRoutes {
    static func add(
        to router: Router<AppRequestContext>, database: PaladinDatabase, hasher: any PasswordHasher, limiter: SignInLimiter,
        configuration: ServerConfiguration
    ) {
        let renderer: WebRenderer
        do {
            renderer = try WebRenderer.load()
        } catch {
            // The templates ship inside the binary: a broken one is a broken build, caught by the tests.
            fatalError("the web application cannot start: \(error)")
        }
        let environment = WebEnvironment(
            database: database, renderer: renderer, hasher: hasher, limiter: limiter, secureCookies: configuration.secureCookies,
            publicURL: configuration.publicURL)
        let table = RouteTable()
        router.add(middleware: WebNotFoundMiddleware(environment: environment, table: table))
        router.get("/static/{file}") { _, context in
            guard let asset = renderer.assets[try context.parameters.require("file")] else { throw HTTPError(.notFound) }
            var headers: HTTPFields = [.contentType: asset.type, .cacheControl: "public, max-age=3600"]
            SecurityHeaders.apply(to: &headers)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: asset.body)))
        }
        SurveyAnswerPage.add(to: router, renderer: renderer, database: database)
        let web = router.group().add(middleware: WebMiddleware(environment: environment))
        SignInPages.add(to: web, environment: environment)
        let pages = web.group(context: WebContext.self)
        SignInPages.addSignedIn(to: pages, environment: environment)
        CustomerListPage.add(to: pages, environment: environment)
        CustomerDetailPage.add(to: pages, environment: environment)
        BoardPage.add(to: pages, environment: environment)
        SemaphorePage.add(to: pages, environment: environment)
        ModelListPage.add(to: pages, environment: environment)
        ModelPage.add(to: pages, environment: environment)
        // The CSV upload takes bodies up to --max-import-bytes (plus room for the form's other fields); every other page 1 MiB.
        let uploads = router.group()
            .add(middleware: UploadLimitMiddleware(maxBytes: configuration.maxImportBytes + ImportPage.formOverhead))
            .add(middleware: WebMiddleware(environment: environment))
            .group(context: WebContext.self)
        ImportPage.add(to: pages, uploads: uploads, environment: environment, maxBytes: configuration.maxImportBytes)
        SettingsPage.add(to: pages, environment: environment)
        SurveyPages.add(to: pages, environment: environment)
        TodayPage.add(to: pages, environment: environment)
        ReportPages.add(to: pages, environment: environment)
        table.fill(from: router)
    }

    /// `back` when it is a path of this site (never `//host` or a URL), else `fallback`: no open redirects.
    static func localPath(_ back: String?, fallback: String) -> String {
        guard let back, back.hasPrefix("/"), !back.hasPrefix("//"), !back.contains("\\"), !back.contains("\r"), !back.contains("\n")
        else { return fallback }
        return back
    }

    /// A 303 to `location` (after a POST, the browser GETs it).
    static func redirect(_ location: String, cookies: [String] = []) -> Response {
        var headers: HTTPFields = [.location: location]
        for cookie in cookies { headers.append(HTTPFields.Element(name: .setCookie, value: cookie)) }
        return Response(status: .seeOther, headers: headers)
    }
}

/// Sign-in, sign-out and the language switch.
enum SignInPages {
    struct Model {
        let email: String
        let workspace: String
        let error: String?
    }

    static func add(to web: RouterGroup<AppRequestContext>, environment: WebEnvironment) {
        web.get("/") { _, context in
            WebRoutes.redirect(context.web.session == nil ? "/sign-in" : "/today")
        }
        web.get("/sign-in") { request, context in
            if context.web.session != nil { return WebRoutes.redirect("/today") }
            return try signInPage(request, context, environment, model: Model(email: "", workspace: "default", error: nil), status: .ok)
        }
        web.post("/sign-in") { request, context in
            let form = context.web.form
            let email = (form["email"] ?? "").lowercased()
            let workspace = form["workspace"] ?? ""
            let entered = Model(email: form.raw("email"), workspace: form.raw("workspace"), error: nil)
            if let wait = await environment.limiter.retryAfter(email) {
                var response = try signInPage(
                    request, context, environment, model: Model(email: entered.email, workspace: entered.workspace, error: "sign_in_too_many"),
                    status: .tooManyRequests)
                response.headers[.retryAfter] = String(wait)
                return response
            }
            guard let (member, found) = try await environment.sessions.check(
                email: email, password: form.raw("password"), workspace: workspace, hasher: environment.hasher)
            else {
                await environment.limiter.failed(email)
                return try signInPage(
                    request, context, environment, model: Model(email: entered.email, workspace: entered.workspace, error: "sign_in_failed"),
                    status: .unprocessableContent)
            }
            await environment.limiter.succeeded(email)
            let cookie = try await environment.sessions.start(
                member: member, workspace: found, language: MessageCatalog.known(request.cookies[WebCookie.language]?.value))
            return WebRoutes.redirect("/today", cookies: [
                WebCookie.header(WebCookie.session, cookie, secure: environment.secureCookies, maxAge: WebSessions.lifetime),
            ])
        }
        web.post("/language") { request, context in
            guard let language = MessageCatalog.known(context.web.form["language"]) else { throw WebError.badRequest }
            let back = WebRoutes.localPath(context.web.form["back"], fallback: "/")
            if let cookie = context.web.cookie {
                try await environment.sessions.setLanguage(language, session: cookie)
                return WebRoutes.redirect(back)
            }
            return WebRoutes.redirect(back, cookies: [
                WebCookie.header(WebCookie.language, language, secure: environment.secureCookies, maxAge: 365 * 24 * 3600),
            ])
        }
    }

    static func addSignedIn(to pages: RouterGroup<WebContext>, environment: WebEnvironment) {
        pages.post("/sign-out") { _, context in
            try await environment.sessions.end(context.cookie)
            return WebRoutes.redirect("/sign-in", cookies: [
                WebCookie.header(WebCookie.session, "", secure: environment.secureCookies, maxAge: 0),
            ])
        }
    }

    /// The sign-in page, with the visitor's CSRF cookie (set now when missing).
    static func signInPage(
        _ request: Request, _ context: AppRequestContext, _ environment: WebEnvironment, model: Model, status: HTTPResponse.Status
    ) throws -> Response {
        let existing = request.cookies[WebCookie.csrf]?.value
        let csrf = existing.flatMap { $0.count == 64 ? $0 : nil } ?? WebSessionSecret.randomToken()
        let chrome = Chrome(language: context.web.language, session: nil, csrf: csrf, path: "/sign-in")
        var page = model
        if let error = model.error { page = Model(email: model.email, workspace: model.workspace, error: environment.renderer.catalog.text(error, context.web.language)) }
        var response = try chrome.render("sign-in", titleKey: "sign_in", page: page, status: status, renderer: environment.renderer)
        if csrf != existing {
            response.headers.append(HTTPFields.Element(name: .setCookie, value: WebCookie.header(WebCookie.csrf, csrf, secure: environment.secureCookies)))
        }
        return response
    }
}
