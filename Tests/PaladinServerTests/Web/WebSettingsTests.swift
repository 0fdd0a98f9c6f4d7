import Foundation
import Hummingbird
import HummingbirdTesting
import PaladinCore
@testable import PaladinServer
import PaladinStore
import Testing

/// The Settings pages: members and roles, API tokens, webhooks, languages — each action, the wrong role, a forged form,
/// another workspace's ids, and the messages of mistakes.
@Suite("Web: settings")
struct WebSettingsTests {
    /// The id of the member with `email`.
    static func memberId(_ database: PaladinDatabase, _ email: String) async throws -> Int64 {
        try #require(try await MemberStore(database.sql).find(email: email)).id
    }

    /// The role of `email` in acme.
    static func role(_ database: PaladinDatabase, _ email: String) async throws -> MemberRole? {
        try await Access(database: database).members(workspace: "acme").first { $0.0.email == email }?.1
    }

    /// The value of `name="shown"`-style query item `item` in a redirect's location.
    static func query(_ location: String?, _ item: String) -> String? {
        URLComponents(string: location ?? "")?.queryItems?.first { $0.name == item }?.value
    }

    @Test("an owner sees Settings in the navigation and every section; the overview is in the member's language")
    func overview() async throws {
        try await Fixture.withApp { client, _ in
            var browser = try await Browser.signedIn(client, as: "owner")
            let customers = try await browser.get(client, "/customers")
            #expect(customers.text.contains(#"<a href="/settings">Settings</a>"#))
            let page = try await browser.get(client, "/settings")
            #expect(page.status == .ok)
            #expect(page.text.contains(#"<a href="/settings" aria-current="page">Settings</a>"#))
            for href in ["/settings/members", "/settings/tokens", "/settings/webhooks"] { #expect(page.text.contains("href=\"\(href)\"")) }
            #expect(page.text.contains(#"action="/settings/workspace-language""#))
        }
    }

    @Test("an owner adds a member with a password; they can sign in; the list shows them")
    func addMember() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = try await Browser.signedIn(client, as: "owner")
            _ = try await browser.get(client, "/settings/members")
            // when
            let added = try await browser.post(client, "/settings/members", [
                ("email", "Nina@Acme.test"), ("name", "Nina Pop"), ("role", "agent"), ("password", "long-enough"),
            ])
            // then
            #expect(added.status == .seeOther)
            #expect(added.headers[.location] == "/settings/members?done=member_added")
            let list = try await browser.get(client, "/settings/members?done=member_added")
            #expect(list.text.contains("The member is added."))
            #expect(list.text.contains("nina@acme.test") && list.text.contains("Nina Pop"))
            #expect(try await Self.role(fixture.database, "nina@acme.test") == .agent)
            var nina = Browser()
            _ = try await nina.get(client, "/sign-in")
            let signIn = try await nina.post(client, "/sign-in", [("email", "nina@acme.test"), ("password", "long-enough"), ("workspace", "acme")])
            #expect(signIn.status == .seeOther && signIn.headers[.location] == "/today")
        }
    }

    @Test("a bad email, a missing role or a short password: 422 naming the field, the values kept, nothing written")
    func addMemberMistakes() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = try await Browser.signedIn(client, as: "owner")
            _ = try await browser.get(client, "/settings/members")
            let before = try await fixture.database.count("members")
            let cases: [([(String, String)], String, String)] = [
                ([("email", "not-an-email"), ("name", "X"), ("role", "agent"), ("password", "long-enough")], "m-email-error",
                 "Write an email address like ana@example.com."),
                ([("email", "x@acme.test"), ("name", "X"), ("role", "emperor"), ("password", "long-enough")], "m-role-error",
                 "Choose one of the options."),
                ([("email", "x@acme.test"), ("name", "X"), ("role", "agent"), ("password", "short")], "m-password-error",
                 "The password needs at least 8 characters."),
                ([("email", "x@acme.test"), ("name", "X"), ("role", "agent")], "m-password-error", "Fill this in."),
            ]
            for (fields, errorId, message) in cases {
                let page = try await browser.post(client, "/settings/members", fields)
                #expect(page.status == .unprocessableContent, "\(errorId)")
                #expect(page.text.contains("id=\"\(errorId)\">\(message)</span>"), "\(errorId)")
                #expect(page.text.contains("aria-invalid=\"true\""))
                #expect(page.text.contains(#"value="X""#), "the name entered is kept")
                #expect(!page.text.contains("long-enough"), "a password is never sent back")
            }
            #expect(try await fixture.database.count("members") == before)
        }
    }

    @Test("a member of another workspace is given a role but never a password (409); without one they join")
    func existingMemberOfAnotherWorkspace() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = try await Browser.signedIn(client, as: "owner")
            _ = try await browser.get(client, "/settings/members")
            let refused = try await browser.post(client, "/settings/members", [
                ("email", "owner@globex.test"), ("name", "G"), ("role", "viewer"), ("password", "taken-over-now"),
            ])
            #expect(refused.status == .conflict)
            #expect(refused.text.contains(#"id="m-password-error""#) && refused.text.contains("only they can change its password"))
            #expect(try await Self.role(fixture.database, "owner@globex.test") == nil)
            // without a password they get the role, and keep their own password
            let joined = try await browser.post(client, "/settings/members", [("email", "owner@globex.test"), ("name", "G"), ("role", "viewer")])
            #expect(joined.status == .seeOther)
            #expect(try await Self.role(fixture.database, "owner@globex.test") == .viewer)
            let globex = try await Browser.signedIn(client, as: "globex", workspace: "globex")
            #expect(globex.cookies[WebCookie.session] != nil)
        }
    }

    @Test("an owner changes a role; the last owner cannot be demoted or removed (409, the list says why)")
    func changeRoleAndLastOwner() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = try await Browser.signedIn(client, as: "owner")
            _ = try await browser.get(client, "/settings/members")
            let manager = try await Self.memberId(fixture.database, "manager@acme.test")
            let changed = try await browser.post(client, "/settings/members/\(manager)/role", [("role", "viewer")])
            #expect(changed.status == .seeOther && changed.headers[.location] == "/settings/members?done=role_changed")
            #expect(try await Self.role(fixture.database, "manager@acme.test") == .viewer)
            #expect(try await browser.get(client, "/settings/members?done=role_changed").text.contains("The role is changed."))
            // an unknown role is not a form of ours
            let bad = try await browser.post(client, "/settings/members/\(manager)/role", [("role", "emperor")])
            #expect(bad.status == .badRequest)
            // the only owner
            let owner = try await Self.memberId(fixture.database, "owner@acme.test")
            let demoted = try await browser.post(client, "/settings/members/\(owner)/role", [("role", "manager")])
            #expect(demoted.status == .conflict)
            #expect(demoted.text.contains(#"id="members-error""#) && demoted.text.contains("make someone else owner first"))
            let removed = try await browser.post(client, "/settings/members/\(owner)/remove", [])
            #expect(removed.status == .conflict)
            #expect(try await Self.role(fixture.database, "owner@acme.test") == .owner)
            // with a second owner, the first may step down
            _ = try await browser.post(client, "/settings/members/\(manager)/role", [("role", "owner")])
            let stepped = try await browser.post(client, "/settings/members/\(owner)/role", [("role", "manager")])
            #expect(stepped.status == .seeOther)
            #expect(try await Self.role(fixture.database, "owner@acme.test") == .manager)
            // and is no longer shown the members
            #expect(try await browser.get(client, "/settings/members").status == .forbidden)
        }
    }

    @Test("removing a member ends their session and their tokens in this workspace")
    func removeMember() async throws {
        try await Fixture.withApp { client, fixture in
            var agent = try await Browser.signedIn(client, as: "agent")
            var owner = try await Browser.signedIn(client, as: "owner")
            _ = try await owner.get(client, "/settings/members")
            let id = try await Self.memberId(fixture.database, "agent@acme.test")
            let removed = try await owner.post(client, "/settings/members/\(id)/remove", [])
            #expect(removed.status == .seeOther && removed.headers[.location] == "/settings/members?done=member_removed")
            #expect(try await Self.role(fixture.database, "agent@acme.test") == nil)
            #expect(!(try await owner.get(client, "/settings/members").text.contains("agent@acme.test")))
            let after = try await agent.get(client, "/customers")
            #expect(after.status == .seeOther && after.headers[.location] == "/sign-in")
            #expect(try await client.call(.get, "/api/v1/customers", token: fixture.tokens["agent"]).status == .unauthorized)
            // an owner who leaves (another owner stays) is signed out at once
            let manager = try await Self.memberId(fixture.database, "manager@acme.test")
            _ = try await owner.post(client, "/settings/members/\(manager)/role", [("role", "owner")])
            let me = try await Self.memberId(fixture.database, "owner@acme.test")
            let left = try await owner.post(client, "/settings/members/\(me)/remove", [])
            #expect(left.status == .seeOther && left.headers[.location] == "/sign-in")
            #expect(try await owner.get(client, "/settings").headers[.location] == "/sign-in")
            #expect(try await Self.role(fixture.database, "manager@acme.test") == .owner)
        }
    }

    @Test("another workspace's member, token, webhook or delivery is not found (404); a malformed id too")
    func foreignIds() async throws {
        try await Fixture.withApp { client, fixture in
            let globex = try await WorkspaceSession.open(fixture.database, workspace: "globex", actor: "test")
            let hook = try await globex.createWebhook(url: "https://globex.example/hook", events: ["customer.moved"], description: nil)
            var browser = try await Browser.signedIn(client, as: "owner")
            _ = try await browser.get(client, "/settings/members")
            let foreigner = try await Self.memberId(fixture.database, "owner@globex.test")
            for (path, fields) in [
                ("/settings/members/\(foreigner)/role", [("role", "viewer")]), ("/settings/members/\(foreigner)/remove", []),
                ("/settings/members/abc/remove", []), ("/settings/members/999/role", [("role", "viewer")]),
                ("/settings/tokens/999/revoke", []), ("/settings/tokens/x/revoke", []),
                ("/settings/webhooks/\(hook.id)/delete", []), ("/settings/webhooks/\(hook.id)/deliveries/1/retry", []),
            ] as [(String, [(String, String)])] {
                let answer = try await browser.post(client, path, fields)
                #expect(answer.status == .notFound, "\(path)")
                #expect(answer.text.contains("Not found"), "\(path)")
            }
            #expect(try await Self.role(fixture.database, "owner@globex.test") == nil)
            #expect(try await globex.webhooks().count == 1)
            #expect(try await client.call(.get, "/api/v1/customers", token: fixture.tokens["globex"]).status == .ok)
        }
    }

    @Test("members and tokens are for owners, webhooks for owners and managers: other roles get 403 and change nothing")
    func wrongRole() async throws {
        try await Fixture.withApp { client, fixture in
            let owner = try await Self.memberId(fixture.database, "owner@acme.test")
            for role in ["manager", "agent", "viewer"] {
                var browser = try await Browser.signedIn(client, as: role)
                let overview = try await browser.get(client, "/settings")
                #expect(overview.status == .ok, "\(role)")
                #expect(!overview.text.contains(#"href="/settings/members""#), "\(role)")
                #expect(!overview.text.contains("/settings/workspace-language"), "\(role)")
                #expect(overview.text.contains(#"href="/settings/webhooks""#) == (role == "manager"), "\(role)")
                for path in ["/settings/members", "/settings/tokens"] {
                    #expect(try await browser.get(client, path).status == .forbidden, "\(role) \(path)")
                }
                #expect(try await browser.get(client, "/settings/webhooks").status == (role == "manager" ? .ok : .forbidden), "\(role)")
                for (path, fields) in [
                    ("/settings/members", [("email", "x@acme.test"), ("role", "owner"), ("password", "long-enough")]),
                    ("/settings/members/\(owner)/role", [("role", "viewer")]), ("/settings/members/\(owner)/remove", []),
                    ("/settings/tokens", [("name", "mine"), ("member", "\(role)@acme.test")]), ("/settings/tokens/1/revoke", []),
                    ("/settings/workspace-language", [("language", "ru")]),
                ] as [(String, [(String, String)])] {
                    #expect(try await browser.post(client, path, fields).status == .forbidden, "\(role) \(path)")
                }
                if role != "manager" {
                    #expect(try await browser.post(client, "/settings/webhooks", [("url", "https://x.example/h"), ("events", "marker.met")]).status
                        == .forbidden)
                }
            }
            #expect(try await fixture.database.count("members") == 5)
            #expect(try await fixture.database.count("webhooks") == 0)
            #expect(try await Access(database: fixture.database).tokens(workspace: "acme").allSatisfy { $0.0.revokedAt == nil })
            #expect(try await WorkspaceStore(fixture.database.sql).find(key: "acme")?.language == "en")
        }
    }

    @Test("a settings form with a wrong or missing CSRF token is refused with 403 and writes nothing")
    func forgedForms() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = try await Browser.signedIn(client, as: "owner")
            _ = try await browser.get(client, "/settings/members")
            let forged = String(repeating: "0", count: 64)
            for csrf in [forged, nil] as [String?] {
                for (path, fields) in [
                    ("/settings/members", [("email", "x@acme.test"), ("role", "owner"), ("password", "long-enough")]),
                    ("/settings/tokens", [("name", "forged"), ("member", "owner@acme.test")]),
                    ("/settings/webhooks", [("url", "https://evil.example/h"), ("events", "marker.met")]),
                    ("/settings/workspace-language", [("language", "ru")]),
                    ("/settings/tokens/1/revoke", []),
                ] as [(String, [(String, String)])] {
                    #expect(try await browser.post(client, path, fields, csrf: .some(csrf)).status == .forbidden, "\(path)")
                }
            }
            #expect(try await fixture.database.count("members") == 5)
            #expect(try await fixture.database.count("webhooks") == 0)
            #expect(try await Access(database: fixture.database).tokens(workspace: "acme").count == 4)
            #expect(try await WorkspaceStore(fixture.database.sql).find(key: "acme")?.language == "en")
        }
    }

    @Test("a token is created and shown once after the redirect; it works until revoked; the list shows it")
    func tokens() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = try await Browser.signedIn(client, as: "owner")
            let page = try await browser.get(client, "/settings/tokens")
            #expect(page.text.contains("manager token") && page.text.contains("manager@acme.test"))
            // when
            let created = try await browser.post(client, "/settings/tokens", [("name", "billing sync"), ("member", "manager@acme.test")])
            // then
            #expect(created.status == .seeOther)
            #expect(created.headers[.location]?.hasPrefix("/settings/tokens?done=token_created&shown=") == true)
            let shown = try await browser.get(client, try #require(created.headers[.location]))
            #expect(shown.text.contains("The token is created.") && shown.text.contains("shown only this once"))
            let token = try #require(Self.value(of: "new-token", in: shown.text))
            #expect(try await client.call(.get, "/api/v1/customers", token: token).status == .ok)
            // once only
            let again = try await browser.get(client, try #require(created.headers[.location]))
            #expect(!again.text.contains(token) && !again.text.contains(#"id="new-token""#))
            // and never to another session
            var other = try await Browser.signedIn(client, as: "owner")
            #expect(!(try await other.get(client, try #require(created.headers[.location])).text.contains(token)))
            // revoke
            let id = try #require(try await Access(database: fixture.database).tokens(workspace: "acme").first { $0.0.name == "billing sync" }?.0.id)
            let revoked = try await browser.post(client, "/settings/tokens/\(id)/revoke", [])
            #expect(revoked.status == .seeOther && revoked.headers[.location] == "/settings/tokens?done=token_revoked")
            #expect(try await client.call(.get, "/api/v1/customers", token: token).status == .unauthorized)
            let list = try await browser.get(client, "/settings/tokens?done=token_revoked")
            #expect(list.text.contains("The token is revoked") && list.text.contains("revoked 20"))
        }
    }

    @Test("a token without a name or member is 422 naming the field; a name in use is 409; nothing is written")
    func tokenMistakes() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = try await Browser.signedIn(client, as: "owner")
            _ = try await browser.get(client, "/settings/tokens")
            let noName = try await browser.post(client, "/settings/tokens", [("name", ""), ("member", "owner@acme.test")])
            #expect(noName.status == .unprocessableContent && noName.text.contains(#"id="t-name-error">Fill this in."#))
            let foreign = try await browser.post(client, "/settings/tokens", [("name", "x"), ("member", "owner@globex.test")])
            #expect(foreign.status == .unprocessableContent && foreign.text.contains(#"id="t-member-error""#))
            let taken = try await browser.post(client, "/settings/tokens", [("name", "owner token"), ("member", "owner@acme.test")])
            #expect(taken.status == .conflict && taken.text.contains(#"id="t-name-error">A token with this name exists already"#))
            #expect(try await Access(database: fixture.database).tokens(workspace: "acme").count == 4)
        }
    }

    @Test("a webhook is added with its secret shown once; a failed delivery is listed and retried; the webhook is deleted")
    func webhooks() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = try await Browser.signedIn(client, as: "manager")
            #expect(try await browser.get(client, "/settings/webhooks").text.contains("No webhooks yet."))
            let added = try await browser.post(client, "/settings/webhooks", [
                ("url", "https://hooks.example/paladin"), ("events", "customer.moved"), ("events", "marker.met"), ("description", "CRM sync"),
            ])
            #expect(added.status == .seeOther)
            let shown = try await browser.get(client, try #require(added.headers[.location]))
            #expect(shown.text.contains("The webhook is added.") && shown.text.contains("https://hooks.example/paladin"))
            #expect(shown.text.contains("a customer is moved, a marker is met") && shown.text.contains("CRM sync"))
            let acme = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
            let hook = try #require(try await acme.webhooks().first)
            #expect(Self.value(of: "new-secret", in: shown.text) == hook.secret)
            #expect(!(try await browser.get(client, "/settings/webhooks").text.contains(hook.secret)))
            // a move queues a delivery; the dispatcher's attempt fails for good
            _ = try await acme.move("1", model: "pro-customer", request: MoveRequest(to: "decision-to-change", decision: nil, force: true, reason: "t"))
            let outbox = WebhookOutbox(database: fixture.database)
            let attempt = try #require(try await outbox.claim(now: Timestamp(seconds: Int64.max / 2), lease: 60, limit: 10).first)
            try await outbox.failed(attempt.delivery, statusCode: 502, error: "bad gateway", retryAt: nil)
            let listed = try await browser.get(client, "/settings/webhooks")
            #expect(listed.text.contains(#"class="delivery-failed">failed"#) && listed.text.contains("<td>502</td>"))
            let retryAction = "/settings/webhooks/\(hook.id)/deliveries/\(attempt.delivery.id)/retry"
            #expect(listed.text.contains(retryAction))
            // when
            let retried = try await browser.post(client, retryAction, [])
            // then
            #expect(retried.status == .seeOther && retried.headers[.location] == "/settings/webhooks?done=delivery_retried")
            #expect(try await acme.deliveries(webhook: hook.id, status: .pending, afterId: nil, limit: 10).count == 1)
            // a pending delivery cannot be retried: 409
            #expect(try await browser.post(client, retryAction, []).status == .conflict)
            let deleted = try await browser.post(client, "/settings/webhooks/\(hook.id)/delete", [])
            #expect(deleted.status == .seeOther && deleted.headers[.location] == "/settings/webhooks?done=webhook_deleted")
            #expect(try await acme.webhooks().isEmpty)
        }
    }

    @Test("a webhook with a bad address, no event or a long description is 422 naming the field; nothing is written")
    func webhookMistakes() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = try await Browser.signedIn(client, as: "owner")
            _ = try await browser.get(client, "/settings/webhooks")
            let cases: [([(String, String)], String)] = [
                ([("url", "ftp://x.example/h"), ("events", "marker.met")], "w-url-error"),
                ([("url", "https://user:pw@x.example/h"), ("events", "marker.met")], "w-url-error"),
                ([("url", ""), ("events", "marker.met")], "w-url-error"),
                ([("url", "https://x.example/h")], "w-events-error"),
                ([("url", "https://x.example/h"), ("events", "nothing.happened")], "w-events-error"),
                ([("url", "https://x.example/h"), ("events", "marker.met"), ("description", String(repeating: "d", count: 501))],
                 "w-description-error"),
            ]
            for (fields, errorId) in cases {
                let page = try await browser.post(client, "/settings/webhooks", fields)
                #expect(page.status == .unprocessableContent, "\(errorId)")
                #expect(page.text.contains("id=\"\(errorId)\""), "\(fields)")
            }
            let kept = try await browser.post(client, "/settings/webhooks", [("url", "ftp://x.example/h"), ("events", "marker.met")])
            #expect(kept.text.contains(#"value="ftp://x.example/h""#) && kept.text.contains(#"value="marker.met" checked"#))
            #expect(try await fixture.database.count("webhooks") == 0)
        }
    }

    @Test("the member's language is theirs; the owner's workspace language is what members see until they choose")
    func languages() async throws {
        try await Fixture.withApp { client, fixture in
            var owner = try await Browser.signedIn(client, as: "owner")
            _ = try await owner.get(client, "/settings")
            let mine = try await owner.post(client, "/settings/language", [("language", "ro")])
            #expect(mine.status == .seeOther && mine.headers[.location] == "/settings?done=language")
            let page = try await owner.get(client, "/settings?done=language")
            #expect(page.text.contains(#"<html lang="ro">"#) && page.text.contains("Limba dumneavoastră este salvată."))
            // the workspace's
            let workspace = try await owner.post(client, "/settings/workspace-language", [("language", "it")])
            #expect(workspace.status == .seeOther && workspace.headers[.location] == "/settings?done=workspace_language")
            #expect(try await WorkspaceStore(fixture.database.sql).find(key: "acme")?.language == "it")
            #expect(try await owner.get(client, "/settings").text.contains(#"<html lang="ro">"#), "the member's own choice wins")
            var viewer = try await Browser.signedIn(client, as: "viewer")
            #expect(try await viewer.get(client, "/customers").text.contains(#"<html lang="it">"#))
            // mistakes
            let bad = try await owner.post(client, "/settings/language", [("language", "xx")])
            #expect(bad.status == .unprocessableContent && bad.text.contains(#"id="my-language-error""#))
            let badWorkspace = try await owner.post(client, "/settings/workspace-language", [("language", "klingon")])
            #expect(badWorkspace.status == .unprocessableContent && badWorkspace.text.contains(#"id="workspace-language-error""#))
            #expect(try await WorkspaceStore(fixture.database.sql).find(key: "acme")?.language == "it")
        }
    }

    @Test("every settings page renders in all five languages with no key left untranslated")
    func fiveLanguages() async throws {
        try await Fixture.withApp { client, _ in
            var browser = try await Browser.signedIn(client, as: "owner")
            for language in MessageCatalog.supported {
                _ = try await browser.post(client, "/language", [("language", language), ("back", "/settings")])
                for path in ["/settings", "/settings/members", "/settings/tokens", "/settings/webhooks"] {
                    let page = try await browser.get(client, path)
                    #expect(page.status == .ok, "\(language) \(path)")
                    #expect(page.text.contains("<html lang=\"\(language)\">"))
                    // a missing key renders as the key itself
                    for key in ["settings_", "token_", "webhook_", "member_", "field_", "error_"] {
                        #expect(!page.text.contains(">\(key)"), "\(language) \(path) \(key)")
                    }
                }
            }
        }
    }

    /// The `value` of the input with `id`.
    static func value(of id: String, in html: String) -> String? {
        guard let start = html.range(of: "id=\"\(id)\"") else { return nil }
        let rest = html[start.upperBound...]
        guard let value = rest.range(of: "value=\"") else { return nil }
        let tail = rest[value.upperBound...]
        return tail.firstIndex(of: "\"").map { String(tail[..<$0]) }
    }
}
