import Foundation
import Hummingbird
import HummingbirdTesting
import PaladinCore
import PaladinStore
import Testing

@Suite("Evidence over HTTP")
struct EvidenceRouteTests {
    static func count(_ table: EvidenceTable, _ fixture: Fixture) async throws -> Int {
        let session = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
        return try await EvidenceStore(fixture.database.sql, workspace: session.workspace.id).count(table)
    }

    @Test("purchases, costs and surveys answer 201 with what was recorded; money as exact decimal text")
    func recordEvidence() async throws {
        try await Fixture.withApp { client, fixture in
            let token = fixture.tokens["agent"]
            // given the agent's own customer A-1
            // when they record a purchase as text, another as a number, a cost and a survey answer
            let purchase = try await client.call(
                .post, "/api/v1/customers/A-1/purchases", token: token,
                json: #"{"amount":"12.50","currency":"usd","date":"2026-03-01","reference":"INV-1"}"#)
            let numeric = try await client.call(.post, "/api/v1/customers/A-1/purchases", token: token, json: #"{"amount":0.1}"#)
            let cost = try await client.call(
                .post, "/api/v1/customers/1/costs", token: token, json: #"{"amount":"3","category":"support","note":"Ticket 7"}"#)
            let survey = try await client.call(
                .post, "/api/v1/customers/1/surveys", token: token, json: #"{"score":9,"comment":"Great","date":"2026-03-02"}"#)
            // then
            #expect(purchase.status == .created, "\(purchase.text)")
            #expect(purchase.object["amount"] as? String == "12.50")
            #expect(purchase.object["currency"] as? String == "USD")
            #expect(purchase.object["reference"] as? String == "INV-1")
            #expect(purchase.object["at"] as? String == "2026-03-01T00:00:00Z")
            #expect(numeric.status == .created, "\(numeric.text)")
            #expect(numeric.object["amount"] as? String == "0.10")
            #expect(cost.status == .created, "\(cost.text)")
            #expect(cost.object["amount"] as? String == "3.00")
            #expect(cost.object["category"] as? String == "support")
            #expect(survey.status == .created, "\(survey.text)")
            #expect(survey.object["score"] as? Int == 9)
            #expect(try await Self.count(.purchases, fixture) == 2)
            #expect(try await Self.count(.costs, fixture) == 1)
            #expect(try await Self.count(.surveys, fixture) == 1)
        }
    }

    @Test("bad evidence bodies answer 400 or 422 naming the field, and nothing is written")
    func badBodies() async throws {
        try await Fixture.withApp { client, fixture in
            let token = fixture.tokens["owner"]
            let cases: [(String, String, HTTPResponse.Status, String)] = [
                ("purchases", #"{"amount":"-1.00"}"#, .unprocessableContent, "amount"),
                ("purchases", #"{"amount":-5}"#, .unprocessableContent, "amount"),
                ("purchases", #"{"amount":"twelve"}"#, .unprocessableContent, "amount"),
                ("purchases", #"{"amount":"1.00","currency":"EURO"}"#, .unprocessableContent, "currency"),
                ("purchases", #"{"amount":"1.00","date":"yesterday"}"#, .unprocessableContent, "date"),
                ("purchases", #"{"currency":"EUR"}"#, .badRequest, "amount"),
                ("costs", #"{"amount":"1.00","category":"bribes"}"#, .unprocessableContent, "category"),
                ("surveys", #"{"score":11}"#, .unprocessableContent, "score"),
                ("surveys", #"{"score":-1}"#, .unprocessableContent, "score"),
                ("surveys", #"{"score":"ten"}"#, .badRequest, "score"),
                ("interactions", #"{"channel":"pigeon","kind":"call","summary":"x"}"#, .unprocessableContent, "channel"),
                ("interactions", #"{"channel":"phone","kind":"call","summary":" "}"#, .unprocessableContent, "summary"),
                ("interactions", #"{"channel":"phone","kind":"call","summary":"x","markers":["nocolon"]}"#, .unprocessableContent, "markers[0]"),
                ("interactions", #"{"channel":"phone","kind":"call","summary":"x","markers":["pro-customer:nope"]}"#,
                 .unprocessableContent, "markers[0]"),
                ("interactions", #"{"channel":"phone","kind":"call","summary":"x","follow_up":"soon"}"#, .unprocessableContent, "follow_up"),
            ]
            for (route, body, status, field) in cases {
                let response = try await client.call(.post, "/api/v1/customers/1/\(route)", token: token, json: body)
                #expect(response.isProblem(status), "\(route) \(body): \(response.text)")
                #expect(response.problemFields == [field], "\(route) \(body)")
            }
            for table in [EvidenceTable.purchases, .costs, .surveys, .interactions, .followUps] {
                #expect(try await Self.count(table, fixture) == 0, "\(table)")
            }
        }
    }

    @Test("an interaction records its markers and follow-up; the follow-up is listed open, then overdue, then done")
    func interactionAndFollowUp() async throws {
        try await Fixture.withApp { client, fixture in
            let token = fixture.tokens["agent"]
            // given an interaction with a marker and a follow-up due in the past
            let logged = try await client.call(
                .post, "/api/v1/customers/A-1/interactions", token: token,
                json: #"{"channel":"phone","kind":"call","summary":"Named the problem","markers":["pro-customer:problem-named"],"decision":"Wants a demo","follow_up":"2020-01-06"}"#)
            #expect(logged.status == .created, "\(logged.text)")
            #expect((logged.object["interaction"] as? [String: Any])?["decision"] as? String == "Wants a demo")
            #expect((logged.object["markers"] as? [[String: Any]])?.first?["marker"] as? String == "problem-named")
            let followUp = try #require(logged.object["follow_up"] as? [String: Any])
            #expect(followUp["due"] as? String == "2020-01-06")
            #expect(followUp["assignee"] as? String == "agent@acme.test")
            let id = try #require(followUp["id"] as? Int)
            // when it is listed
            for uri in ["/api/v1/follow-ups", "/api/v1/follow-ups?status=overdue", "/api/v1/customers/A-1/follow-ups?status=open"] {
                let list = try await client.call(.get, uri, token: fixture.tokens["viewer"])
                #expect((list.object["items"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [id], "\(uri): \(list.text)")
            }
            let bad = try await client.call(.get, "/api/v1/follow-ups?status=late", token: token)
            #expect(bad.isProblem(.badRequest))
            #expect(bad.problemFields == ["status"])
            // a viewer may not close it; the agent may
            let refused = try await client.call(.post, "/api/v1/follow-ups/\(id)/done", token: fixture.tokens["viewer"])
            #expect(refused.isProblem(.forbidden))
            let done = try await client.call(.post, "/api/v1/follow-ups/\(id)/done", token: token)
            #expect(done.status == .ok, "\(done.text)")
            #expect(done.object["done_at"] is String)
            let again = try await client.call(.post, "/api/v1/follow-ups/\(id)/done", token: token)
            #expect(again.isProblem(.conflict))
            // then it is no longer open, but still in "all"
            let open = try await client.call(.get, "/api/v1/follow-ups", token: token)
            #expect((open.object["items"] as? [Any])?.isEmpty == true)
            let all = try await client.call(.get, "/api/v1/follow-ups?status=all", token: token)
            #expect((all.object["items"] as? [Any])?.count == 1)
            // globex sees none of it
            let foreign = try await client.call(.post, "/api/v1/follow-ups/\(id)/done", token: fixture.tokens["globex"])
            #expect(foreign.isProblem(.notFound))
            let foreignList = try await client.call(.get, "/api/v1/follow-ups?status=all", token: fixture.tokens["globex"])
            #expect((foreignList.object["items"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("a viewer may not record evidence (403), an agent not for another's customer (403); nothing is written")
    func roles() async throws {
        try await Fixture.withApp { client, fixture in
            let bodies = [
                ("purchases", #"{"amount":"1.00"}"#), ("costs", #"{"amount":"1.00","category":"care"}"#), ("surveys", #"{"score":5}"#),
                ("interactions", #"{"channel":"email","kind":"message","summary":"Hello"}"#),
            ]
            for (route, body) in bodies {
                let viewer = try await client.call(.post, "/api/v1/customers/1/\(route)", token: fixture.tokens["viewer"], json: body)
                #expect(viewer.isProblem(.forbidden), "\(route): \(viewer.text)")
                let agent = try await client.call(.post, "/api/v1/customers/A-2/\(route)", token: fixture.tokens["agent"], json: body)
                #expect(agent.isProblem(.forbidden), "\(route): \(agent.text)")
            }
            for table in [EvidenceTable.purchases, .costs, .surveys, .interactions] {
                #expect(try await Self.count(table, fixture) == 0, "\(table)")
            }
        }
    }

    @Test("another workspace's customer answers 404 on every evidence route, and nothing is written")
    func foreignCustomer() async throws {
        try await Fixture.withApp { client, fixture in
            let acme = fixture.tokens["owner"]
            let bodies = [
                ("purchases", #"{"amount":"1.00"}"#), ("costs", #"{"amount":"1.00","category":"care"}"#), ("surveys", #"{"score":5}"#),
                ("interactions", #"{"channel":"email","kind":"message","summary":"Hello"}"#),
            ]
            for reference in [String(fixture.foreignCustomer.id), "G-3"] {
                for (route, body) in bodies {
                    let response = try await client.call(.post, "/api/v1/customers/\(reference)/\(route)", token: acme, json: body)
                    #expect(response.isProblem(.notFound), "\(reference) \(route): \(response.text)")
                }
                let list = try await client.call(.get, "/api/v1/customers/\(reference)/follow-ups", token: acme)
                #expect(list.isProblem(.notFound))
            }
            let globex = try await WorkspaceSession.open(fixture.database, workspace: "globex", actor: "test")
            let store = EvidenceStore(fixture.database.sql, workspace: globex.workspace.id)
            for table in [EvidenceTable.purchases, .costs, .surveys, .interactions] {
                #expect(try await store.count(table) == 0)
            }
        }
    }
}

@Suite("Amounts at the edges")
struct AmountEdgeTests {
    @Test("amounts beyond ±999,999,999,999.99 or in exponent form are 422 naming amount, and nothing is recorded")
    func edges() async throws {
        try await Fixture.withApp { client, fixture in
            let token = fixture.tokens["owner"]
            for amount in ["1e-308", "1e300", #""1000000000000.00""#, "4.494237890133102e-276", #""31337949903421724.00""#] {
                let response = try await client.call(.post, "/api/v1/customers/A-1/purchases", token: token, json: #"{"amount": \#(amount)}"#)
                #expect(response.isProblem(.unprocessableContent), "\(amount): \(response.text)")
                #expect(response.text.contains(#""field":"amount""#), "\(amount)")
            }
            let largest = try await client.call(.post, "/api/v1/customers/A-1/purchases", token: token, json: #"{"amount": "999999999999.99"}"#)
            #expect(largest.status == .created)
            let session = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
            #expect(try await session.detail("A-1").purchases.count == 1)
        }
    }
}
