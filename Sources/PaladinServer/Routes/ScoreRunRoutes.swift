import Foundation
import Hummingbird
import PaladinCore
import PaladinStore

/// Score runs in the background: start one (owners and managers: a run re-derives every customer), watch its
/// progress, list recent ones. One run per workspace at a time.
enum ScoreRunRoutes {
    static func add(to api: RouterGroup<MemberContext>, database: PaladinDatabase, runner: ScoreRunner) {
        api.post("/score-runs") { request, context in
            try context.requireWorksEveryCustomer("start score runs")
            let body = try await optionalBody(request, context: context)
            let asOf = try EvidenceField.timestamp(body.as_of, field: "as_of")
            let session = context.session(database)
            let run = try await session.requestScoreRun(asOf: asOf)
            guard runner.submit(.init(session: session, runId: run.id)) else {
                try await session.abandonScoreRun(run.id, reason: "the server is stopping; start the run again later")
                throw Problem(status: .serviceUnavailable, slug: "stopping", detail: "the server is stopping; start the run again later")
            }
            return try Body.json(ScoreRunView(run, live: nil), status: .accepted, headers: [.location: "/api/v1/score-runs/\(run.id)"])
        }
        api.get("/score-runs/{id}") { _, context in
            let text = try context.parameters.require("id")
            let session = context.session(database)
            guard let id = Int64(text), let run = try await session.scoreRun(id) else {
                throw Problem.notFound("no score run \(text) in this workspace")
            }
            return try Body.json(view(run, session: session, runner: runner))
        }
        api.get("/score-runs") { request, context in
            let (limit, cursor) = try page(request.uri.queryParameters)
            let session = context.session(database)
            let runs = try await session.scoreRuns(limit: limit + 1, before: cursor)
            let items = runs.prefix(limit).map { view($0, session: session, runner: runner) }
            return try Body.json(ScoreRunPage(items: Array(items), next_cursor: runs.count > limit ? items.last.map { String($0.id) } : nil))
        }
    }

    static func view(_ run: ScoreRun, session: WorkspaceSession, runner: ScoreRunner) -> ScoreRunView {
        ScoreRunView(run, live: runner.progress.progress(.init(workspace: session.workspace.id, run: run.id)))
    }

    /// The body is optional: none (or an empty one) means the defaults; otherwise it must be JSON.
    static func optionalBody(_ request: Request, context: MemberContext) async throws -> ScoreRunBody {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: context.maxUploadSize)
        } catch {
            throw Problem(status: .contentTooLarge, slug: "content-too-large", detail: "the body is larger than \(context.maxUploadSize) bytes")
        }
        if buffer.readableBytes == 0 { return ScoreRunBody() }
        return try await Body.decode(ScoreRunBody.self, from: request, context: context)
    }

    /// `limit` 1–500 (default 20) and `cursor` (a `next_cursor` this API returned); 400 naming each malformed one.
    static func page(_ parameters: Parameters) throws -> (Int, Int64?) {
        var query = Query(parameters: parameters)
        let limit = query.integer("limit", in: 1...500) ?? 20
        let cursor = query.numericCursor()
        try query.check()
        return (limit, cursor)
    }
}
