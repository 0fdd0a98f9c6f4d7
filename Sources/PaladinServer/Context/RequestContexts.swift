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
    }

    /// Bodies larger than this answer 413.
    public var maxUploadSize: Int { 1 << 20 }
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
    }

    /// Bodies larger than this answer 413.
    public var maxUploadSize: Int { 1 << 20 }
}
