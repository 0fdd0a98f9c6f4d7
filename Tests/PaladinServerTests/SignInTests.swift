import Foundation
import Hummingbird
import HummingbirdTesting
import PaladinServer
import Testing

@Suite("Signing in with a password")
struct SignInTests {
    func signIn(_ client: any TestClientProtocol, _ email: String, _ password: String, workspace: String = "acme") async throws -> TestResponse {
        try await client.call(.post, "/api/v1/sessions", token: nil,
                              json: #"{"email":"\#(email)","password":"\#(password)","workspace":"\#(workspace)"}"#)
    }

    @Test("the right email and password give a token that works at once")
    func success() async throws {
        try await Fixture.withApp { client, _ in
            // when
            let response = try await signIn(client, "Manager@Acme.test", "password-manager")
            // then
            #expect(response.status == .created)
            let token = try #require(response.object["token"] as? String)
            #expect(response.object["workspace"] as? String == "acme")
            #expect(try await client.call(.get, "/api/v1/models", token: token).status == .ok)
        }
    }

    @Test("a wrong password, an unknown email and another workspace all answer the same 401")
    func failures() async throws {
        try await Fixture.withApp { client, _ in
            let answers = [
                try await signIn(client, "manager@acme.test", "wrong-password"),
                try await signIn(client, "nobody@acme.test", "password-manager"),
                try await signIn(client, "owner@globex.test", "password-globex", workspace: "acme"),
            ]
            #expect(answers.allSatisfy { $0.isProblem(.unauthorized) })
            #expect(Set(answers.map { $0.object["detail"] as? String ?? "" }).count == 1, "no answer tells which part was wrong")
        }
    }

    @Test("after five failures the email is refused with 429 and Retry-After, even with the right password")
    func rateLimited() async throws {
        try await Fixture.withApp { client, _ in
            for _ in 1...5 { #expect(try await signIn(client, "viewer@acme.test", "guess").isProblem(.unauthorized)) }
            let limited = try await signIn(client, "viewer@acme.test", "password-viewer")
            #expect(limited.isProblem(.tooManyRequests))
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 > 0)
            // another email is not affected
            #expect(try await signIn(client, "owner@acme.test", "password-owner").status == .created)
        }
    }

    @Test("a body without a password is a 400 naming the field")
    func missingField() async throws {
        try await Fixture.withApp { client, _ in
            let response = try await client.call(.post, "/api/v1/sessions", token: nil, json: #"{"email":"owner@acme.test","workspace":"acme"}"#)
            #expect(response.isProblem(.badRequest))
            #expect(response.problemFields.contains("password") || (response.object["detail"] as? String ?? "").contains("password"))
        }
    }
}
