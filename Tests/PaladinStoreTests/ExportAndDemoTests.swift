import PaladinCore
import SQLKit
@testable import PaladinStore
import Testing

@Suite("Exports and the demo workspace")
struct ExportAndDemoTests {
    /// The import order that satisfies references: customers first.
    static let order: [ImportKind] = [.customers, .purchases, .costs, .surveys, .interactions]

    func exportKind(_ kind: ImportKind) -> ExportKind {
        ExportKind(rawValue: kind.rawValue)!
    }

    @Test("every export of a demo workspace re-imports into a fresh database with the same counts and rows")
    func exportRoundTrip() async throws {
        try await withDatabase { source in
            try await withDatabase { target in
                // given
                let demo = try await makeSession(source)
                let summary = try await DemoWorkspace.populate(demo, customers: 40)
                var exported: [ExportKind: String] = [:]
                for kind in ExportKind.allCases { exported[kind] = try await demo.exportCSV(kind) }
                let fresh = try await makeSession(target, workspace: "copy")
                // when
                for kind in Self.order {
                    let text = try #require(exported[exportKind(kind)])
                    let outcome = try await fresh.importText(kind, text, source: "\(kind.rawValue).csv")
                    #expect(outcome.rejected.isEmpty)
                }
                // then
                let original = try await Counts(demo)
                let copy = try await Counts(fresh)
                #expect(original.customers == 40 && summary.customers == 40)
                #expect(copy.customers == original.customers)
                #expect(copy.purchases == original.purchases && copy.purchases == summary.purchases)
                #expect(copy.costs == original.costs)
                #expect(copy.surveys == original.surveys)
                #expect(copy.interactions == original.interactions)
                #expect(copy.markers == original.markers)
                #expect(copy.followUps == original.followUps)
                for kind in Self.order {
                    #expect(try await fresh.exportCSV(exportKind(kind)) == exported[exportKind(kind)], "\(kind) differs after the round trip")
                }
                let moveRows = try #require(exported[.moves]).split(separator: "\n").count - 1
                #expect(moveRows == original.moves && moveRows == summary.moves)
            }
        }
    }

    @Test("the demo is the same for the same seed, and differs for another")
    func demoIsDeterministic() async throws {
        func run(seed: UInt64) async throws -> (DemoWorkspace.Summary, Counts, String) {
            try await withDatabase { database in
                let session = try await makeSession(database)
                let summary = try await DemoWorkspace.populate(session, customers: 25, seed: seed)
                return (summary, try await Counts(session), try await session.exportCSV(.moves))
            }
        }
        // when
        let first = try await run(seed: 7)
        let second = try await run(seed: 7)
        let other = try await run(seed: 8)
        // then
        #expect(first.1 == second.1)
        #expect(first.2 == second.2)
        #expect(first.0.customers == 25 && first.1.customers == 25)
        #expect(first.0.moves == first.1.moves && first.0.interactions == first.1.interactions)
        #expect(first.0.followUps == first.1.followUps && first.0.surveys == first.1.surveys)
        #expect(first.2 != other.2)
    }

    @Test("after the demo every position agrees with the move history, and the demo refuses to run twice")
    func demoIsConsistent() async throws {
        try await withSession { session in
            // given
            _ = try await DemoWorkspace.populate(session, customers: 40)
            // when
            let problems = try await session.verifyPositions(batch: 7)
            // then
            #expect(problems.isEmpty)
            let journeys = JourneyStore(session.database.sql, workspace: session.workspace.id)
            for id in [Int64(1), 17, 40] {
                #expect(try await journeys.inconsistencies(customer: id).isEmpty)
            }
            let before = try await Counts(session)
            await #expect(throws: PaladinError.self) { _ = try await DemoWorkspace.populate(session, customers: 5) }
            #expect(try await Counts(session) == before)
        }
    }

    @Test("check finds a position that disagrees with the moves")
    func verifyFindsDrift() async throws {
        try await withSession { session in
            // given
            let customer = try await session.add("V-1", "Vera")
            // when: a position is changed behind the store's back
            try await session.database.sql.raw(
                "UPDATE positions SET stage_key = 'advocate' WHERE customer_id = \(bind: customer.id) AND model_key = 'customer-journey'"
            ).run()
            // then
            let problems = try await session.verifyPositions()
            #expect(problems.count == 1)
            #expect(problems.first?.contains("advocate") == true)
            #expect(try await JourneyStore(session.database.sql, workspace: session.workspace.id).inconsistencies(customer: customer.id).count == 1)
        }
    }
}
