import Foundation
import Hummingbird
import HummingbirdTesting
import PaladinCore
import PaladinServer
import PaladinStore
import Testing
import PaladinTestSupport

/// A fast stand-in for bcrypt: these tests are about HTTP, not password hashing.
struct PlainHasher: PasswordHasher {
    func hash(_ password: String) async throws -> String { "plain:" + password }
    func verify(_ password: String, hash: String) async throws -> Bool { hash == "plain:" + password }
}

/// Two workspaces on one temporary database: `acme` with an owner, a manager, an agent and a viewer and two
/// customers; `globex` with its owner and three customers. Tokens by role name.
struct Fixture {
    let database: PaladinDatabase
    /// The temporary SQLite file, removed (with its WAL) by ``withApp`` after the database is closed.
    let path: String
    let tokens: [String: String]
    /// Acme's customer owned by the agent (id 1, external id A-1) and one owned by someone else (id 2, A-2).
    let agentsCustomer: Customer
    let othersCustomer: Customer
    /// A globex customer whose id does not exist in acme (id 3, external id G-3).
    let foreignCustomer: Customer

    /// The fixture on a new SQLite file (or a fresh database at `location`).
    static func make(at location: DatabaseLocation? = nil) async throws -> Fixture {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("paladin-server-\(UUID().uuidString).sqlite").path
        let database = try await PaladinDatabase.open(location ?? .sqliteFile(path), create: true)
        do {
            let access = Access(database: database)
            var tokens: [String: String] = [:]
            _ = try await Setup.initialize(database, workspace: "acme", name: "Acme", clock: .system)
            _ = try await Setup.initialize(database, workspace: "globex", name: "Globex", clock: .system)
            for (name, role) in [("owner", MemberRole.owner), ("manager", .manager), ("agent", .agent), ("viewer", .viewer)] {
                _ = try await access.addMember(
                    email: "\(name)@acme.test", name: name, password: "password-\(name)", role: role, workspace: "acme", hasher: PlainHasher())
                tokens[name] = try await access.createToken(member: "\(name)@acme.test", workspace: "acme", name: "\(name) token").1
            }
            _ = try await access.addMember(
                email: "owner@globex.test", name: "globex", password: "password-globex", role: .owner, workspace: "globex", hasher: PlainHasher())
            tokens["globex"] = try await access.createToken(member: "owner@globex.test", workspace: "globex", name: "globex token").1
            let acme = try await WorkspaceSession.open(database, workspace: "acme", actor: "test")
            let agents = try await acme.addCustomer(CustomerDraft(externalId: "A-1", name: "Ana", owner: "agent@acme.test", tags: ["vip"]))
            let others = try await acme.addCustomer(CustomerDraft(externalId: "A-2", name: "Bogdan", owner: "someone@acme.test"))
            let globex = try await WorkspaceSession.open(database, workspace: "globex", actor: "test")
            var foreign: Customer?
            for index in 1...3 { foreign = try await globex.addCustomer(CustomerDraft(externalId: "G-\(index)", name: "Globex \(index)")) }
            return Fixture(database: database, path: path, tokens: tokens, agentsCustomer: agents, othersCustomer: others, foreignCustomer: foreign!)
        } catch {
            await database.close()
            removeFiles(path)
            throw error
        }
    }

    /// Deletes an SQLite file and its `-wal` and `-shm` companions (tests must not leave databases behind).
    static func removeFiles(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    /// Runs `body` against the application in-process (or live), once on each test backend (``TestBackends``), then
    /// closes the database on every path.
    /// The application's own webhook dispatcher runs only when `configuration.webhooks` is given (the default here is
    /// none): tests that deliver drive one themselves. `prepare` runs on the database before the application is built.
    static func withApp(
        _ testing: TestingSetup = .router,
        configuration: ServerConfiguration = ServerConfiguration(port: 0, logLevel: .critical, webhooks: nil),
        prepare: @Sendable (Fixture) async throws -> Void = { _ in },
        _ body: @Sendable (any TestClientProtocol, Fixture) async throws -> Void
    ) async throws {
        for backend in TestBackends.toRun {
            try await TestBackends.withFresh(backend, sqliteFile: true) { location in
                try await withApp(at: location, testing, configuration: configuration, prepare: prepare, body)
            }
        }
    }

    private static func withApp(
        at location: DatabaseLocation,
        _ testing: TestingSetup,
        configuration: ServerConfiguration,
        prepare: @Sendable (Fixture) async throws -> Void,
        _ body: @Sendable (any TestClientProtocol, Fixture) async throws -> Void
    ) async throws {
        let fixture = try await make(at: location)
        do {
            try await prepare(fixture)
            let app = buildApplication(configuration: configuration, database: fixture.database, hasher: PlainHasher())
            try await app.test(testing) { client in try await body(client, fixture) }
        } catch {
            await fixture.database.close()
            removeFiles(fixture.path)
            throw error
        }
        await fixture.database.close()
        removeFiles(fixture.path)
    }
}

extension TestClientProtocol {
    /// A request with `token` as Bearer (none when nil) and `json` as the body.
    func call(
        _ method: HTTPRequest.Method, _ uri: String, token: String?, json: String? = nil, contentType: String = "application/json"
    ) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = contentType }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }
}

extension TestResponse {
    /// The body as a JSON object.
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    }

    /// The body as text.
    var text: String { String(buffer: body) }

    /// Whether this is a problem+json with `status` as its status member too.
    func isProblem(_ status: HTTPResponse.Status) -> Bool {
        self.status == status && headers[.contentType] == "application/problem+json" && object["status"] as? Int == status.code
            && object["type"] is String && object["title"] is String && object["detail"] is String
    }

    /// The field names of a problem's `errors`.
    var problemFields: [String] {
        (object["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }
}
