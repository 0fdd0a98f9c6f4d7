import Hummingbird
import PaladinCore
import PaladinStore
import PaladinViews

/// `GET /models` and `GET /models/{key}` in the token's workspace.
enum ModelRoutes {
    static func add(to api: RouterGroup<MemberContext>, database: PaladinDatabase) {
        api.get("/models") { _, context in
            let session = context.session(database)
            let models = try await session.models()
            return try Body.json(["items": models.map { ModelSummary($0, language: session.workspace.language) }])
        }
        api.get("/models/{key}") { _, context in
            let key = try context.parameters.require("key")
            let model = try await context.session(database).model(key)
            return Body.rawJSON(ModelDocument.json(model, explicitNulls: true))
        }
    }
}

extension MemberContext {
    /// The use cases in the token's workspace, acting as its member.
    func session(_ database: PaladinDatabase) -> WorkspaceSession {
        WorkspaceSession(database: database, workspace: principal.workspace, clock: .system, actor: principal.member.email)
    }

    /// 403 unless the member may write in this workspace.
    func requireWriter() throws {
        guard principal.role.canWrite else {
            throw Problem.forbidden("the role '\(principal.role.rawValue)' may only read in this workspace")
        }
    }

    /// 403 unless the member may work `customer` (agents work the customers they own).
    func requireWorks(_ customer: Customer) throws {
        try requireWriter()
        guard principal.role.worksEveryCustomer || principal.member.owns(customer.owner) else {
            throw Problem.forbidden("an agent works only the customers they own; customer \(customer.id) is owned by someone else")
        }
    }
}
