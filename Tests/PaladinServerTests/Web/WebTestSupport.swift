import Foundation
import Hummingbird
import HummingbirdTesting
@testable import PaladinServer
import PaladinStore
import Testing

/// A browser in a test: the cookies it holds and the CSRF token of the last page it read.
struct Browser {
    var cookies: [String: String] = [:]
    var csrf = ""

    /// The `Cookie` header of the cookies held.
    var cookieHeader: String { cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }

    /// Keeps the cookies a response sets (an empty value deletes), and the CSRF token of its forms.
    mutating func read(_ response: TestResponse) {
        for header in response.headers[values: .setCookie] {
            let pair = header.split(separator: ";").first.map(String.init) ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            if parts[1].isEmpty { cookies[parts[0]] = nil } else { cookies[parts[0]] = parts[1] }
        }
        if let token = Self.csrf(in: response.text) { csrf = token }
    }

    /// The value of the first `name="csrf"` hidden field.
    static func csrf(in html: String) -> String? {
        guard let range = html.range(of: "name=\"csrf\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    /// GET `uri` with the cookies held.
    mutating func get(_ client: any TestClientProtocol, _ uri: String) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if !cookies.isEmpty { headers[.cookie] = cookieHeader }
        let response = try await client.execute(uri: uri, method: .get, headers: headers, body: nil)
        read(response)
        return response
    }

    /// POST a form to `uri` with the cookies held; the CSRF token of the last page is added unless `csrf` is given.
    mutating func post(
        _ client: any TestClientProtocol, _ uri: String, _ fields: [(String, String)], csrf: String?? = .none
    ) async throws -> TestResponse {
        var all = fields
        switch csrf {
        case .none: all.append(("csrf", self.csrf))
        case .some(.some(let token)): all.append(("csrf", token))
        case .some(.none): break
        }
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if !cookies.isEmpty { headers[.cookie] = cookieHeader }
        let body = CustomerListPage.queryString(all.map { ($0.0, $0.1.isEmpty ? " " : $0.1) })
        let response = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        read(response)
        return response
    }

    /// Signs in as `role@acme.test` (the fixture's members) and keeps the session cookie.
    static func signedIn(_ client: any TestClientProtocol, as role: String, workspace: String = "acme") async throws -> Browser {
        var browser = Browser()
        _ = try await browser.get(client, "/sign-in")
        let email = role == "globex" ? "owner@globex.test" : "\(role)@acme.test"
        let response = try await browser.post(client, "/sign-in", [("email", email), ("password", "password-\(role)"), ("workspace", workspace)])
        #expect(response.status == .seeOther)
        #expect(browser.cookies[WebCookie.session] != nil)
        _ = try await browser.get(client, "/customers")
        return browser
    }
}

extension PaladinDatabase {
    /// Rows in `table` (to show a refused request wrote nothing).
    func count(_ table: String) async throws -> Int {
        try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()?.decode(column: "n", as: Int.self) ?? -1
    }
}
