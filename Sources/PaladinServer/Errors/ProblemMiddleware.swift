import Hummingbird
import Logging
import PaladinCore
import PaladinStore

/// Maps every failure, once, to a problem+json response. Failures a client caused keep their meaning
/// (400/403/404/409/413/415/422); anything else is logged at `error` and answers a bare 500, never its text.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            throw problem
        } catch let error as PaladinError {
            throw Self.problem(for: error)
        } catch let error as HTTPError {
            // Hummingbird's own: no such route (404), body too large (413), and the like.
            if error.status.code >= 500 {
                context.logger.error("request failed", metadata: ["error": "\(error)", "path": "\(RequestLog.redacted(path: request.uri.path))"])
                throw Problem.internalError
            }
            throw Problem(status: error.status, slug: error.status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "-"),
                          detail: error.body ?? error.status.reasonPhrase)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))", "path": "\(RequestLog.redacted(path: request.uri.path))"])
            throw Problem.internalError
        }
    }

    /// The problem a use case's failure stands for.
    static func problem(for error: PaladinError) -> Problem {
        switch error {
        case .notFound(let message):
            return .notFound(message)
        case .invalid(let field, let message):
            let name = WireName.field(field)
            return .unprocessable("\(name): \(message)", errors: [.init(field: name, message: message)])
        case .refused(let refusal):
            var unmet: [String]?
            if case .unmetMarkers(_, let markers) = refusal { unmet = markers.map(\.key) }
            return Problem(status: .conflict, slug: "move-refused", detail: refusal.description, unmetMarkers: unmet)
        case .conflict(let message):
            return Problem(status: .conflict, slug: "conflict", detail: message)
        case .model(let document):
            let errors = document.issues.map { issue in
                Problem.FieldError(field: issue.path.isEmpty ? "body" : issue.path,
                                   message: issue.line.map { "line \($0): \(issue.message)" } ?? issue.message)
            }
            // A document that is not YAML or JSON at all is malformed (400); one that reads but breaks the rules is 422.
            if document.isUnreadable { return .badRequest("the model document cannot be read", errors: errors) }
            return .unprocessable("the model was rejected", errors: errors)
        }
    }
}

/// Names on the wire: the use cases name fields as CLI options (`--external-id`); the API names them `external_id`.
enum WireName {
    static func field(_ name: String) -> String {
        var text = name
        while text.hasPrefix("-") { text.removeFirst() }
        return text.replacingOccurrences(of: "-", with: "_")
    }
}
