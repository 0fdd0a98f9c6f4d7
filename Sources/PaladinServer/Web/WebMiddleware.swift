import Foundation
import Hummingbird
import Logging
import PaladinCore
import PaladinStore

/// Names and attributes of the web application's cookies.
enum WebCookie {
    /// The session cookie: its value selects and proves a row of `web_sessions`.
    static let session = "paladin_session"
    /// Before sign-in: the CSRF token of the sign-in and language forms (double-submit), and the language chosen.
    static let csrf = "paladin_csrf"
    static let language = "paladin_language"

    /// A `Set-Cookie` value: always `HttpOnly; SameSite=Lax; Path=/`, `Secure` when configured; `maxAge` 0 deletes it.
    static func header(_ name: String, _ value: String, secure: Bool, maxAge: Int64? = nil) -> String {
        var text = "\(name)=\(value); Path=/; HttpOnly; SameSite=Lax"
        if let maxAge { text += "; Max-Age=\(maxAge)" }
        if secure { text += "; Secure" }
        return text
    }
}

/// The web application's runtime: what every handler and middleware needs.
struct WebEnvironment: Sendable {
    let database: PaladinDatabase
    let renderer: WebRenderer
    let hasher: any PasswordHasher
    let limiter: SignInLimiter
    /// Whether cookies carry `Secure` (the server is reached over HTTPS).
    let secureCookies: Bool
    /// The address customers reach the server at: survey links start with it (nil: the request's own address).
    var publicURL: String?

    var sessions: WebSessions { WebSessions(database: database) }
}

/// The web application's one middleware: reads the session cookie, decides the language, refuses a POST whose CSRF
/// token does not match (403) before any handler runs, maps every failure once to an HTML error page with its real
/// status code, and puts the security headers on every response. Internal errors are logged at `error` and shown as a
/// bare 500 page. A signed-in form carries the session's CSRF token; the sign-in and language forms of a visitor carry
/// the `paladin_csrf` cookie's token (double submit).
struct WebMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let environment: WebEnvironment

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        var request = request
        var response: Response
        do {
            try await load(&request, &context)
            response = try await next(request, context)
        } catch {
            response = errorResponse(error, request: request, context: context)
        }
        SecurityHeaders.apply(to: &response.headers)
        return response
    }

    private func load(_ request: inout Request, _ context: inout Context) async throws {
        if let cookie = request.cookies[WebCookie.session]?.value, !cookie.isEmpty,
           let session = try await environment.sessions.find(cookie) {
            context.web.session = session
            context.web.cookie = cookie
            context.logger[metadataKey: "member"] = .string(session.member.email)
            context.logger[metadataKey: "workspace"] = .string(session.workspace.key)
        }
        context.web.language = MessageCatalog.known(context.web.session?.language)
            ?? context.web.session.flatMap { MessageCatalog.known($0.workspace.language) }
            ?? MessageCatalog.known(request.cookies[WebCookie.language]?.value)
            ?? MessageCatalog.preferred(acceptLanguage: request.headers[.acceptLanguage])
            ?? "en"
        guard request.method == .post else { return }
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let form = try FormData(body: body, contentType: request.headers[.contentType])
        let expected = context.web.session?.csrfToken ?? request.cookies[WebCookie.csrf]?.value
        guard let expected, !expected.isEmpty, let sent = form["csrf"], Self.same(sent, expected) else {
            throw WebError.forbidden
        }
        context.web.form = form
    }

    /// Compares in constant time for equal lengths.
    static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }

    func errorResponse(_ error: any Error, request: Request, context: Context) -> Response {
        let status: HTTPResponse.Status
        var allow: [String] = []
        switch error {
        case WebError.signInRequired:
            if request.method == .get || request.method == .head {
                return Response(status: .seeOther, headers: [.location: "/sign-in"])
            }
            status = .forbidden
        case WebError.forbidden: status = .forbidden
        case WebError.notFound: status = .notFound
        case WebError.badRequest: status = .badRequest
        case WebError.methodNotAllowed(let methods):
            status = .methodNotAllowed
            allow = methods
        case PaladinError.notFound: status = .notFound
        case PaladinError.invalid: status = .unprocessableContent
        case PaladinError.refused, PaladinError.conflict: status = .conflict
        case let problem as Problem where problem.status.code < 500: status = problem.status
        case let error as HTTPError where error.status.code < 500: status = error.status
        // A body over the route's limit (NIOTooManyBytesError from collectBody) is the visitor's 413, not our 500.
        case let error as any HTTPResponseError where error.status == .contentTooLarge: status = .contentTooLarge
        default:
            context.logger.error("web request failed", metadata: ["error": "\(String(reflecting: error))", "path": "\(RequestLog.redacted(path: request.uri.path))"])
            status = .internalServerError
        }
        var response = WebErrorPage.response(status: status, language: context.web.language, session: context.web.session,
                                             path: request.uri.path, renderer: environment.renderer, logger: context.logger)
        if !allow.isEmpty { response.headers[.allow] = allow.joined(separator: ", ") }
        return response
    }
}

/// Unknown paths outside the API answer an HTML 404 (or 405 with `Allow` when the path answers other methods).
struct WebNotFoundMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let environment: WebEnvironment
    let table: RouteTable

    /// Paths that belong to the API or to operations, which keep their problem+json answers.
    static func isMachinePath(_ path: String) -> Bool {
        path.hasPrefix("/api/") || path == "/api" || ["/health", "/ready", "/metrics"].contains(path)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && !Self.isMachinePath(request.uri.path) {
            let allowed = table.methods(at: request.uri.path)
            let methodNotAllowed = !allowed.isEmpty && !allowed.contains(request.method.rawValue)
            let language = MessageCatalog.known(request.cookies[WebCookie.language]?.value)
                ?? MessageCatalog.preferred(acceptLanguage: request.headers[.acceptLanguage]) ?? "en"
            var response = WebErrorPage.response(
                status: methodNotAllowed ? .methodNotAllowed : .notFound, language: language, session: nil, path: request.uri.path,
                renderer: environment.renderer, logger: context.logger)
            if methodNotAllowed { response.headers[.allow] = allowed.joined(separator: ", ") }
            SecurityHeaders.apply(to: &response.headers)
            return response
        }
    }
}
