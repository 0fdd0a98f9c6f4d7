import Foundation
import Hummingbird
import HummingbirdTesting
import PaladinCore
import PaladinStore
import Testing

extension TestClientProtocol {
    /// A request with `token` as Bearer, `body` as text and any other headers.
    func send(
        _ method: HTTPRequest.Method, _ uri: String, token: String?, body: String? = nil, headers extra: [String: String] = [:]
    ) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        for (name, value) in extra { headers[.init(name)!] = value }
        return try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }
}

/// Model documents for the tests: the built-in customer journey under another key.
enum ModelDocuments {
    static func yaml(_ fixture: Fixture, key: String) async throws -> String {
        let session = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
        let yaml = ModelDocument.yaml(try await session.model("customer-journey"))
        return yaml.replacingOccurrences(of: "key: customer-journey\n", with: "key: \(key)\n")
    }

    static func json(_ fixture: Fixture, key: String) async throws -> String {
        let session = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
        var model = try await session.model("customer-journey")
        model.key = key
        return ModelDocument.json(model)
    }

    static func stored(_ fixture: Fixture, _ key: String, workspace: String = "acme") async throws -> StoredModel? {
        let session = try await WorkspaceSession.open(fixture.database, workspace: workspace, actor: "test")
        return try await session.models().first { $0.model.key == key }
    }
}

@Suite("Models written over HTTP: POST and PUT from YAML or JSON documents, GET as YAML")
struct ModelWriteRouteTests {
    @Test("POST /models adds a model from YAML or JSON: 201 with Location, and it is stored")
    func create() async throws {
        try await Fixture.withApp { client, fixture in
            // given the owner and a manager, a YAML and a JSON document
            for (token, type, key) in [("owner", "application/yaml", "y-journey"), ("manager", "application/json", "j-journey"),
                                       ("owner", "text/yaml; charset=utf-8", "t-journey"), ("manager", "application/x-yaml", "x-journey")] {
                let body = type.contains("json") ? try await ModelDocuments.json(fixture, key: key) : try await ModelDocuments.yaml(fixture, key: key)
                // when
                let response = try await client.send(.post, "/api/v1/models", token: fixture.tokens[token], body: body, headers: ["Content-Type": type])
                // then
                #expect(response.status == .created, "\(type): \(response.text)")
                #expect(response.headers[.location] == "/api/v1/models/\(key)")
                #expect(response.object["key"] as? String == key)
                #expect(response.object["version"] as? Int == 1)
                #expect(try await ModelDocuments.stored(fixture, key) != nil)
            }
        }
    }

    @Test("POST /models with an existing key is 409 and the model is unchanged")
    func duplicate() async throws {
        try await Fixture.withApp { client, fixture in
            let body = try await ModelDocuments.yaml(fixture, key: "customer-journey")
            let response = try await client.send(.post, "/api/v1/models", token: fixture.tokens["owner"], body: body,
                                                 headers: ["Content-Type": "application/yaml"])
            #expect(response.isProblem(.conflict), "\(response.text)")
            #expect(try await ModelDocuments.stored(fixture, "customer-journey")?.version == 1)
        }
    }

    @Test("a document that breaks the rules is 422 with the validator's problems: field = path, message with the line")
    func invalid() async throws {
        try await Fixture.withApp { client, fixture in
            // given two stages with the same key (and a clock starting at a stage that is gone)
            let body = try await ModelDocuments.yaml(fixture, key: "broken").replacingOccurrences(of: "- key: admit\n", with: "- key: assess\n")
            #expect(body.contains("- key: assess\n"))
            let response = try await client.send(.post, "/api/v1/models", token: fixture.tokens["owner"], body: body,
                                                 headers: ["Content-Type": "application/yaml"])
            #expect(response.isProblem(.unprocessableContent), "\(response.text)")
            let errors = response.object["errors"] as? [[String: Any]] ?? []
            #expect(!errors.isEmpty)
            #expect(errors.contains { ($0["field"] as? String)?.hasPrefix("stages[") == true }, "\(response.text)")
            #expect(errors.contains { ($0["message"] as? String)?.hasPrefix("line ") == true }, "\(response.text)")
            // and nothing was written
            #expect(try await ModelDocuments.stored(fixture, "broken") == nil)
        }
    }

    @Test("a body that is not YAML or JSON is 400; an empty one too; a wrong Content-Type is 415")
    func malformed() async throws {
        try await Fixture.withApp { client, fixture in
            let token = fixture.tokens["owner"]
            for body in ["key: [unclosed\n  - x: {", "", "{\"key\": \"a\", \"key\": \"b\"}"] {
                let response = try await client.send(.post, "/api/v1/models", token: token, body: body, headers: ["Content-Type": "application/yaml"])
                #expect(response.isProblem(.badRequest), "\(body): \(response.text)")
                #expect(response.problemFields == ["body"], "\(body)")
            }
            for type in ["text/plain", "application/xml"] {
                let response = try await client.send(.post, "/api/v1/models", token: token, body: "key: x", headers: ["Content-Type": type])
                #expect(response.isProblem(.unsupportedMediaType), "\(type)")
            }
            #expect(try await client.send(.post, "/api/v1/models", token: token, body: "key: x").isProblem(.unsupportedMediaType))
            #expect(try await ModelDocuments.stored(fixture, "x") == nil)
        }
    }

