import HTTPTypes
import Hummingbird

/// Puts the security headers on every response of the server, whatever produced it: the API (JSON, problem+json, CSV),
/// health, metrics, the OpenAPI document, static files, and the errors Hummingbird makes itself (404 for an unknown
/// path, 405, 413). The web application's pages keep the stricter policy `WebMiddleware` gives them; here a header is
/// only added when the response has none.
///
/// - `Content-Security-Policy: default-src 'none'; frame-ancestors 'none'` — a JSON or text response runs nothing and
///   is framed nowhere, even when opened in a browser.
/// - `X-Content-Type-Options: nosniff`, `Referrer-Policy: same-origin`.
/// - `Strict-Transport-Security` when the server is reached over HTTPS only (`secureCookies`).
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The policy of responses that are not web pages.
    static var contentSecurityPolicy: String { "default-src 'none'; frame-ancestors 'none'" }
    static var strictTransportSecurity: HTTPField.Name { HTTPField.Name("Strict-Transport-Security")! }

    let https: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        } catch {
            // ProblemMiddleware turns every other failure into a problem; this is only a last resort.
            response = Response(status: .internalServerError)
        }
        apply(to: &response.headers)
        return response
    }

    func apply(to headers: inout HTTPFields) {
        if headers[.contentSecurityPolicy] == nil { headers[.contentSecurityPolicy] = Self.contentSecurityPolicy }
        if headers[.xContentTypeOptions] == nil { headers[.xContentTypeOptions] = "nosniff" }
        if headers[SecurityHeaders.referrerPolicy] == nil { headers[SecurityHeaders.referrerPolicy] = "same-origin" }
        if https, headers[Self.strictTransportSecurity] == nil { headers[Self.strictTransportSecurity] = "max-age=31536000" }
    }
}
