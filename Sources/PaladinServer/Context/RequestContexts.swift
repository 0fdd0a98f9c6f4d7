import Hummingbird
import PaladinStore

/// The context of every request: Hummingbird's core, plus the member a valid Bearer token stands for.
public struct AppRequestContext: RequestContext {
    /// Hummingbird's storage (logger, route parameters).
    public var coreContext: CoreRequestContextStorage
    /// Set by ``TokenAuthenticator`` when the request carries a valid token.
    public var principal: Principal?

    /// A fresh context with no member.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.principal = nil
        self.maxUploadSize = 1 << 20
        self.remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// The peer's IP address, when the connection has one (the public survey page limits by it).
    public var remoteAddress: String?

    /// Bodies larger than this answer 413: 1 MiB, raised for the routes that take files (``UploadLimitMiddleware``).
    public var maxUploadSize: Int

    /// The web application's view of the request: its session and form, set by ``WebSessionMiddleware``.
    var web = WebRequestState()
}

/// The context of an API route: a member is always there. A handler taking this context cannot be reached
/// without a valid token; the workspace of every call is the token's.
public struct MemberContext: ChildRequestContext {
    /// Hummingbird's storage (logger, route parameters).
    public var coreContext: CoreRequestContextStorage
    /// Who is calling, in which role and workspace.
    public let principal: Principal

    /// The member context of `context`; 401 when no token was accepted.
    public init(context: AppRequestContext) throws {
        guard let principal = context.principal else { throw Problem.unauthorized("a valid Bearer token is required") }
        self.coreContext = context.coreContext
        self.principal = principal
        self.maxUploadSize = context.maxUploadSize
    }

    /// Bodies larger than this answer 413 (the parent context's limit).
    public let maxUploadSize: Int
}

/// Sets the body limit of the routes it guards (CSV imports), ahead of every middleware that reads the body.
struct UploadLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let maxBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.maxUploadSize = maxBytes
        return try await next(request, context)
    }
}
