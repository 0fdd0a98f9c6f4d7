import PaladinCore
@testable import PaladinStore
import Testing

@Suite("Customers in the store")
struct CustomerStoreTests {
    /// Five customers with owners, tags, companies and one moved on in the customer journey.
    func addFive(_ session: WorkspaceSession) async throws {
        try await session.add("C-3", "Carla Rossi", owner: "giulia", tags: ["VIP", "b2b"], email: "carla@rossi.example")
        try await session.add("C-1", "Ana Popescu", owner: "marek", tags: ["retail"], company: "Bistro Verde")
        try await session.add("C-5", "Emma Smith", owner: "giulia", tags: ["b2b"])
        try await session.add("C-2", "Bogdan Ionescu", owner: "marek", tags: ["vip"])
        try await session.add("C-4", "Dmitri Petrov", company: "Orion Software")
        _ = try await session.mark("C-5", model: "customer-journey", marker: "expectations-stated", note: nil)
        _ = try await session.move("C-5", model: "customer-journey", request: MoveRequest(to: "admit"))
    }

    func names(_ session: WorkspaceSession, _ query: CustomerQuery) async throws -> [String] {
        try await session.customers(query).map(\.name)
    }

    @Test("a customer added is found by numeric id and by external id, with every field")
    func addAndFind() async throws {
        try await withSession { session in
            // given
            let draft = CustomerDraft(
                externalId: " X-9 ", name: " Ioana Marin ", kind: .organisation, email: "ioana@marin.example", phone: "+40 700 000 000",
                company: "Marin SRL", owner: "ana", tags: ["VIP", "vip", " b2b "], attributes: ["source": "fair"])
            // when
            let added = try await session.addCustomer(draft)
            let byExternal = try await session.customer("X-9")
            let byId = try await session.customer(String(added.id))
            // then
            var expected = added
            expected.tags.sort()
            #expect(byExternal == expected)
            #expect(byId == expected)
            #expect(added.externalId == "X-9")
            #expect(added.name == "Ioana Marin")
            #expect(added.kind == .organisation)
            #expect(Set(added.tags) == ["vip", "b2b"])
            #expect(added.attributes == ["source": "fair"])
            #expect(added.createdAt == testNow && added.version == 1)
        }
    }

    @Test("a new customer enters every guided model at its first stage, and no derived one")
    func entersGuidedModels() async throws {
        try await withSession { session in
            // given
            let customer = try await session.add("E-1", "Eve")
            // when
            let positions = try await JourneyStore(session.database.sql, workspace: session.workspace.id).positions(customer: customer.id)
            // then
            let guided = try await session.models().map(\.model).filter { $0.kind == .guided }
            #expect(Dictionary(uniqueKeysWithValues: positions.map { ($0.model, $0.stage) })
                == Dictionary(uniqueKeysWithValues: guided.map { ($0.key, $0.stages[0].key) }))
            #expect(try await Counts(session).moves == guided.count)
        }
    }

    @Test("list filters by model and stage, owner, tag and text")
    func listFilters() async throws {
        try await withSession { session in
            // given
            try await addFive(session)
            // when / then
            #expect(try await names(session, CustomerQuery(model: "customer-journey", stage: "admit")) == ["Emma Smith"])
            #expect(try await names(session, CustomerQuery(model: "customer-journey", stage: "assess")).count == 4)
            #expect(try await names(session, CustomerQuery(model: "customer-journey")).count == 5)
            #expect(try await names(session, CustomerQuery(model: "engagement-ladder")).isEmpty)
            #expect(try await names(session, CustomerQuery(owner: "giulia")) == ["Carla Rossi", "Emma Smith"])
            #expect(try await names(session, CustomerQuery(tag: "VIP")) == ["Bogdan Ionescu", "Carla Rossi"])
            #expect(try await names(session, CustomerQuery(owner: "giulia", tag: "b2b")) == ["Carla Rossi", "Emma Smith"])
            #expect(try await names(session, CustomerQuery(text: "ROSSI")) == ["Carla Rossi"])
            #expect(try await names(session, CustomerQuery(text: "orion")) == ["Dmitri Petrov"])
            #expect(try await names(session, CustomerQuery(text: "c-1")) == ["Ana Popescu"])
            #expect(try await names(session, CustomerQuery(text: "nobody")).isEmpty)
        }
    }

    @Test("text search takes % and _ literally")
    func searchWildcardsAreLiteral() async throws {
        try await withSession { session in
            // given external ids that differ only by an underscore, and a name with a percent sign
            try await session.add("EXT_7", "Underscore")
            try await session.add("EXT77", "No underscore")
            try await session.add("P-1", "100% Cotton Ltd")
            // then `_` and `%` match themselves, not any character
            #expect(try await names(session, CustomerQuery(text: "ext_7")) == ["Underscore"])
            #expect(try await names(session, CustomerQuery(text: "100%")) == ["100% Cotton Ltd"])
            #expect(try await names(session, CustomerQuery(text: "%")) == ["100% Cotton Ltd"])
        }
    }

    @Test("list sorts by name, id, created or updated, and pages with limit and offset")
    func listSortAndPage() async throws {
        try await withDatabase { database in
            // given: customers created a day apart, in an order unlike their names
            _ = try await makeSession(database)
            for (day, name) in ["Zoe", "Adam", "Mia"].enumerated() {
                let clock = Clock.fixed(testNow.adding(days: day))
                let session = try await WorkspaceSession.open(database, workspace: "acme", clock: clock, actor: "tester")
                try await session.add("K-\(day)", name)
            }
            let session = try await WorkspaceSession.open(database, workspace: "acme", clock: fixedClock, actor: "tester")
            // when / then
            #expect(try await names(session, CustomerQuery(sort: .name)) == ["Adam", "Mia", "Zoe"])
            #expect(try await names(session, CustomerQuery(sort: .id)) == ["Zoe", "Adam", "Mia"])
            #expect(try await names(session, CustomerQuery(sort: .created)) == ["Zoe", "Adam", "Mia"])
            #expect(try await names(session, CustomerQuery(sort: .updated)) == ["Mia", "Adam", "Zoe"])
            #expect(try await names(session, CustomerQuery(sort: .name, limit: 2)) == ["Adam", "Mia"])
            #expect(try await names(session, CustomerQuery(sort: .name, limit: 2, offset: 2)) == ["Zoe"])
            #expect(try await names(session, CustomerQuery(sort: .name, limit: 2, offset: 3)).isEmpty)
        }
    }

    @Test("an update with the current version is kept; one with a stale version is refused")
    func staleUpdateRefused() async throws {
        try await withSession { session in
            // given
            let store = CustomerStore(session.database.sql, workspace: session.workspace.id)
            let original = try await session.add("U-1", "Old Name", tags: ["a"])
            var first = original
            first.name = "First Edit"
            first.tags = ["b"]
            first.version += 1
            var second = original
            second.name = "Lost Edit"
            second.version += 1
            // when
            let firstKept = try await store.update(first, expectedVersion: original.version)
            let secondKept = try await store.update(second, expectedVersion: original.version)
            // then
            #expect(firstKept)
            #expect(!secondKept)
            let stored = try #require(try await store.find(id: original.id))
            #expect(stored.name == "First Edit")
            #expect(stored.tags == ["b"])
            #expect(stored.version == 2)
        }
    }

    @Test("a second customer with the same external id is a conflict and writes nothing")
    func duplicateExternalId() async throws {
        try await withSession { session in
            // given
            try await session.add("D-1", "First")
            let before = try await Counts(session)
            // when
            var thrown: (any Error)?
            do { try await session.add("D-1", "Second") } catch { thrown = error }
            // then
            guard case PaladinError.conflict(let message)? = thrown else {
                Issue.record("expected a conflict, got \(String(describing: thrown))")
                return
            }
            #expect(message.contains("'D-1'"))
            #expect(try await Counts(session) == before)
        }
    }

    @Test("a draft with an empty name or a bad email is refused, naming the field")
    func invalidDraft() async throws {
        try await withSession { session in
            await #expect(throws: PaladinError.self) { try await session.add("N-1", "   ") }
            var thrown: (any Error)?
            do { try await session.add("N-2", "Named", email: "not-an-email") } catch { thrown = error }
            guard case PaladinError.invalid(let field, _)? = thrown else {
                Issue.record("expected invalid email, got \(String(describing: thrown))")
                return
            }
            let counts = try await Counts(session)
            #expect(field == "email")
            #expect(counts.customers == 0)
        }
    }
}

