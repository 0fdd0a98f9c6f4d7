import Hummingbird
import PaladinCore
import PaladinStore
import PaladinViews

/// Moving customers and recording markers met, under the rules of movement.
enum JourneyRoutes {
    static func add(to api: RouterGroup<MemberContext>, database: PaladinDatabase) {
        api.post("/customers/{id}/moves") { request, context in
            let reference = try context.parameters.require("id")
            let session = context.session(database)
            // Found first, so a foreign id answers 404 before anything about roles or bodies.
            let customer = try await session.customer(reference)
            try context.requireWorks(customer)
            let body = try await Body.decode(MoveBody.self, from: request, context: context)
            let model = try await knownModel(body.model, session: session)
            guard model.stage(body.to) != nil else {
                throw Problem.unprocessable("to: model '\(model.key)' has no stage '\(body.to)'",
                                            errors: [.init(field: "to", message: "no such stage in model '\(model.key)'")])
            }
            let move = try await session.move(reference, model: body.model, request: body.request)
            ServerMetrics.countMove(model: move.model, kind: move.kind.rawValue)
            return try Body.json(CustomerDetailView.MoveView(move), status: .created)
        }
        api.post("/customers/{id}/markers") { request, context in
            let reference = try context.parameters.require("id")
            let session = context.session(database)
            let customer = try await session.customer(reference)
            try context.requireWorks(customer)
            let body = try await Body.decode(MarkerBody.self, from: request, context: context)
            let model = try await knownModel(body.model, session: session)
            guard model.marker(body.marker) != nil else {
                throw Problem.unprocessable("marker: model '\(model.key)' has no marker '\(body.marker)'",
                                            errors: [.init(field: "marker", message: "no such marker in model '\(model.key)'")])
            }
            guard let record = try await session.mark(reference, model: body.model, marker: body.marker, note: body.note) else {
                // Already met in this cycle: nothing written, nothing new to show.
                return Response(status: .noContent)
            }
            ServerMetrics.countMarker(model: record.model)
            return try Body.json(MarkerRecordView(record), status: .created)
        }
    }

    /// The model a body names; 422 (a bad field, not a missing resource) when the workspace has none such.
    static func knownModel(_ key: String, session: WorkspaceSession) async throws -> JourneyModel {
        guard let stored = try await session.models().first(where: { $0.model.key == key }) else {
            throw Problem.unprocessable("model: no model '\(key)' in this workspace",
                                        errors: [.init(field: "model", message: "no such model in this workspace")])
        }
        return stored.model
    }
}
