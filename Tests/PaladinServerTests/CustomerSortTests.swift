import Foundation
import Hummingbird
import HummingbirdTesting
import PaladinCore
import PaladinStore
import Testing

@Suite("GET /customers sorted, paged by keyset cursor")
struct CustomerSortTests {
    /// Adds customers whose names repeat and whose creation times tie, so every sort has ties to break.
    static func addCustomers(_ fixture: Fixture) async throws {
        let names = ["Cora", "ana", "Bogdan", "Ana", "cora", "Dan", "Ana", "Émile", "Bogdan", "Zoe", "Ana", "Mia"]
        var seconds: Int64 = 1_800_000_000
        for (index, name) in names.enumerated() {
            // three customers per second: creation times tie in threes
            if index % 3 == 0 { seconds += 60 }
            let clock = Clock.fixed(Timestamp(seconds: seconds))
            let session = try await WorkspaceSession.open(fixture.database, workspace: "acme", clock: clock, actor: "test")
            _ = try await session.addCustomer(CustomerDraft(name: name))
        }
        // and some updates, in an order of their own
        for (index, id) in [7, 3, 12, 1, 9].enumerated() {
            let clock = Clock.fixed(Timestamp(seconds: 1_900_000_000 + Int64(index / 2)))
            let session = try await WorkspaceSession.open(fixture.database, workspace: "acme", clock: clock, actor: "test")
            _ = try await session.updateCustomer(String(id), changes: CustomerChanges(phone: "+40 \(index)"))
        }
    }

    /// Every page of `GET /customers?sort=…&limit=…`, following `next_cursor`, as ids.
    static func pages(
        _ client: any TestClientProtocol, token: String?, sort: String, limit: Int, extra: String = "", from start: String? = nil
    ) async throws -> [[Int]] {
        var pages: [[Int]] = []
        var cursor = start
        repeat {
            var uri = "/api/v1/customers?sort=\(sort)&limit=\(limit)\(extra)"
            if let cursor { uri += "&cursor=\(cursor)" }
            let response = try await client.call(.get, uri, token: token)
            #expect(response.status == .ok, "\(uri): \(response.text)")
            pages.append((response.object["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int })
            cursor = response.object["next_cursor"] as? String
            if pages.count > 50 { Issue.record("too many pages"); break }
        } while cursor != nil
        return pages
    }

    @Test("every sort, both directions, every page size: pages neither skip nor repeat and follow the order")
    func keyset() async throws {
        try await Fixture.withApp { client, fixture in
            try await Self.addCustomers(fixture)
            let session = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
            let all = try await session.customers(CustomerQuery(sort: .id, limit: 1_000))
            #expect(all.count == 14)
            for sort in CustomerSort.allCases {
                for descending in [false, true] {
                    // the order expected: by the sort value, ties by id, both in the direction asked
                    let expected = all.sorted { lhs, rhs in
                        func key(_ customer: Customer) -> (String, Int64) {
                            switch sort {
                            case .name: return (customer.name, customer.id)
                            case .id: return ("", customer.id)
                            case .created: return (String(format: "%012d", customer.createdAt.seconds), customer.id)
                            case .updated: return (String(format: "%012d", customer.updatedAt.seconds), customer.id)
                            }
                        }
                        let (left, right) = (key(lhs), key(rhs))
                        let ascending = left.0 != right.0 ? left.0.utf8.lexicographicallyPrecedes(right.0.utf8) : left.1 < right.1
                        return descending ? !ascending : ascending
                    }.map { Int($0.id) }
                    for limit in [1, 2, 3, 5, 14, 100] {
                        let sortText = (descending ? "-" : "") + sort.rawValue
                        let pages = try await Self.pages(client, token: fixture.tokens["viewer"], sort: sortText, limit: limit)
                        #expect(pages.flatMap { $0 } == expected, "sort=\(sortText) limit=\(limit): \(pages)")
                        #expect(pages.dropLast().allSatisfy { $0.count == limit }, "sort=\(sortText) limit=\(limit)")
                    }
                }
            }
        }
    }

    @Test("a customer added or changed between pages does not make pages skip or repeat the others")
    func stableUnderWrites() async throws {
        try await Fixture.withApp { client, fixture in
            try await Self.addCustomers(fixture)
            let token = fixture.tokens["viewer"]
            let first = try await client.call(.get, "/api/v1/customers?sort=name&limit=4", token: token)
            let firstIds = (first.object["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
            let cursor = try #require(first.object["next_cursor"] as? String)
            // a customer sorting before the cursor arrives: it is not on the next page, and nothing is repeated
            let session = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
            _ = try await session.addCustomer(CustomerDraft(name: "Aaron"))
            let rest = try await Self.pages(client, token: token, sort: "name", limit: 4, from: cursor)
            let seen = firstIds + rest.flatMap { $0 }
            #expect(Set(seen).count == seen.count)
            #expect(seen.count == 14)
        }
    }

    @Test("filters combine with sorting and paging")
    func filtered() async throws {
        try await Fixture.withApp { client, fixture in
            try await Self.addCustomers(fixture)
            let pages = try await Self.pages(client, token: fixture.tokens["viewer"], sort: "-name", limit: 2, extra: "&q=ana")
            let names = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
                .customers(CustomerQuery(text: "ana", sort: .id, limit: 100))
            #expect(pages.flatMap { $0 }.count == names.count)
            #expect(Set(pages.flatMap { $0 }) == Set(names.map { Int($0.id) }))
        }
    }

    @Test("an unknown sort, a bad cursor, or a cursor of another sort answer 400 naming the parameter")
    func badParameters() async throws {
        try await Fixture.withApp { client, fixture in
            try await Self.addCustomers(fixture)
            let token = fixture.tokens["viewer"]
            let byName = try await client.call(.get, "/api/v1/customers?sort=name&limit=2", token: token)
            let nameCursor = try #require(byName.object["next_cursor"] as? String)
            for (query, field) in [
                ("sort=email", "sort"), ("sort=--name", "sort"), ("sort=-", "sort"),
                ("cursor=not-a-cursor", "cursor"), ("cursor=e30", "cursor"), ("sort=name&cursor=12", "cursor"),
                ("sort=-name&cursor=\(nameCursor)", "cursor"), ("sort=created&cursor=\(nameCursor)", "cursor"),
            ] {
                let response = try await client.call(.get, "/api/v1/customers?\(query)", token: token)
                #expect(response.isProblem(.badRequest), "\(query): \(response.text)")
                #expect(response.problemFields == [field], "\(query)")
            }
            // a plain id is still understood in id order, as cursors were before sorting
            let legacy = try await client.call(.get, "/api/v1/customers?cursor=10", token: token)
            #expect((legacy.object["items"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [11, 12, 13, 14])
        }
    }

    @Test("listing needs a token")
    func unauthorized() async throws {
        try await Fixture.withApp { client, _ in
            let response = try await client.call(.get, "/api/v1/customers?sort=name", token: nil)
            #expect(response.isProblem(.unauthorized))
        }
    }
}
