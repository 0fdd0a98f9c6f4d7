import Hummingbird
import PaladinCore
import PaladinStore

/// What the web middleware learnt about a request: the signed-in session (if any) and the decoded form of a POST.
struct WebRequestState: Sendable {
    /// The session the cookie stands for.
    var session: WebSession?
    /// The cookie's value (to change or end the session).
    var cookie: String?
    /// The fields of a POSTed form (already checked for its CSRF token).
    var form = FormData()
    /// The language pages are shown in.
    var language = "en"
}

/// The context of a web page: a signed-in member is always there. A handler taking this context cannot be reached
/// without a session (GET redirects to /sign-in, POST answers 403).
struct WebContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    /// Who is signed in, in which role and workspace.
    let session: WebSession
    /// The session cookie's value.
    let cookie: String
    /// The POSTed form, its CSRF token already checked.
    let form: FormData
    /// The language of the interface.
    let language: String
    let maxUploadSize: Int

    init(context: AppRequestContext) throws {
        guard let session = context.web.session, let cookie = context.web.cookie else { throw WebError.signInRequired }
        self.coreContext = context.coreContext
        self.session = session
        self.cookie = cookie
        self.form = context.web.form
        self.language = context.web.language
        self.maxUploadSize = context.maxUploadSize
    }

    /// The use cases in the session's workspace, acting as its member.
    func workspace(_ database: PaladinDatabase) -> WorkspaceSession {
        WorkspaceSession(database: database, workspace: session.workspace, clock: .system, actor: session.member.email)
    }

    /// Whether the member may change `customer` (owners and managers every one, agents their own, viewers none).
    func works(_ customer: Customer) -> Bool {
        session.role.canWrite && (session.role.worksEveryCustomer || session.member.owns(customer.owner))
    }

    /// 403 page unless the member may change `customer` — the API's rule.
    func requireWorks(_ customer: Customer) throws {
        guard works(customer) else { throw WebError.forbidden }
    }
}

/// The failures of the web application, each mapped once to a page with its real status (``WebPageMiddleware``).
enum WebError: Error, Equatable {
    /// No session: GET goes to /sign-in, anything else is 403.
    case signInRequired
    /// The role may not do this, or the form's CSRF token is missing or wrong.
    case forbidden
    /// No such page or record in this workspace.
    case notFound
    /// A path that answers other methods (the list goes in `Allow`).
    case methodNotAllowed([String])
    /// A request a person cannot have made from our forms (a malformed field of a link or a form).
    case badRequest
}

/// A POSTed `application/x-www-form-urlencoded` body, or a URL query: each name with its values in order.
struct FormData: Sendable, Equatable {
    private(set) var fields: [String: [String]] = [:]
    /// The files of a `multipart/form-data` form, by field name (``FormData/init(multipart:boundary:)``).
    private(set) var files: [String: UploadedFile] = [:]

    init() {}

    /// A form of `fields` and `files` (a decoded multipart body).
    init(fields: [String: [String]], files: [String: UploadedFile]) {
        self.fields = fields
        self.files = files
    }

    /// Decodes `a=1&b=two+words&c=%3Cx%3E`.
    init(urlEncoded text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                let plus = part.replacingOccurrences(of: "+", with: " ")
                return plus.removingPercentEncoding ?? plus
            }
            let name = decode(parts[0])
            fields[name, default: []].append(parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    /// The first value of `name`, trimmed; nil when absent or blank.
    subscript(_ name: String) -> String? {
        fields[name]?.first?.trimmingSpaces.nilIfEmpty
    }

    /// Every field with its values.
    var fieldsByName: [String: [String]] { fields }

    /// The first value of `name` as sent (empty when absent): to show a person's input back to them.
    func raw(_ name: String) -> String { fields[name]?.first ?? "" }
}
