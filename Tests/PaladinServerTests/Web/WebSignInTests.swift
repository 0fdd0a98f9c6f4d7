import Foundation
import Hummingbird
import HummingbirdTesting
@testable import PaladinServer
import PaladinStore
import Testing

@Suite("Web: sign-in, sessions, CSRF and headers")
struct WebSignInTests {
    @Test("signing in sets an HttpOnly SameSite=Lax session cookie and opens the pages; signing out ends it")
    func signInAndOut() async throws {
        try await Fixture.withApp { client, fixture in
            // given
            var browser = Browser()
            let page = try await browser.get(client, "/sign-in")
            #expect(page.status == .ok)
            // when
            let response = try await browser.post(
                client, "/sign-in", [("email", "owner@acme.test"), ("password", "password-owner"), ("workspace", "acme")])
            // then
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/today")
            let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("paladin_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/") && !cookie.contains("Secure"))
            let value = try #require(browser.cookies[WebCookie.session])
            let stored = try await fixture.database.sql.raw("SELECT session_hash FROM web_sessions").all()
                .map { try $0.decode(column: "session_hash", as: String.self) }
            #expect(stored.count == 1 && !value.contains(stored[0]), "only a hash of the session id is stored")
            let customers = try await browser.get(client, "/customers")
            #expect(customers.status == .ok)
            #expect(customers.text.contains("Ana") && customers.text.contains("Bogdan"))
            // when signing out
            _ = try await browser.post(client, "/sign-out", [])
            // then
            #expect(try await fixture.database.count("web_sessions") == 0)
            var stale = Browser()
            stale.cookies[WebCookie.session] = value
            #expect(try await stale.get(client, "/customers").status == .seeOther)
        }
    }

    @Test("a wrong password re-renders the form with 422 and keeps the email; five failures are rate limited (429)")
    func failureAndRateLimit() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = Browser()
            _ = try await browser.get(client, "/sign-in")
            let wrong = try await browser.post(
                client, "/sign-in", [("email", "owner@acme.test"), ("password", "nope-nope"), ("workspace", "acme")])
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.text.contains("The email, password or workspace is not right."))
            #expect(wrong.text.contains("value=\"owner@acme.test\""))
            for _ in 0..<4 {
                _ = try await browser.post(client, "/sign-in", [("email", "owner@acme.test"), ("password", "nope"), ("workspace", "acme")])
            }
            // even the right password waits now
            let limited = try await browser.post(
                client, "/sign-in", [("email", "owner@acme.test"), ("password", "password-owner"), ("workspace", "acme")])
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] != nil)
            #expect(try await fixture.database.count("web_sessions") == 0)
        }
    }

    @Test("secure cookies when configured")
    func secureCookies() async throws {
        let configuration = ServerConfiguration(port: 0, logLevel: .critical, webhooks: nil, secureCookies: true)
        try await Fixture.withApp(configuration: configuration) { client, _ in
            var browser = Browser()
            let page = try await browser.get(client, "/sign-in")
            #expect(page.headers[values: .setCookie].allSatisfy { $0.contains("; Secure") })
            let response = try await browser.post(
                client, "/sign-in", [("email", "owner@acme.test"), ("password", "password-owner"), ("workspace", "acme")])
            #expect(response.headers[values: .setCookie].first { $0.hasPrefix("paladin_session=") }?.contains("; Secure") == true)
        }
    }

    @Test("pages redirect to /sign-in without a session; a POST without one is 403 and writes nothing")
    func signInRequired() async throws {
        try await Fixture.withApp { client, fixture in
            for path in ["/customers", "/customers/1", "/semaphore", "/models/pro-customer/board"] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .seeOther, "\(path)")
                #expect(response.headers[.location] == "/sign-in")
            }
            var visitor = Browser()
            _ = try await visitor.get(client, "/sign-in")
            let post = try await visitor.post(client, "/customers/1/interactions", [("channel", "phone"), ("kind", "call"), ("summary", "hi")])
            #expect(post.status == .forbidden)
            #expect(post.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(try await fixture.database.count("interactions") == 0)
        }
    }

    @Test("every POST without or with a wrong CSRF token is refused with 403 and writes nothing")
    func csrf() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = try await Browser.signedIn(client, as: "owner")
            let posts: [(String, [(String, String)])] = [
                ("/customers/1/interactions", [("channel", "phone"), ("kind", "call"), ("summary", "hi")]),
                ("/customers/1/markers", [("model", "pro-customer"), ("marker", "problem-named"), ("note", "n")]),
                ("/customers/1/purchases", [("amount", "10")]),
                ("/customers/1/costs", [("amount", "10"), ("category", "support")]),
                ("/customers/1/surveys", [("score", "9")]),
                ("/models/pro-customer/board/moves", [("customer", "1"), ("to", "decision-to-change"), ("force", "1"), ("reason", "r")]),
                ("/language", [("language", "ro"), ("back", "/customers")]),
                ("/sign-out", []),
            ]
            let tables = ["interactions", "markers_met", "purchases", "costs", "survey_responses", "moves", "web_sessions"]
            var before: [String: Int] = [:]
            for table in tables { before[table] = try await fixture.database.count(table) }
            for (path, fields) in posts {
                let missing = try await browser.post(client, path, fields, csrf: .some(nil))
                #expect(missing.status == .forbidden, "\(path) without a token")
                let wrong = try await browser.post(client, path, fields, csrf: String(repeating: "0", count: 64))
                #expect(wrong.status == .forbidden, "\(path) with a wrong token")
            }
            for table in tables { #expect(try await fixture.database.count(table) == before[table], "\(table) unchanged") }
            let language = try await fixture.database.sql.raw("SELECT language FROM web_sessions").first()?
                .decode(column: "language", as: String?.self)
            #expect(language == nil)
            // the sign-in form without its cookie's token is refused too
            var visitor = Browser()
            _ = try await visitor.get(client, "/sign-in")
            let forged = try await visitor.post(
                client, "/sign-in", [("email", "owner@acme.test"), ("password", "password-owner"), ("workspace", "acme")], csrf: "x")
            #expect(forged.status == .forbidden)
        }
    }

    @Test("HTML responses carry the security headers, error pages included")
    func securityHeaders() async throws {
        try await Fixture.withApp { client, _ in
            var browser = try await Browser.signedIn(client, as: "owner")
            let responses = [
                try await browser.get(client, "/sign-in"), try await browser.get(client, "/customers"),
                try await browser.get(client, "/customers/999"), try await browser.get(client, "/no-such-page"),
                try await browser.get(client, "/semaphore"),
            ]
            for response in responses {
                #expect(response.headers[.contentSecurityPolicy] == SecurityHeaders.contentSecurityPolicy)
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[SecurityHeaders.referrerPolicy] == "same-origin")
                #expect(!response.text.contains("style=\""), "no inline styles under the CSP")
            }
            #expect(SecurityHeaders.contentSecurityPolicy.contains("script-src 'self'"))
            #expect(SecurityHeaders.contentSecurityPolicy.contains("frame-ancestors 'none'"))
        }
    }

    @Test("error pages are HTML with the real status code and no internal text; the API keeps problem+json")
    func errorPages() async throws {
        try await Fixture.withApp { client, _ in
            var browser = try await Browser.signedIn(client, as: "owner")
            let missing = try await browser.get(client, "/no-such-page")
            #expect(missing.status == .notFound)
            #expect(missing.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(missing.text.contains("<html lang=\"en\""))
            let method = try await client.execute(uri: "/sign-in", method: .put)
            #expect(method.status == .methodNotAllowed)
            #expect(method.headers[.allow] == "GET, POST")
            #expect(method.headers[.contentType]?.hasPrefix("text/html") == true)
            let notNumber = try await browser.get(client, "/customers/abc")
            #expect(notNumber.status == .notFound)
            let badFilter = try await browser.get(client, "/customers?model=no-such-model")
            #expect(badFilter.status == .unprocessableContent)
            #expect(!badFilter.text.contains("no-such-model'"), "no internal text")
            let api = try await client.call(.get, "/api/v1/nothing-here", token: nil)
            #expect(api.headers[.contentType] == "application/problem+json")
        }
    }
}
