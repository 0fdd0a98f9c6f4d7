import Hummingbird
import PaladinCore
import PaladinStore

/// Evidence about a customer: purchases, costs to serve, survey answers, interactions, and the follow-ups they agree.
enum EvidenceRoutes {
    static func add(to api: RouterGroup<MemberContext>, database: PaladinDatabase) {
        api.post("/customers/{id}/purchases") { request, context in
            let (session, reference) = try await worked(context, database)
            let body = try await Body.decode(PurchaseBody.self, from: request, context: context)
            let purchase = try await session.addPurchase(
                reference, amount: try body.amount.money(), currency: body.currency?.trimmingSpaces.nilIfEmpty,
                at: try EvidenceField.timestamp(body.date), reference: body.reference)
            return try Body.json(purchase, status: .created)
        }
        api.post("/customers/{id}/costs") { request, context in
            let (session, reference) = try await worked(context, database)
            let body = try await Body.decode(CostBody.self, from: request, context: context)
            let cost = try await session.addCost(
                reference, amount: try body.amount.money(), category: try EvidenceField.choice(body.category, field: "category", as: CostCategory.self),
                at: try EvidenceField.timestamp(body.date), note: body.note)
            return try Body.json(cost, status: .created)
        }
        api.post("/customers/{id}/surveys") { request, context in
            let (session, reference) = try await worked(context, database)
            let body = try await Body.decode(SurveyBody.self, from: request, context: context)
            let survey = try await session.addSurvey(reference, score: body.score, comment: body.comment, at: try EvidenceField.timestamp(body.date))
            return try Body.json(survey, status: .created)
        }
        api.post("/customers/{id}/interactions") { request, context in
            let (session, reference) = try await worked(context, database)
            let body = try await Body.decode(InteractionBody.self, from: request, context: context)
            let entry = try body.entry()
            try await checkMarkers(entry.markers, session: session)
            let (interaction, markers, followUp) = try await session.log(reference, entry: entry)
            return try Body.json(LoggedInteraction(interaction: interaction, markers: markers.map(MarkerRecordView.init), follow_up: followUp),
                                 status: .created)
        }
        api.get("/customers/{id}/follow-ups") { request, context in
            let session = context.session(database)
            let customer = try await session.customer(try context.parameters.require("id"))
            return try await followUps(request, session: session, customer: customer.id)
        }
        api.get("/follow-ups") { request, context in
            try await followUps(request, session: context.session(database), customer: nil)
        }
        api.post("/follow-ups/{id}/done") { _, context in
            let session = context.session(database)
            let text = try context.parameters.require("id")
            let evidence = EvidenceStore(database.sql, workspace: session.workspace.id)
            guard let id = Int64(text), let followUp = try await evidence.followUps(id: id, includeDone: true, limit: 1).first else {
                throw Problem.notFound("no follow-up \(text) in this workspace")
            }
            try context.requireWorks(try await session.customer(String(followUp.customerId)))
            guard followUp.doneAt == nil else {
                throw Problem(status: .conflict, slug: "conflict", detail: "follow-up \(id) is done already")
            }
            try await session.completeFollowUp(id)
            let done = try await evidence.followUps(id: id, includeDone: true, limit: 1).first ?? followUp
            return try Body.json(done)
        }
    }

    /// The session and customer reference of a write about one customer. The customer is found first, so a
    /// foreign id answers 404 before anything about roles or bodies; then 403 unless the member works them.
    static func worked(_ context: MemberContext, _ database: PaladinDatabase) async throws -> (WorkspaceSession, String) {
        let reference = try context.parameters.require("id")
        let session = context.session(database)
        try context.requireWorks(try await session.customer(reference))
        return (session, reference)
    }

    /// 422 naming `markers[i]` for a marker of no model, or no such marker in its model (the use case would say 404).
    static func checkMarkers(_ markers: [MarkerReference], session: WorkspaceSession) async throws {
        guard !markers.isEmpty else { return }
        let models = try await session.models().map(\.model)
        for (index, reference) in markers.enumerated() {
            guard let model = models.first(where: { $0.key == reference.model }), model.marker(reference.marker) != nil else {
                throw Problem.unprocessable("markers[\(index)]: no marker '\(reference)' in this workspace",
                                            errors: [.init(field: "markers[\(index)]", message: "no such marker in this workspace's models")])
            }
        }
    }

    /// `?status=open|overdue|all` (default open), by due date; 400 naming `status` for anything else.
    static func followUps(_ request: Request, session: WorkspaceSession, customer: Int64?) async throws -> Response {
        let status = request.uri.queryParameters.get("status") ?? "open"
        guard ["open", "overdue", "all"].contains(status) else {
            throw Problem.badRequest("status: must be open, overdue or all", errors: [.init(field: "status", message: "must be open, overdue or all")])
        }
        let evidence = EvidenceStore(session.database.sql, workspace: session.workspace.id)
        var items = try await evidence.followUps(customer: customer, includeDone: status == "all", limit: 1_000)
        if status == "overdue" {
            let today = session.clock.now().date
            items = items.filter { $0.isOverdue(today: today) }
        }
        return try Body.json(FollowUpList(items: items))
    }
}
