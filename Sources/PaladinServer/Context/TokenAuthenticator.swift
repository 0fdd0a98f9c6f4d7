import Hummingbird
import PaladinStore

/// Reads `Authorization: Bearer TOKEN` and, when the token is valid and not revoked, puts its member,
/// role and workspace on the context. Anything else answers 401 before a handler runs.
struct TokenAuthenticator: RouterMiddleware {
    typealias Context = AppRequestContext
    let access: Access

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw Problem.unauthorized("a Bearer token is required in the Authorization header")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer",
              let principal = try await access.authenticate(String(parts[1]).trimmingCharacters(in: .whitespaces)) else {
            throw Problem.unauthorized("the token is not valid or has been revoked")
        }
        var context = context
        context.principal = principal
        context.logger[metadataKey: "member"] = .string(principal.member.email)
        context.logger[metadataKey: "workspace"] = .string(principal.workspace.key)
        return try await next(request, context)
    }
}
