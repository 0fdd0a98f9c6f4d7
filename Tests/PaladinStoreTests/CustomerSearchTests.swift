import PaladinCore
@testable import PaladinStore
import SQLKit
import Testing

/// Text search narrowed by the trigram index (M015), with the `LIKE` conditions still deciding: the index must follow
/// every change of a customer, keep workspaces apart, and give the same answers as scanning.
@Suite("Searching customers by text through the full-text index")
struct CustomerSearchTests {
    func names(_ session: WorkspaceSession, _ text: String) async throws -> [String] {
        try await session.customers(CustomerQuery(text: text.lowercased())).map(\.name)
    }

    @Test("a changed name is found by its new text and no longer by its old; a deleted customer is not found")
    func followsChanges() async throws {
        try await withSession { session in
            // given
            try await session.add("S-1", "Ioana Marinescu", email: "ioana@marinescu.example", company: "Vinuri SRL")
            try await session.add("S-2", "Piotr Nowak")
            #expect(try await names(session, "marinescu") == ["Ioana Marinescu"])
            #expect(try await names(session, "VINURI") == ["Ioana Marinescu"], "company, any case")
            // when the name and company change
            _ = try await session.updateCustomer("S-1", changes: CustomerChanges(name: "Ioana Dragomir", company: "Cramă Nouă"))
            // then
            #expect(try await names(session, "dragomir") == ["Ioana Dragomir"])
            #expect(try await names(session, "marinescu") == ["Ioana Dragomir"], "the email still says marinescu")
            #expect(try await names(session, "vinuri").isEmpty)
            // when deleted
            _ = try await session.deleteCustomer("S-2")
            #expect(try await names(session, "nowak").isEmpty)
        }
    }

    @Test("another workspace's customers are never found, even with the same ids and names")
    func workspacesApart() async throws {
        try await withDatabase { database in
            let acme = try await makeSession(database, workspace: "acme")
            let globex = try await makeSession(database, workspace: "globex")
            try await acme.add("A-1", "Shared Name Acme")
            try await globex.add("G-1", "Shared Name Globex")
            #expect(try await names(acme, "shared name") == ["Shared Name Acme"])
            #expect(try await names(globex, "shared name") == ["Shared Name Globex"])
            #expect(try await names(acme, "globex").isEmpty)
        }
    }

    @Test("texts of one or two characters, quotes and words across fields are searched as before")
    func edgeTexts() async throws {
        try await withSession { session in
            try await session.add("Q-1", "Say \"Hi\" Ltd", company: "Alpha")
            try await session.add("Q-2", "Bo", company: "Beta")
            #expect(try await names(session, "\"hi\"") == ["Say \"Hi\" Ltd"])
            #expect(try await names(session, "bo") == ["Bo"])
            #expect(try await names(session, "b").sorted() == ["Bo"])
            #expect(try await names(session, "ltdalpha").isEmpty, "no match spans two fields")
        }
    }

    @Test("a text common to thousands of customers pages in name order like a rare one")
    func commonText() async throws {
        try await withSession { session in
            // given 5,001 customers sharing a word (at the density threshold: listed by walking names) and one rare
            let ws = session.workspace.id
            try await session.database.transaction { sql in
                for i in 1...5_001 {
                    try await sql.raw("""
                        INSERT INTO customers (workspace_id, id, external_id, name, kind, attributes, created_at, updated_at, version)
                        VALUES (\(bind: ws), \(bind: Int64(i)), \(bind: "M-\(i)"), \(bind: "Member \(String(format: "%05d", (i * 37) % 5_003))"),
                        'person', '{}', 1, 1, 1)
                        """).run()
                }
            }
            let store = CustomerStore(session.database.sql, workspace: ws)
            #expect(try await store.searchCandidates("member") == nil, "common: no candidate list")
            // (PostgreSQL has no full-text index yet: its search is the LIKE scan alone)
            #expect(try await store.searchCandidates("member 00037") != nil || session.database.backend == .postgres, "rare: narrowed by the index")
            // then
            let expected = (1...5_001).map { "Member \(String(format: "%05d", ($0 * 37) % 5_003))" }.sorted()
            let page = try await session.customers(CustomerQuery(text: "member", limit: 3, offset: 2))
            #expect(page.map(\.name) == Array(expected[2..<5]))
            #expect(try await names(session, "member 00037") == ["Member 00037"])
        }
    }
}
