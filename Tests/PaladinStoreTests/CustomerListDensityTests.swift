import PaladinCore
@testable import PaladinStore
import SQLKit
import Testing

/// A stage with many customers is listed by walking the customers in sort order; one with few by sorting those few.
/// Both ways must give the same pages as the plain definition: the customers at the stage, in the sort's order.
@Suite("Listing a model's or stage's customers, crowded or sparse")
struct CustomerListDensityTests {
    /// One customer of the fixture, as the expectations compute with it.
    struct Row {
        let id: Int64
        let name: String
        let owner: String
        let created: Int64
        let updated: Int64
        let stage: String
    }

    /// 6,000 customers written in bulk: 5,000 at `admit` (crowded: at the threshold) and 1,000 at `assess` (sparse),
    /// with names, owners and times in orders unlike their ids, and ties on name and times to break by id.
    static func fill(_ session: WorkspaceSession) async throws -> [Row] {
        let count = 6_000
        #expect(CustomerStore.denseThreshold == 5_000)
        let rows = (1...count).map { i -> Row in
            let i64 = Int64(i)
            return Row(id: 100 + i64, name: String(format: "N%04d", (i * 7_919) % 3_001), owner: "o\(i % 3)",
                       created: 1_000 + (i64 * 13) % 2_000, updated: 5_000 + (i64 * 17) % 1_500, stage: i % 6 == 0 ? "assess" : "admit")
        }
        try await session.database.transaction { sql in
            for chunk in stride(from: 0, to: rows.count, by: 500) {
                for row in rows[chunk..<min(chunk + 500, rows.count)] {
                    try await sql.raw("""
                        INSERT INTO customers (workspace_id, id, external_id, name, kind, owner, attributes, created_at, updated_at, version)
                        VALUES (\(bind: session.workspace.id), \(bind: row.id), \(bind: "D-\(row.id)"), \(bind: row.name), 'person',
                        \(bind: row.owner), '{}', \(bind: row.created), \(bind: row.updated), 1)
                        """).run()
                    try await sql.raw("""
                        INSERT INTO positions (workspace_id, customer_id, model_key, stage_key, since, is_override, cycle_started_at, last_move_id)
                        VALUES (\(bind: session.workspace.id), \(bind: row.id), 'customer-journey', \(bind: row.stage), 1, 0, 1, 0)
                        """).run()
                }
            }
        }
        return rows
    }

    static func ordered(_ rows: [Row], _ sort: CustomerSort, descending: Bool) -> [Row] {
        rows.sorted { a, b in
            let ascending: Bool
            switch sort {
            case .name: ascending = a.name != b.name ? a.name < b.name : a.id < b.id
            case .id: ascending = a.id < b.id
            case .created: ascending = a.created != b.created ? a.created < b.created : a.id < b.id
            case .updated: ascending = a.updated != b.updated ? a.updated < b.updated : a.id < b.id
            }
            return descending ? !ascending : ascending
        }
    }

    @Test("crowded and sparse stages page the same as the definition, in every sort and direction, by offset and by cursor")
    func samePages() async throws {
        try await withSession { session in
            // given
            let rows = try await Self.fill(session)
            let store = CustomerStore(session.database.sql, workspace: session.workspace.id)
            #expect(try await store.isDense(model: "customer-journey", stage: "admit"))
            #expect(try await store.isDense(model: "customer-journey", stage: "assess") == false)
            #expect(try await store.isDense(model: "customer-journey", stage: nil))
            for stage in ["admit", "assess"] {
                for sort in CustomerSort.allCases {
                    for descending in [false, true] {
                        let expected = Self.ordered(rows.filter { $0.stage == stage }, sort, descending: descending)
                        // when: two pages by cursor, one by offset, one for an owner
                        let first = try await session.customers(
                            CustomerQuery(model: "customer-journey", stage: stage, sort: sort, limit: 25, descending: descending))
                        let cursor = try #require(first.last.map { CustomerCursor(after: $0, sort: sort, descending: descending) })
                        var after = CustomerQuery(model: "customer-journey", stage: stage, sort: sort, limit: 25, descending: descending)
                        after.after = cursor
                        let second = try await session.customers(after)
                        let offset = try await session.customers(
                            CustomerQuery(model: "customer-journey", stage: stage, sort: sort, limit: 10, offset: 40, descending: descending))
                        let owned = try await session.customers(
                            CustomerQuery(model: "customer-journey", stage: stage, owner: "o1", sort: sort, limit: 15, descending: descending))
                        // then
                        let label = "\(stage) \(sort) \(descending ? "desc" : "asc")"
                        #expect(first.map(\.id) == expected.prefix(25).map(\.id), "\(label): first page")
                        #expect(second.map(\.id) == expected.dropFirst(25).prefix(25).map(\.id), "\(label): page after the cursor")
                        #expect(offset.map(\.id) == expected.dropFirst(40).prefix(10).map(\.id), "\(label): by offset")
                        #expect(owned.map(\.id) == expected.filter { $0.owner == "o1" }.prefix(15).map(\.id), "\(label): an owner's")
                    }
                }
            }
            // and a model without a stage lists everyone placed in it
            let all = try await session.customers(CustomerQuery(model: "customer-journey", sort: .name, limit: 30))
            #expect(all.map(\.id) == Self.ordered(rows, .name, descending: false).prefix(30).map(\.id))
        }
    }
}
