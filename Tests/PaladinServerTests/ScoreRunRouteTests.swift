import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PaladinCore
import PaladinServer
import PaladinStore
import Testing

@Suite("Score runs: /api/v1/score-runs")
struct ScoreRunRouteTests {
    /// Polls the run at `location` until it has finished (or 30 seconds pass); returns its last view.
    static func waitUntilFinished(_ client: any TestClientProtocol, _ location: String, token: String?) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            let body = try await client.call(.get, location, token: token).object
            let status = body["status"] as? String
            if status == "succeeded" || status == "failed" || ContinuousClock.now > deadline { return body }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test("a manager starts a run: 202 with Location; it reaches succeeded with its progress and outcome, and is listed")
    func happyPath() async throws {
        try await Fixture.withApp { client, fixture in
            let token = fixture.tokens["manager"]
            // when a run is started as of a date
            let started = try await client.call(.post, "/api/v1/score-runs", token: token, json: #"{"as_of":"2026-03-01"}"#)
            // then 202, Location names it, and it is queued (or already on its way)
            #expect(started.status == .accepted, "\(started.text)")
            let id = try #require(started.object["id"] as? Int)
            let location = try #require(started.headers[.location])
            #expect(location == "/api/v1/score-runs/\(id)")
            #expect(started.object["status"] as? String == "queued")
            #expect(started.object["as_of"] as? String == "2026-03-01T00:00:00Z")
            #expect(started.object["requested_by"] as? String == "manager@acme.test")
            #expect(started.object["outcome"] is NSNull)
            // and it runs to succeeded, with every customer processed
            let finished = try await Self.waitUntilFinished(client, location, token: token)
            #expect(finished["status"] as? String == "succeeded", "\(finished)")
            let progress = try #require(finished["progress"] as? [String: Any])
            #expect(progress["phase"] as? String == "done")
            #expect(progress["processed"] as? Int == 2)
            #expect(progress["total"] as? Int == 2)
            #expect(finished["started_at"] is String)
            #expect(finished["finished_at"] is String)
            #expect(finished["failure"] is NSNull)
            let outcome = try #require(finished["outcome"] as? [String: Any])
            #expect(outcome["customers"] as? Int == 2)
            #expect(outcome["as_of"] as? String == "2026-03-01T00:00:00Z")
            #expect((outcome["changes"] as? [[String: Any]])?.count == 3)
            // the score's work is done: each customer has metrics from this run
            let session = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
            let row = try await fixture.database.sql.raw(
                "SELECT COUNT(*) AS n FROM customer_metrics WHERE workspace_id = \(bind: session.workspace.id) AND run_id = \(bind: id)").first()
            #expect(try row?.decode(column: "n", as: Int.self) == 2)
            // the list shows it, newest first; anyone in the workspace may read it
            let list = try await client.call(.get, "/api/v1/score-runs", token: fixture.tokens["viewer"])
            #expect(list.status == .ok)
            #expect((list.object["items"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [id])
            #expect(list.object["next_cursor"] is NSNull)
            // and the counters show it
            let metrics = try await client.call(.get, "/metrics", token: nil).text
            #expect(metrics.contains(#"paladin_score_runs_total{outcome="succeeded"}"#))
            #expect(metrics.contains("paladin_score_run_duration_seconds"))
        }
    }

    @Test("a start without a body means the CLI's defaults; the list pages with limit and cursor")
    func defaultsAndPaging() async throws {
        try await Fixture.withApp { client, fixture in
            let token = fixture.tokens["owner"]
            var ids: [Int] = []
            for _ in 0..<2 {
                let started = try await client.call(.post, "/api/v1/score-runs", token: token)
                #expect(started.status == .accepted, "\(started.text)")
                #expect(started.object["as_of"] is NSNull)
                let finished = try await Self.waitUntilFinished(client, try #require(started.headers[.location]), token: token)
                #expect(finished["status"] as? String == "succeeded")
                ids.append(try #require(started.object["id"] as? Int))
            }
            let first = try await client.call(.get, "/api/v1/score-runs?limit=1", token: token)
            #expect((first.object["items"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [ids[1]])
            let cursor = try #require(first.object["next_cursor"] as? String)
            let second = try await client.call(.get, "/api/v1/score-runs?limit=1&cursor=\(cursor)", token: token)
            #expect((second.object["items"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [ids[0]])
            let bad = try await client.call(.get, "/api/v1/score-runs?limit=0&cursor=x", token: token)
            #expect(bad.isProblem(.badRequest))
            #expect(bad.problemFields == ["limit", "cursor"])
        }
    }

    @Test("a second start while a run is queued or running is 409, and starts nothing")
    func oneAtATime() async throws {
        try await Fixture.withApp { client, fixture in
            // given a run of acme that is queued (asked for, not yet picked up)
            let session = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "owner@acme.test")
            let queued = try await session.requestScoreRun(asOf: nil)
            // when another start comes in
            let second = try await client.call(.post, "/api/v1/score-runs", token: fixture.tokens["owner"], json: "{}")
            // then 409, and still only the one run
            #expect(second.isProblem(.conflict), "\(second.text)")
            #expect(try await session.scoreRuns(limit: 10).map(\.id) == [queued.id])
            // another workspace is not held up by it
            let globex = try await client.call(.post, "/api/v1/score-runs", token: fixture.tokens["globex"])
            #expect(globex.status == .accepted)
        }
    }

    @Test("bad bodies: 422 naming as_of, 400 for malformed JSON, 415 for another content type")
    func badBodies() async throws {
        try await Fixture.withApp { client, fixture in
            let token = fixture.tokens["owner"]
            let date = try await client.call(.post, "/api/v1/score-runs", token: token, json: #"{"as_of":"yesterday"}"#)
            #expect(date.isProblem(.unprocessableContent))
            #expect(date.problemFields == ["as_of"])
            let malformed = try await client.call(.post, "/api/v1/score-runs", token: token, json: #"{"as_of":12}"#)
            #expect(malformed.isProblem(.badRequest))
            let text = try await client.call(.post, "/api/v1/score-runs", token: token, json: "as_of=2026-01-01", contentType: "text/plain")
            #expect(text.isProblem(.unsupportedMediaType))
            let session = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
            #expect(try await session.scoreRuns(limit: 10).isEmpty)
        }
    }

    @Test("no token is 401; a viewer or an agent may not start a run (403); another workspace's run is 404")
    func accessAndTenants() async throws {
        try await Fixture.withApp { client, fixture in
            #expect(try await client.call(.post, "/api/v1/score-runs", token: nil).isProblem(.unauthorized))
            #expect(try await client.call(.get, "/api/v1/score-runs", token: "bad").isProblem(.unauthorized))
            for role in ["viewer", "agent"] {
                #expect(try await client.call(.post, "/api/v1/score-runs", token: fixture.tokens[role]).isProblem(.forbidden), "\(role)")
            }
            let globex = try await client.call(.post, "/api/v1/score-runs", token: fixture.tokens["globex"])
            let id = try #require(globex.object["id"] as? Int)
            let foreign = try await client.call(.get, "/api/v1/score-runs/\(id)", token: fixture.tokens["owner"])
            #expect(foreign.isProblem(.notFound))
            #expect(try await client.call(.get, "/api/v1/score-runs/abc", token: fixture.tokens["owner"]).isProblem(.notFound))
            let list = try await client.call(.get, "/api/v1/score-runs", token: fixture.tokens["owner"])
            #expect((list.object["items"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("a run a stopped server left running is failed (interrupted) when the server starts again")
    func interruptedRun() async throws {
        try await Fixture.withApp(prepare: { fixture in
            // given a run recorded as running by a server that then stopped
            let session = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "owner@acme.test")
            var run = try await session.requestScoreRun(asOf: nil)
            run.status = .running
            try await ScoreRunStore(fixture.database.sql, workspace: session.workspace.id).update(run)
        }) { client, fixture in
            let list = try await client.call(.get, "/api/v1/score-runs", token: fixture.tokens["owner"])
            let run = try #require((list.object["items"] as? [[String: Any]])?.first)
            #expect(run["status"] as? String == "failed")
            #expect((run["failure"] as? String)?.hasPrefix("interrupted") == true)
            // and a new run may start
            #expect(try await client.call(.post, "/api/v1/score-runs", token: fixture.tokens["owner"]).status == .accepted)
        }
    }
}
