import Foundation
import Hummingbird
import HummingbirdTesting
@testable import PaladinServer
import PaladinStore
import Testing

/// The served OpenAPI document stays true to the router: same operations, every reference resolvable.
@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    static let methods: Set<String> = ["get", "put", "post", "patch", "delete", "head", "options"]

    /// The document's operations as "METHOD /path".
    static func operations(_ document: [String: Any]) -> Set<String> {
        let paths = document["paths"] as? [String: Any] ?? [:]
        var result: Set<String> = []
        for (path, item) in paths {
            for method in (item as? [String: Any] ?? [:]).keys where methods.contains(method) {
                result.insert("\(method.uppercased()) \(path)")
            }
        }
        return result
    }

    /// Every `$ref` in `value`.
    static func references(_ value: Any) -> [String] {
        switch value {
        case let mapping as [String: Any]:
            return mapping.flatMap { key, inner in key == "$ref" ? [inner as? String ?? "?"] : references(inner) }
        case let sequence as [Any]:
            return sequence.flatMap(references)
        default:
            return []
        }
    }

    @Test("the document is served without a token and is OpenAPI 3.1")
    func served() async throws {
        try await Fixture.withApp { client, _ in
            let response = try await client.call(.get, "/api/v1/openapi.json", token: nil)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            #expect(response.object["openapi"] as? String == "3.1.0")
            #expect((response.object["paths"] as? [String: Any])?["/api/v1/customers/{id}/moves"] != nil)
        }
    }

    @Test("every registered route is in the document, and every documented operation is a registered route")
    func routesMatch() async throws {
        let fixture = try await Fixture.make()
        let router = buildRouter(
            database: fixture.database, hasher: PlainHasher(), configuration: ServerConfiguration(), scoreRunner: ScoreRunner(logger: .init(label: "test")))
        await fixture.database.close()
        Fixture.removeFiles(fixture.path)
        // The web application's HTML routes are not part of the API: only /api/, /health, /ready and /metrics are documented.
        let registered = Set(router.routes.filter { WebNotFoundMiddleware.isMachinePath("\($0.path)") }.map { "\($0.method.rawValue) \($0.path)" })
        let web = router.routes.filter { !WebNotFoundMiddleware.isMachinePath("\($0.path)") }.map { "\($0.path)" }
        #expect(web.contains("/customers/{id}"), "the web routes are registered")
        let documented = Self.operations(try OpenAPIDocument.load())
        #expect(registered.count > 20)
        #expect(registered.subtracting(documented).sorted() == [], "routes missing from the OpenAPI document")
        #expect(documented.subtracting(registered).sorted() == [], "documented operations no route answers")
    }

    @Test("every $ref points at a component that exists, and every operation has an id and a 401 where a token is needed")
    func referencesResolve() throws {
        let document = try OpenAPIDocument.load()
        let components = document["components"] as? [String: Any] ?? [:]
        for reference in Set(Self.references(document)) {
            let parts = reference.split(separator: "/").map(String.init)
            #expect(parts.count == 4 && parts[0] == "#" && parts[1] == "components", "\(reference)")
            guard parts.count == 4 else { continue }
            #expect((components[parts[2]] as? [String: Any])?[parts[3]] != nil, "unresolved \(reference)")
        }
        var operationIds: [String] = []
        for (path, item) in document["paths"] as? [String: Any] ?? [:] {
            for (method, operation) in item as? [String: Any] ?? [:] where Self.methods.contains(method) {
                let operation = operation as? [String: Any] ?? [:]
                let id = operation["operationId"] as? String
                #expect(id != nil, "\(method) \(path) has no operationId")
                operationIds += id.map { [$0] } ?? []
                let open = (operation["security"] as? [Any])?.isEmpty == true
                let responses = operation["responses"] as? [String: Any] ?? [:]
                #expect(open || responses["401"] != nil, "\(method) \(path) needs a token but documents no 401")
            }
        }
        #expect(Set(operationIds).count == operationIds.count, "operationIds are unique")
    }

    @Test("a fragment that defines a name twice is refused, naming the file and the name")
    func duplicateRefused() throws {
        var document: [String: Any] = [:]
        try OpenAPIDocument.merge(["paths": ["/a": ["get": [:]]]], into: &document, file: "one.yaml")
        try OpenAPIDocument.merge(["paths": ["/a": ["post": [:]]]], into: &document, file: "two.yaml")
        #expect(Self.operations(document) == ["GET /a", "POST /a"])
        #expect(throws: OpenAPIDocument.Failure.self) {
            try OpenAPIDocument.merge(["paths": ["/a": ["get": [:]]]], into: &document, file: "three.yaml")
        }
        do {
            try OpenAPIDocument.merge(["info": [:]], into: &document, file: "four.yaml")
            try OpenAPIDocument.merge(["info": [:]], into: &document, file: "five.yaml")
            Issue.record("a second info was accepted")
        } catch let failure as OpenAPIDocument.Failure {
            #expect(failure.description.contains("five.yaml") && failure.description.contains("info"))
        }
    }
}

@Suite("Methods a path does not answer")
struct MethodNotAllowedTests {
    @Test("a known path asked with another method is 405 with Allow; an unknown path stays 404")
    func methodNotAllowed() async throws {
        try await Fixture.withApp { client, fixture in
            let token = fixture.tokens["owner"]
            let put = try await client.call(.put, "/api/v1/customers/1/moves", token: token, json: "{}")
            #expect(put.isProblem(.methodNotAllowed))
            #expect(put.headers[.allow] == "POST")
            let trace = try await client.call(.init("TRACE")!, "/api/v1/customers", token: token)
            #expect(trace.status == .methodNotAllowed)
            #expect(trace.headers[.allow] == "GET, POST")
            #expect(try await client.call(.get, "/api/v1/nothing-here", token: token).isProblem(.notFound))
            #expect(try await client.call(.get, "/api/v1/customers/1/moves/extra", token: token).isProblem(.notFound))
        }
    }
}
