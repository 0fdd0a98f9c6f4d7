import Hummingbird
import Logging

/// Logs each request like Hummingbird's `LogRequestsMiddleware` ("Request", `hb.request.method`, `hb.request.path`),
/// but never a secret or a person's data: a survey link (`/s/{link}`, a bearer capability) is replaced by
/// `/s/{link}`, and the query keeps its parameter names only (values can be searched names or e-mail addresses, or the
/// nonce of a secret shown once). Headers (Authorization, Cookie) are not logged at all.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let level: Logger.Level

    init(_ level: Logger.Level) {
        self.level = level
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        context.logger.log(level: level, "Request", metadata: [
            "hb.request.path": .string(RequestLog.redacted(path: request.uri.path, query: request.uri.query)),
            "hb.request.method": .string(request.method.rawValue),
        ])
        return try await next(request, context)
    }
}

/// How a request's address appears in logs.
enum RequestLog {
    /// Path prefixes whose next segment is a secret.
    static let secretSegments = ["/s/"]

    /// The path with secret segments replaced, and the query's parameter names without their values.
    static func redacted(path: String, query: String?) -> String {
        let path = redacted(path: path)
        guard let query, !query.isEmpty else { return path }
        let names = query.split(separator: "&").map { $0.split(separator: "=", maxSplits: 1).first.map(String.init) ?? "" }
        return path + "?" + names.map { $0 + "=…" }.joined(separator: "&")
    }

    /// The path with secret segments replaced by their route parameter's name.
    static func redacted(path: String) -> String {
        for prefix in secretSegments where path.hasPrefix(prefix) && path.count > prefix.count {
            let rest = path.dropFirst(prefix.count)
            let tail = rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? ""
            return prefix + "{link}" + tail
        }
        return path
    }
}
