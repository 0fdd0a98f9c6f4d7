import Foundation
import Hummingbird
import HummingbirdTesting
import PaladinServer
import PaladinStore
import Testing

@Suite("Members and tokens over HTTP, for owners")
struct MemberRouteTests {
    @Test("an owner lists and adds members, and makes a token that works at once; it is shown only when made")
    func ownerManages() async throws {
        try await Fixture.withApp { client, fixture in
            let owner = fixture.tokens["owner"]
            // when a member is added and given a token
            let added = try await client.call(.post, "/api/v1/members", token: owner,
                json: #"{"email":"Zoe@Acme.test","name":"Zoe","role":"agent","password":"long-enough"}"#)
            let made = try await client.call(.post, "/api/v1/tokens", token: owner, json: #"{"member":"zoe@acme.test","name":"zoe laptop"}"#)
            // then
            #expect(added.status == .created)
            #expect(added.object["email"] as? String == "zoe@acme.test" && added.object["role"] as? String == "agent")
            let members = try await client.call(.get, "/api/v1/members", token: owner)
            #expect((members.text.components(separatedBy: "\"email\"").count - 1) == 5)
            #expect(made.status == .created)
            let token = try #require(made.object["token"] as? String)
            #expect(try await client.call(.get, "/api/v1/models", token: token).status == .ok)
            let listed = try await client.call(.get, "/api/v1/tokens", token: owner)
            #expect(listed.text.contains("zoe laptop") && !listed.text.contains(token))
            #expect(listed.text.contains(#""token":null"#))
        }
    }

    @Test("a revoked token stops working; revoking a token of another workspace is 404")
    func revoke() async throws {
        try await Fixture.withApp { client, fixture in
            let owner = fixture.tokens["owner"]
            let made = try await client.call(.post, "/api/v1/tokens", token: owner, json: #"{"member":"viewer@acme.test","name":"temp"}"#)
            let id = try #require(made.object["id"] as? Int)
            let token = try #require(made.object["token"] as? String)
            #expect(try await client.call(.delete, "/api/v1/tokens/\(id)", token: owner).status == .noContent)
            #expect(try await client.call(.get, "/api/v1/models", token: token).isProblem(.unauthorized))
            // globex's owner cannot touch acme's tokens: its own workspace has no such token
            #expect(try await client.call(.delete, "/api/v1/tokens/\(id)", token: fixture.tokens["globex"]).isProblem(.notFound))
            #expect(try await client.call(.delete, "/api/v1/tokens/abc", token: owner).isProblem(.notFound))
        }
    }

    @Test("managers, agents and viewers may not manage members or tokens; bad bodies are 400")
    func onlyOwners() async throws {
        try await Fixture.withApp { client, fixture in
            for role in ["manager", "agent", "viewer"] {
                let token = fixture.tokens[role]
                #expect(try await client.call(.get, "/api/v1/members", token: token).isProblem(.forbidden))
                #expect(try await client.call(.get, "/api/v1/tokens", token: token).isProblem(.forbidden))
                #expect(try await client.call(.post, "/api/v1/tokens", token: token, json: #"{"member":"owner@acme.test","name":"x"}"#).isProblem(.forbidden))
            }
            let bad = try await client.call(.post, "/api/v1/members", token: fixture.tokens["owner"], json: #"{"email":"a@acme.test","role":"king"}"#)
            #expect(bad.isProblem(.badRequest))
        }
    }

    @Test("an owner can give a member of another workspace a role here but never change their password")
    func noPasswordTakeover() async throws {
        try await Fixture.withApp { client, fixture in
            // given globex's owner, who signs in with their own password
            let owner = fixture.tokens["owner"]
            // when acme's owner adds them with a password of acme's choosing
            let hijack = try await client.call(.post, "/api/v1/members", token: owner,
                                               json: #"{"email":"owner@globex.test","role":"viewer","password":"chosen-by-acme"}"#)
            // then it is refused, and the chosen password does not sign in to globex
            #expect(hijack.isProblem(.conflict))
            let signIn = try await client.call(.post, "/api/v1/sessions", token: nil,
                                               json: #"{"email":"owner@globex.test","password":"chosen-by-acme","workspace":"globex"}"#)
            #expect(signIn.isProblem(.unauthorized))
            // and without a password they get the role here, and their own password still works
            let added = try await client.call(.post, "/api/v1/members", token: owner, json: #"{"email":"owner@globex.test","role":"viewer"}"#)
            #expect(added.status == .ok)
            let own = try await client.call(.post, "/api/v1/sessions", token: nil,
                                            json: #"{"email":"owner@globex.test","password":"password-globex","workspace":"acme"}"#)
            #expect(own.status == .created)
        }
    }

    @Test("the last owner of a workspace cannot be given another role")
    func lastOwnerStays() async throws {
        try await Fixture.withApp { client, fixture in
            let owner = fixture.tokens["owner"]
            let demoted = try await client.call(.post, "/api/v1/members", token: owner, json: #"{"email":"owner@acme.test","role":"agent"}"#)
            #expect(demoted.isProblem(.conflict))
            #expect(try await client.call(.get, "/api/v1/members", token: owner).status == .ok)
            // with a second owner, the first may step down
            #expect(try await client.call(.post, "/api/v1/members", token: owner, json: #"{"email":"manager@acme.test","role":"owner"}"#).status == .ok)
            #expect(try await client.call(.post, "/api/v1/members", token: owner, json: #"{"email":"owner@acme.test","role":"agent"}"#).status == .ok)
            #expect(try await client.call(.get, "/api/v1/members", token: owner).isProblem(.forbidden))
        }
    }
}