    @Test("writing models needs a valid token (401) and an owner or manager (403 for agents and viewers)")
    func roles() async throws {
        try await Fixture.withApp { client, fixture in
            let body = try await ModelDocuments.yaml(fixture, key: "r-journey")
            let replace = try await ModelDocuments.yaml(fixture, key: "customer-journey")
            for token in [nil, "not-a-token"] {
                #expect(try await client.send(.post, "/api/v1/models", token: token, body: body, headers: ["Content-Type": "application/yaml"])
                    .isProblem(.unauthorized))
                #expect(try await client.send(.put, "/api/v1/models/customer-journey", token: token, body: replace,
                                              headers: ["Content-Type": "application/yaml"]).isProblem(.unauthorized))
            }
            for role in ["agent", "viewer"] {
                #expect(try await client.send(.post, "/api/v1/models", token: fixture.tokens[role], body: body,
                                              headers: ["Content-Type": "application/yaml"]).isProblem(.forbidden), "\(role)")
                #expect(try await client.send(.put, "/api/v1/models/customer-journey", token: fixture.tokens[role], body: replace,
                                              headers: ["Content-Type": "application/yaml"]).isProblem(.forbidden), "\(role)")
            }
            #expect(try await ModelDocuments.stored(fixture, "r-journey") == nil)
            #expect(try await ModelDocuments.stored(fixture, "customer-journey")?.version == 1)
        }
    }

    @Test("PUT /models/{key} replaces the model as `models import` does: 200, the version goes up")
    func replace() async throws {
        try await Fixture.withApp { client, fixture in
            // given the customer journey with a new English name
            let session = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
            var model = try await session.model("customer-journey")
            model.names.values["en"] = "Our journey"
            let body = ModelDocument.yaml(model)
            // when
            let response = try await client.send(.put, "/api/v1/models/customer-journey", token: fixture.tokens["manager"], body: body,
                                                 headers: ["Content-Type": "application/yaml"])
            // then
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.object["version"] as? Int == 2)
            #expect(response.object["name"] as? String == "Our journey")
            let stored = try #require(try await ModelDocuments.stored(fixture, "customer-journey"))
            #expect(stored.version == 2)
            #expect(stored.model.names.text("en") == "Our journey")
        }
    }

    @Test("PUT /models/{key}: another key in the body is 422 naming key; an unknown key is 404; a broken one 422")
    func replaceRefused() async throws {
        try await Fixture.withApp { client, fixture in
            let token = fixture.tokens["owner"]
            let other = try await ModelDocuments.yaml(fixture, key: "other-journey")
            let mismatch = try await client.send(.put, "/api/v1/models/customer-journey", token: token, body: other,
                                                 headers: ["Content-Type": "application/yaml"])
            #expect(mismatch.isProblem(.unprocessableContent), "\(mismatch.text)")
            #expect(mismatch.problemFields == ["key"])
            let unknown = try await client.send(.put, "/api/v1/models/other-journey", token: token, body: other,
                                                headers: ["Content-Type": "application/yaml"])
            #expect(unknown.isProblem(.notFound), "\(unknown.text)")
            let broken = try await client.send(.put, "/api/v1/models/customer-journey", token: token,
                                               body: try await ModelDocuments.json(fixture, key: "customer-journey")
                                                .replacingOccurrences(of: "\"cyclic\" : false", with: "\"cyclic\" : \"sometimes\""),
                                               headers: ["Content-Type": "application/json"])
            #expect(broken.isProblem(.unprocessableContent), "\(broken.text)")
            #expect(broken.problemFields.contains("cyclic"), "\(broken.text)")
            #expect(try await ModelDocuments.stored(fixture, "customer-journey")?.version == 1)
            #expect(try await ModelDocuments.stored(fixture, "other-journey") == nil)
        }
    }

    @Test("GET /models/{key} answers the YAML document when Accept prefers YAML, JSON otherwise")
    func yamlExport() async throws {
        try await Fixture.withApp { client, fixture in
            let token = fixture.tokens["viewer"]
            let session = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
            let expected = try await session.model("pro-customer")
            for accept in ["application/yaml", "application/x-yaml", "text/yaml", "application/json;q=0.5, application/yaml",
                           "application/yaml, */*;q=0.1"] {
                let response = try await client.send(.get, "/api/v1/models/pro-customer", token: token, headers: ["Accept": accept])
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/yaml") == true, "\(accept)")
                // the same document `models export` writes (its mappings' order may differ from one export to the next)
                let decoded = try ModelDocument.decode(response.text, source: "response")
                #expect(decoded == expected, "\(accept)")
            }
            for accept in ["application/json", "*/*", "application/json, application/yaml", "application/yaml;q=0.2, application/json",
                           "text/html"] {
                let response = try await client.send(.get, "/api/v1/models/pro-customer", token: token, headers: ["Accept": accept])
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true, "\(accept)")
                #expect(response.object["key"] as? String == "pro-customer", "\(accept)")
            }
            // what it answers can be sent back as it is
            let yaml = try await client.send(.get, "/api/v1/models/pro-customer", token: token, headers: ["Accept": "application/yaml"])
            let back = try await client.send(.put, "/api/v1/models/pro-customer", token: fixture.tokens["owner"], body: yaml.text,
                                             headers: ["Content-Type": "application/yaml"])
            #expect(back.status == .ok, "\(back.text)")
            #expect(try await client.send(.get, "/api/v1/models/nope", token: token, headers: ["Accept": "application/yaml"]).isProblem(.notFound))
        }
    }
}