@Suite("Editing customers")
struct CustomerEditTests {
    @Test("an edit changes the fields given, clears empty ones, adds and removes tags, and raises the version")
    func edit() async throws {
        try await withSession { session in
            // given
            try await session.add("E-1", "Eva", owner: "giulia", tags: ["retail", "vip"], email: "eva@example.com", company: "Acme")
            // when
            let edited = try await session.updateCustomer("E-1", changes: CustomerChanges(
                name: "Eva Marin", email: "", owner: "marek", addTags: ["B2B"], removeTags: ["retail"]))
            // then
            #expect(edited.name == "Eva Marin" && edited.email == nil && edited.owner == "marek" && edited.company == "Acme")
            #expect(Set(edited.tags) == ["vip", "b2b"])
            #expect(edited.version == 2)
            let stored = try await session.customer("E-1")
            #expect(stored.name == "Eva Marin" && stored.version == 2 && Set(stored.tags) == ["vip", "b2b"])
        }
    }

    @Test("an edit that changes nothing keeps the version")
    func noChange() async throws {
        try await withSession { session in
            try await session.add("E-1", "Eva", tags: ["b2b", "vip"])
            let same = try await session.updateCustomer("E-1", changes: CustomerChanges(name: "Eva", addTags: ["vip"]))
            #expect(same.version == 1)
            #expect(try await session.customer("E-1").version == 1)
        }
    }

    @Test("an edit against a stale version, to a taken external id or to an empty name is refused and writes nothing")
    func refusedEdits() async throws {
        try await withSession { session in
            // given
            try await session.add("E-1", "Eva")
            try await session.add("E-2", "Emil")
            _ = try await session.updateCustomer("E-1", changes: CustomerChanges(name: "Eva M"))
            let before = try await session.customer("E-1")
            // when
            func failure(_ changes: CustomerChanges, expectedVersion: Int64? = nil) async -> (any Error)? {
                do { _ = try await session.updateCustomer("E-1", changes: changes, expectedVersion: expectedVersion); return nil } catch { return error }
            }
            let stale = await failure(CustomerChanges(name: "Lost"), expectedVersion: 1)
            let taken = await failure(CustomerChanges(externalId: "E-2"))
            let empty = await failure(CustomerChanges(name: " "))
            // then
            guard case PaladinError.conflict? = stale else { Issue.record("stale edit: \(String(describing: stale))"); return }
            guard case PaladinError.conflict(let message)? = taken else { Issue.record("taken id: \(String(describing: taken))"); return }
            guard case PaladinError.invalid(let field, _)? = empty else { Issue.record("empty name: \(String(describing: empty))"); return }
            #expect(message.contains("'E-2'"))
            #expect(field == "name")
            #expect(try await session.customer("E-1") == before)
        }
    }
}
