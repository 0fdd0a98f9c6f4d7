import PaladinCore
@testable import PaladinStore
import SQLKit

/// A small workspace for score runs, all dated relative to `testNow` (2026-05-28T20:26:40Z):
/// - L-1 Lia: three purchases of 200.00 (100, 50 and 10 days ago), 50.00 cost, last score 10 → loyal promoter
/// - D-1 Dan: one purchase of 100.00 (20 days ago), 300.00 cost, complaints 10, 100 and 200 days ago → demanding
/// - G-1 Gus: two purchases of 1000.00 (500 and 400 days ago) → lost, but the top revenue
/// - N-1 Nora: no evidence
func seedScoringWorkspace(_ session: WorkspaceSession) async throws {
    func daysAgo(_ days: Int) -> Timestamp { testNow.adding(days: -days) }
    try await session.add("L-1", "Lia")
    try await session.add("D-1", "Dan")
    try await session.add("G-1", "Gus")
    try await session.add("N-1", "Nora")
    for days in [100, 50, 10] {
        _ = try await session.addPurchase("L-1", amount: Money(cents: 20_000), currency: nil, at: daysAgo(days), reference: nil)
    }
    _ = try await session.addCost("L-1", amount: Money(cents: 5_000), category: .care, at: daysAgo(20), note: nil)
    _ = try await session.addSurvey("L-1", score: 10, comment: nil, at: daysAgo(5))
    _ = try await session.addPurchase("D-1", amount: Money(cents: 10_000), currency: nil, at: daysAgo(20), reference: nil)
    _ = try await session.addCost("D-1", amount: Money(cents: 30_000), category: .support, at: daysAgo(15), note: nil)
    for days in [10, 100, 200] {
        _ = try await session.log("D-1", entry: InteractionEntry(channel: .phone, kind: .complaint, summary: "Claim", at: daysAgo(days)))
    }
    for days in [500, 400] {
        _ = try await session.addPurchase("G-1", amount: Money(cents: 100_000), currency: nil, at: daysAgo(days), reference: nil)
    }
}

extension WorkspaceSession {
    /// Rows of `table` in this workspace.
    func rowCount(_ table: String) async throws -> Int {
        let row = try await database.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE workspace_id = \(bind: workspace.id)").first()
        return try row?.decode(column: "n", as: Int.self) ?? -1
    }

    /// The customer's moves in `model`, oldest first.
    func moves(of reference: String, in model: String) async throws -> [Move] {
        let customer = try await customer(reference)
        return try await JourneyStore(database.sql, workspace: workspace.id).moves(customer: customer.id, model: model)
    }

    /// The customer's current stage in `model`, nil when not placed.
    func stage(of reference: String, in model: String) async throws -> String? {
        try await position(of: reference, in: model)?.stage
    }
}

extension ScoreReport {
    /// The change of one model.
    func change(_ model: String) -> ModelChange? { changes.first { $0.model == model } }
}
