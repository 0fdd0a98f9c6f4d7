import Hummingbird
import NIOConcurrencyHelpers

/// The routes' paths and methods, filled once the router is built (middleware is added before the routes are).
final class RouteTable: Sendable {
    private struct Pattern {
        /// Each segment: its literal text, or nil for a `{parameter}`.
        let segments: [Substring?]
        var methods: [String]
    }

    private let patterns = NIOLockedValueBox<[Pattern]>([])

    /// Records the router's routes.
    func fill<Context>(from router: Router<Context>) {
        var result: [Pattern] = []
        for route in router.routes {
            let segments: [Substring?] = "\(route.path)".split(separator: "/").map { $0.hasPrefix("{") ? nil : $0 }
            if let index = result.firstIndex(where: { $0.segments == segments }) {
                result[index].methods.append(route.method.rawValue)
            } else {
                result.append(Pattern(segments: segments, methods: [route.method.rawValue]))
            }
        }
        patterns.withLockedValue { $0 = result }
    }

    /// The methods some route answers at `path`, sorted; empty when no route has this path.
    func methods(at path: String) -> [String] {
        let parts = path.split(separator: "/")
        let patterns = self.patterns.withLockedValue { $0 }
        var methods: [String] = []
        for pattern in patterns where pattern.segments.count == parts.count {
            var matches = true
            for (segment, part) in zip(pattern.segments, parts) where segment != nil && segment != part {
                matches = false
                break
            }
            if matches { methods += pattern.methods }
        }
        return methods.sorted()
    }
}

/// A path that exists, asked with a method it does not answer, is 405 with `Allow` (RFC 9110), not 404.
/// Only consulted when the router found no route, so answered requests pay nothing.
struct MethodNotAllowedMiddleware<Context: RequestContext>: RouterMiddleware {
    let table: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let allowed = table.methods(at: request.uri.path)
            guard !allowed.isEmpty, !allowed.contains(request.method.rawValue) else { throw error }
            var response = try Problem(
                status: .methodNotAllowed, slug: "method-not-allowed",
                detail: "\(request.uri.path) answers \(allowed.joined(separator: ", ")), not \(request.method.rawValue)"
            ).response(from: request, context: context)
            response.headers[.allow] = allowed.joined(separator: ", ")
            return response
        }
    }
}
