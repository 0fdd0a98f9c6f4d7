import Hummingbird
import PaladinStore

/// `POST /api/v1/sessions`: sign in with email and password to a workspace; answers a new API token.
enum SessionRoutes {
    struct SignInBody: Decodable {
        let email: String
        let password: String
        let workspace: String
    }

    struct SessionView: Encodable {
        let token: String
        let token_id: Int64
        let workspace: String
    }

    static func add(to router: Router<AppRequestContext>, database: PaladinDatabase, hasher: any PasswordHasher, limiter: SignInLimiter) {
        router.post("/api/v1/sessions") { request, context in
            let body = try await Body.decode(SignInBody.self, from: request, context: context)
            let email = body.email.lowercased()
            if let wait = await limiter.retryAfter(email) {
                var response = try Problem(status: .tooManyRequests, slug: "too-many-sign-ins",
                                           detail: "too many failed sign-ins for this email; try again in \(wait) seconds")
                    .response(from: request, context: context)
                // Retry-After tells the client when it may try again.
                response.headers[.retryAfter] = String(wait)
                return response
            }
            guard let (token, text) = try await Access(database: database).signIn(
                email: body.email, password: body.password, workspace: body.workspace, hasher: hasher)
            else {
                await limiter.failed(email)
                throw Problem.unauthorized("the email, password or workspace is not right")
            }
            await limiter.succeeded(email)
            return try Body.json(SessionView(token: text, token_id: token.id, workspace: body.workspace), status: .created)
        }
    }
}
