import Hummingbird
import PaladinCore
import PaladinStore

/// `GET /semaphore`: the PRO Customer states as a four-colour light — each state's name, colour, count and a bounded
/// list of its customers — with the mirrored guidance stage (proc-guidance) beside each.
enum SemaphorePage {
    /// The model drawn as the light, and how many customers each state lists.
    static let modelKey = "pro-customer"
    static let customersPerState = 10

    struct Light {
        let name: String
        let swatch: String
        let decision: String
        let count: Int
        let customers: [CustomerListPage.Row]
        let guidance: String
        let moreHref: String?
    }

    struct Model {
        let name: String
        let guidanceName: String
        let lights: [Light]
        let boardHref: String
    }

    static func add(to pages: RouterGroup<WebContext>, environment: WebEnvironment) {
        pages.get("/semaphore") { request, context in
            let session = context.workspace(environment.database)
            let page = try await build(session: session, language: context.language)
            return try context.chrome(request).render("semaphore", titleKey: "nav_semaphore", page: page, renderer: environment.renderer)
        }
    }

    static func build(session: WorkspaceSession, language: String) async throws -> Model {
        let models = try await session.models().map(\.model)
        guard let model = models.first(where: { $0.key == modelKey }) else { throw WebError.notFound }
        let guidance = models.first { $0.mirrorOf == model.key }
        let counts = try await JourneyStore(session.database.sql, workspace: session.workspace.id).stageCounts(model: model.key)
        var lights: [Light] = []
        for state in model.states {
            let stages = model.stages.filter { $0.state == state.key }
            var customers: [Customer] = []
            for stage in stages where customers.count < customersPerState {
                customers += try await session.customers(
                    CustomerQuery(model: model.key, stage: stage.key, sort: .name, limit: customersPerState - customers.count))
            }
            let count = stages.reduce(0) { $0 + (counts[$1.key] ?? 0) }
            let mirrored = guidance?.stages.filter { $0.mirrors == state.key }.map { $0.names.text(language) } ?? []
            lights.append(Light(
                name: state.names.text(language), swatch: Swatch.name(state.color), decision: state.decision.text(language), count: count,
                customers: customers.map {
                    CustomerListPage.Row(href: "/customers/\($0.id)", name: $0.name, externalId: $0.externalId ?? "", company: $0.company ?? "",
                                         owner: $0.owner ?? "", tags: "")
                },
                guidance: mirrored.joined(separator: ", "),
                moreHref: count > customers.count && stages.count == 1
                    ? "/customers?" + CustomerListPage.queryString([("model", model.key), ("stage", stages[0].key)]) : nil))
        }
        return Model(name: model.names.text(language), guidanceName: guidance?.names.text(language) ?? "", lights: lights,
                     boardHref: "/models/\(model.key)/board")
    }
}
