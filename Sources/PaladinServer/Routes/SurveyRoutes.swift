import Hummingbird
import PaladinCore
import PaladinStore

/// Survey campaigns of the token's workspace: owners and managers create them and issue their links; every member
/// reads them. Another workspace's campaign is never found (404). The answer page itself is HTML (`/s/{link}`).
enum SurveyRoutes {
    static func add(to api: RouterGroup<MemberContext>, database: PaladinDatabase, publicURL: String?) {
        api.get("/surveys") { _, context in
            try Body.json(SurveyCampaignList(items: try await context.session(database).surveyCampaigns().map(SurveyCampaignView.init)))
        }
        api.post("/surveys") { request, context in
            try context.requireWorksEveryCustomer("create survey campaigns")
            let body = try await Body.decode(NewSurveyBody.self, from: request, context: context)
            let summary = try await context.session(database).createSurveyCampaign(try body.draft())
            return try Body.json(SurveyCampaignView(summary), status: .created, headers: [.location: "/api/v1/surveys/\(summary.campaign.id)"])
        }
        api.get("/surveys/{id}") { _, context in
            let session = context.session(database)
            return try Body.json(SurveyDetailView(try await session.surveyResults(try campaignId(context))))
        }
        api.post("/surveys/{id}/close") { _, context in
            let id = try campaignId(context)
            let session = context.session(database)
            _ = try await session.surveyCampaign(id)
            try context.requireWorksEveryCustomer("close survey campaigns")
            _ = try await session.closeSurveyCampaign(id)
            return try Body.json(SurveyDetailView(try await session.surveyResults(id)))
        }
        api.post("/surveys/{id}/links") { request, context in
            let id = try campaignId(context)
            let session = context.session(database)
            _ = try await session.surveyCampaign(id)
            try context.requireWorksEveryCustomer("issue survey links")
            let query = request.uri.queryParameters
            let format = query.get("format") ?? "json"
            guard ["json", "csv"].contains(format) else {
                throw Problem.badRequest("format: must be json or csv", errors: [.init(field: "format", message: "must be json or csv")])
            }
            let reissue = query.get("reissue") ?? "false"
            guard ["true", "false"].contains(reissue) else {
                throw Problem.badRequest("reissue: must be true or false", errors: [.init(field: "reissue", message: "must be true or false")])
            }
            let (links, kept) = try await session.issueSurveyLinks(id, reissue: reissue == "true")
            let base = SurveyLinksCSV.base(publicURL ?? "http://\(request.head.authority ?? "127.0.0.1")")
            if format == "csv" {
                return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .cacheControl: "no-store"],
                                body: .init(byteBuffer: ByteBuffer(string: SurveyLinksCSV.text(links, base: base))))
            }
            // no-store: the links are secrets shown once, never kept (not even for an Idempotency-Key replay).
            return try Body.json(SurveyLinkList(
                items: links.map { SurveyLinkView(customer_id: $0.customerId, external_id: $0.externalId, name: $0.name, email: $0.email, link: base + $0.path) },
                kept: kept), headers: [.cacheControl: "no-store"])
        }
        api.post("/surveys/{id}/send") { request, context in
            let id = try campaignId(context)
            let session = context.session(database)
            _ = try await session.surveyCampaign(id)
            try context.requireWorksEveryCustomer("send survey invitations")
            let base = publicURL ?? "http://\(request.head.authority ?? "127.0.0.1")"
            let report = try await SurveyMailer(session: session, publicURL: base).send(campaign: id)
            return try Body.json(SurveySendView(
                sent: report.sent, failed: report.failed.map { SurveySendView.Failure(customer_id: $0.customer, reason: $0.reason) },
                without_email: report.withoutEmail))
        }
    }

    /// The `{id}` of the path; 404 when it is not a number (no campaign could have it).
    static func campaignId(_ context: MemberContext) throws -> Int64 {
        let text = try context.parameters.require("id")
        guard let id = Int64(text) else { throw Problem.notFound("no survey campaign '\(text)' in this workspace") }
        return id
    }
}
