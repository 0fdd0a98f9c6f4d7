import Foundation
import Hummingbird
import HummingbirdTesting
import PaladinCore
import PaladinStore
import Testing

@Suite("GET /exports/{kind}")
struct ExportRouteTests {
    @Test("every kind answers text/csv with the import header, the same rows as the use case")
    func csv() async throws {
        try await Fixture.withApp { client, fixture in
            _ = try await client.call(.post, "/api/v1/customers/1/purchases", token: fixture.tokens["owner"], json: #"{"amount":"12.50","reference":"INV-1"}"#)
            let session = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
            for kind in ExportKind.allCases {
                // when
                let response = try await client.call(.get, "/api/v1/exports/\(kind.rawValue)", token: fixture.tokens["viewer"])
                // then
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
                var expected = CSVWriter.line(kind.header)
                try await session.export(kind) { rows in for row in rows { expected += CSVWriter.line(row.map(\.cell)) } }
                #expect(response.text == expected, "\(kind)")
                #expect(!response.text.contains("Globex") && !response.text.contains("G-"), "\(kind)")
            }
            let purchases = try await client.call(.get, "/api/v1/exports/purchases", token: fixture.tokens["agent"])
            #expect(purchases.text.contains("A-1,") && purchases.text.contains(",12.50,"))
        }
    }

    @Test("format=json answers the rows as objects with explicit nulls")
    func json() async throws {
        try await Fixture.withApp { client, fixture in
            let response = try await client.call(.get, "/api/v1/exports/customers?format=json", token: fixture.tokens["viewer"])
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: Any]])
            #expect(rows.map { $0["external_id"] as? String } == ["A-1", "A-2"])
            #expect(rows.first?["email"] is NSNull)
            #expect(rows.first?["paladin_id"] as? Int == 1)
            let empty = try await client.call(.get, "/api/v1/exports/costs?format=json", token: fixture.tokens["viewer"])
            #expect(try JSONSerialization.jsonObject(with: Data(empty.body.readableBytesView)) as? [Any] != nil)
        }
    }

    @Test("an unknown kind is 404, an unknown format 400, no token 401")
    func refused() async throws {
        try await Fixture.withApp { client, fixture in
            #expect(try await client.call(.get, "/api/v1/exports/secrets", token: fixture.tokens["viewer"]).isProblem(.notFound))
            let format = try await client.call(.get, "/api/v1/exports/moves?format=xml", token: fixture.tokens["viewer"])
            #expect(format.isProblem(.badRequest))
            #expect(format.problemFields == ["format"])
            #expect(try await client.call(.get, "/api/v1/exports/moves", token: nil).isProblem(.unauthorized))
        }
    }
}
