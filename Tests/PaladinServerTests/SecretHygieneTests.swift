import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import PaladinServer
import PaladinStore
import Testing

/// Secrets never reach the logs, and every kind of response carries the security headers.
@Suite("Secret hygiene and security headers")
struct SecretHygieneTests {
    /// Logging everything, so that nothing is hidden by the level.
    static let verbose = ServerConfiguration(port: 0, logLevel: .trace, webhooks: nil)

    @Test("failed and successful sign-ins, bad and good tokens, sessions and survey links leave no secret in the logs")
    func noSecretsInLogs() async throws {
        let secrets = SecretBox()
        let capture = try await LogCapture.capturing {
            try await Fixture.withApp(configuration: Self.verbose) { client, fixture in
                // API sign-in: a wrong password, then the right one (its token is a secret too)
                let wrong = try await client.call(.post, "/api/v1/sessions", token: nil,
                                                  json: #"{"email":"manager@acme.test","password":"wrong-Pa55word-7f3a","workspace":"acme"}"#)
                #expect(wrong.isProblem(.unauthorized))
                let right = try await client.call(.post, "/api/v1/sessions", token: nil,
                                                  json: #"{"email":"manager@acme.test","password":"password-manager","workspace":"acme"}"#)
                #expect(right.status == .created)
                let issued = try #require(right.object["token"] as? String)
                // a bad token shaped like a real one, a forged secret for a real token id, a good token
                let bad = "pld_1_1_" + String(repeating: "ab", count: 32)
                #expect(try await client.call(.get, "/api/v1/models", token: bad).isProblem(.unauthorized))
                let owner = try #require(fixture.tokens["owner"])
                let forged = String(owner.dropLast(8)) + "00000000"
                #expect(try await client.call(.get, "/api/v1/models", token: forged).isProblem(.unauthorized))
                #expect(try await client.call(.get, "/api/v1/models", token: owner).status == .ok)
                // web sign-in: a wrong password, then a session (its cookie and CSRF token are secrets)
                var visitor = Browser()
                _ = try await visitor.get(client, "/sign-in")
                let refused = try await visitor.post(
                    client, "/sign-in", [("email", "owner@acme.test"), ("password", "wrong-Web-pa55-91c2"), ("workspace", "acme")])
                #expect(refused.status == .unauthorized || refused.status == .ok || refused.status == .unprocessableContent)
                var browser = try await Browser.signedIn(client, as: "owner")
                _ = try await browser.get(client, "/customers?q=Bogdan")
                // a survey link, opened and answered
                let campaign = try await SurveyScenario.create(client, fixture, customers: ["A-1"])
                let link = try #require(try await SurveyScenario.links(client, fixture, campaign: campaign).values.first)
                #expect(try await client.execute(uri: link, method: .get, headers: [:], body: nil).status == .ok)
                let page = try await client.execute(uri: link, method: .get, headers: [:], body: nil)
                let formToken = try #require(SurveyScenario.formToken(in: page.text))
                // a tampered link too
                _ = try await client.execute(uri: String(link.dropLast(3)) + "AAA", method: .get, headers: [:], body: nil)
                secrets.add([
                    "wrong-Pa55word-7f3a", "password-manager", issued, String(issued.suffix(64)), String(bad.suffix(64)),
                    String(owner.suffix(64)), String(forged.suffix(64)), "wrong-Web-pa55-91c2", "password-owner", formToken,
                    String(link.dropFirst(3)), String(link.dropFirst(3).prefix(43)), "Bogdan",
                ])
                secrets.add(browser.cookies.values.filter { $0.count >= 16 } + [browser.csrf] + visitor.cookies.values.filter { $0.count >= 16 })
            }
        }
        let logs = capture.text
        #expect(logs.contains("Request"), "the capture sees the server's request log")
        #expect(logs.contains("/s/{link}"), "survey link requests are logged with the link redacted")
        let leaked = secrets.all.filter { !$0.isEmpty && logs.contains($0) }
        #expect(leaked.isEmpty, "in the logs: \(leaked)")
        #expect(secrets.all.count >= 13)
    }

    @Test("request paths are logged without survey links and query values")
    func redaction() {
        #expect(RequestLog.redacted(path: "/s/abc.def") == "/s/{link}")
        #expect(RequestLog.redacted(path: "/s/abc.def/thanks") == "/s/{link}/thanks")
        #expect(RequestLog.redacted(path: "/s/") == "/s/")
        #expect(RequestLog.redacted(path: "/customers/s/x") == "/customers/s/x")
        #expect(RequestLog.redacted(path: "/customers", query: "q=Ann%20Lee&page=2") == "/customers?q=…&page=…")
        #expect(RequestLog.redacted(path: "/settings/tokens", query: "shown=0123abcd") == "/settings/tokens?shown=…")
        #expect(RequestLog.redacted(path: "/api/v1/models", query: nil) == "/api/v1/models")
    }

    @Test("every kind of response carries the security headers: API, errors, 404, 405, health, metrics, OpenAPI, static, web")
    func securityHeadersEverywhere() async throws {
        try await Fixture.withApp { client, fixture in
            let owner = fixture.tokens["owner"]
            var browser = try await Browser.signedIn(client, as: "owner")
            let cases: [(String, TestResponse)] = [
                ("API 200", try await client.call(.get, "/api/v1/models", token: owner)),
                ("API 201", try await client.call(.post, "/api/v1/customers", token: owner, json: #"{"id":"SEC-1","name":"Sec"}"#)),
                ("API 401", try await client.call(.get, "/api/v1/models", token: nil)),
                ("API 404", try await client.call(.get, "/api/v1/customers/nobody", token: owner)),
                ("API 405", try await client.call(.delete, "/api/v1/models", token: owner)),
                ("API 415", try await client.call(.post, "/api/v1/customers", token: owner, json: "x", contentType: "text/plain")),
                ("API 400", try await client.call(.post, "/api/v1/customers", token: owner, json: "{}")),
                ("API 422", try await client.call(.post, "/api/v1/customers", token: owner, json: #"{"name":""}"#)),
                ("API unknown path", try await client.call(.get, "/api/v1/no-such-thing", token: owner)),
                ("API sign-in 401", try await client.call(.post, "/api/v1/sessions", token: nil,
                                                          json: #"{"email":"x@y.z","password":"p","workspace":"acme"}"#)),
                ("CSV export", try await client.call(.get, "/api/v1/exports/customers", token: owner)),
                ("health", try await client.call(.get, "/health", token: nil)),
                ("metrics", try await client.call(.get, "/metrics", token: nil)),
                ("OpenAPI", try await client.call(.get, "/api/v1/openapi.json", token: nil)),
                ("unknown path", try await client.call(.get, "/no/such/path", token: nil)),
                ("static", try await client.call(.get, "/static/app.css", token: nil)),
                ("static 404", try await client.call(.get, "/static/nothing.css", token: nil)),
                ("web page", try await browser.get(client, "/customers")),
                ("web 404", try await browser.get(client, "/customers/999")),
                ("web 405", try await client.call(.delete, "/sign-in", token: nil)),
                ("web sign-in page", try await client.call(.get, "/sign-in", token: nil)),
                ("web redirect", try await client.call(.get, "/customers", token: nil)),
                ("survey link 404", try await client.call(.get, "/s/not-a-link", token: nil)),
                ("HEAD", try await client.call(.head, "/health", token: nil)),
            ]
            for (kind, response) in cases {
                let policy = response.headers[.contentSecurityPolicy] ?? ""
                #expect(policy.contains("frame-ancestors 'none'"), "\(kind) (\(response.status)): \(response.headers)")
                #expect(policy.contains("default-src 'none'") || policy.contains("default-src 'self'"), "\(kind): \(policy)")
                #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(kind) (\(response.status))")
                #expect(response.headers[SecurityHeaders.referrerPolicy] == "same-origin", "\(kind) (\(response.status))")
                #expect(response.headers[SecurityHeadersMiddleware<AppRequestContext>.strictTransportSecurity] == nil,
                        "no HSTS over plain HTTP: \(kind)")
            }
            // the statuses the list means to cover
            let statuses = Set(cases.map(\.1.status.code))
            #expect(statuses.isSuperset(of: [200, 201, 303, 400, 401, 404, 405, 415]), "\(statuses.sorted())")
            // web pages keep their own, stricter-for-HTML policy
            #expect(cases.first { $0.0 == "web page" }?.1.headers[.contentSecurityPolicy] == SecurityHeaders.contentSecurityPolicy)
        }
    }

    @Test("over HTTPS only (secure cookies), responses also carry Strict-Transport-Security")
    func strictTransportSecurity() async throws {
        let https = ServerConfiguration(port: 0, logLevel: .critical, webhooks: nil, secureCookies: true)
        try await Fixture.withApp(configuration: https) { client, _ in
            for path in ["/health", "/sign-in", "/no/such/path"] {
                let response = try await client.call(.get, path, token: nil)
                #expect(response.headers[SecurityHeadersMiddleware<AppRequestContext>.strictTransportSecurity] == "max-age=31536000", "\(path)")
            }
        }
    }
}

/// The secrets a scenario handed out, collected for checking afterwards.
final class SecretBox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return items
    }

    func add(_ secrets: [String]) {
        lock.lock()
        items += secrets
        lock.unlock()
    }
}
