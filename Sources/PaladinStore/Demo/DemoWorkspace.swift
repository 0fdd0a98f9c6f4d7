import PaladinCore
import SQLKit

/// A realistic demo workspace: customers across every model, with interactions, purchases, costs, surveys and history.
public enum DemoWorkspace {
    /// What the demo wrote.
    public struct Summary: Sendable {
        public var customers: Int
        public var moves: Int
        public var interactions: Int
        public var purchases: Int
        public var costs: Int
        public var surveys: Int
        public var followUps: Int
    }

    /// Fills the session's workspace (which must have no customers) with `customers` simulated customers.
    public static func populate(_ session: WorkspaceSession, customers count: Int = 300, seed: UInt64 = 42) async throws -> Summary {
        let models = try await session.models().map(\.model)
        let now = session.clock.now()
        var simulation = DemoSimulation(models: models, now: now, seed: seed, currency: session.workspace.currency)
        for index in 0..<count { simulation.simulateCustomer(index) }
        let records = simulation
        return try await session.database.transaction { sql in
            let workspace = session.workspace.id
            guard try await CustomerStore(sql, workspace: workspace).count() == 0 else {
                throw PaladinError.conflict("workspace '\(session.workspace.key)' already has customers; the demo fills only an empty workspace")
            }
            let ids = IdAllocator(sql)
            // The simulation numbers records from 1; reserve the same ranges so ids line up.
            for (table, used) in [("customers", records.customers.count), ("moves", records.moves.count),
                                  ("interactions", records.interactions.count), ("purchases", records.purchases.count),
                                  ("costs", records.costs.count), ("survey_responses", records.surveys.count),
                                  ("follow_ups", records.followUps.count), ("markers_met", records.markers.count)] where used > 0 {
                _ = try await ids.reserve(table, count: used, workspace: workspace)
            }
            try await CustomerStore(sql, workspace: workspace).insert(records.customers)
            let journeys = JourneyStore(sql, workspace: workspace)
            let evidence = EvidenceStore(sql, workspace: workspace)
            try await evidence.insert(records.interactions)
            try await journeys.record(records.markers)
            try await evidence.insert(records.followUps)
            try await evidence.insert(records.purchases)
            try await evidence.insert(records.costs)
            try await evidence.insert(records.surveys)
            try await journeys.appendHistory(records.moves)
            return Summary(
                customers: records.customers.count, moves: records.moves.count, interactions: records.interactions.count,
                purchases: records.purchases.count, costs: records.costs.count, surveys: records.surveys.count,
                followUps: records.followUps.count)
        }
    }
}
