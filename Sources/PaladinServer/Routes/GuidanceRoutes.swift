import Hummingbird
import PaladinCore
import PaladinStore
import PaladinViews

/// The next best actions, read-only, as `paladin next`: one customer's (any member; another workspace's customer is
/// 404), or the customers who need attention most. An agent's list is always of their own customers.
enum GuidanceRoutes {
    static func add(to api: RouterGroup<MemberContext>, database: PaladinDatabase) {
        api.get("/customers/{id}/next") { _, context in
            let guidance = try await context.session(database).next(try context.parameters.require("id"))
            return try Body.json(CustomerGuidanceView(guidance))
        }
        api.get("/next") { request, context in
            var query = Query(request)
            let limit = query.integer("limit", in: 1...500) ?? 20
            let asked = query.text("owner")?.trimmingSpaces.nilIfEmpty
            try query.check()
            // An agent works the customers they own: their list is theirs, whatever `owner` says.
            let owner = context.principal.role == .agent ? context.principal.member.email : asked
            // An agent owns the customers whose owner is their email or their name (as everywhere else).
            let alias = context.principal.role == .agent ? context.principal.member.name : nil
            let items = try await context.session(database).nextActions(owner: owner, alsoOwnedAs: alias, limit: limit)
            return try Body.json(GuidanceListView(owner: owner, limit: limit, items: items))
        }
    }
}
