import PaladinCore
@testable import PaladinStore
import Testing

@Suite("Creating workspaces")
struct SetupTests {
    @Test("the first run creates the workspace and installs the seven built-in models")
    func installsBuiltIns() async throws {
        try await withDatabase { database in
            // when
            let outcome = try await Setup.initialize(database, workspace: "acme", name: "Acme Ltd", language: "ro", currency: "RON", clock: fixedClock)
            // then
            #expect(outcome.createdWorkspace)
            #expect(outcome.installedModels == BuiltInModels.keys)
            #expect(outcome.installedModels.count == 7)
            #expect(outcome.workspace.key == "acme")
            #expect(outcome.workspace.name == "Acme Ltd")
            #expect(outcome.workspace.language == "ro")
            #expect(outcome.workspace.currency == "RON")
            #expect(outcome.workspace.createdAt == testNow)
            let session = try await WorkspaceSession.open(database, workspace: "acme", clock: fixedClock, actor: "tester")
            let models = try await session.models()
            #expect(models.map(\.model.key) == BuiltInModels.keys)
            #expect(models.allSatisfy { $0.builtIn && $0.version == 1 })
        }
    }

    @Test("a second run installs nothing and keeps edited models")
    func secondRunInstallsNothing() async throws {
        try await withDatabase { database in
            // given
            let session = try await makeSession(database)
            var edited = try await session.model("value-category")
            edited.names = LocalizedText(["en": "Our own categories"])
            _ = try await session.importModel(ModelDocument.json(edited), source: "edited.json")
            // when
            let again = try await Setup.initialize(database, workspace: "acme", clock: fixedClock)
            // then
            #expect(!again.createdWorkspace)
            #expect(again.installedModels.isEmpty)
            #expect(try await session.model("value-category").names.text("en") == "Our own categories")
            #expect(try await session.models().count == 7)
        }
    }

    @Test("workspaces are separate: each has its own models and customers")
    func workspacesAreIsolated() async throws {
        try await withDatabase { database in
            // given
            let acme = try await makeSession(database, workspace: "acme")
            let globex = try await makeSession(database, workspace: "globex")
            // when
            try await acme.add("A-1", "Ana")
            // then
            #expect(try await globex.models().count == 7)
            #expect(try await Counts(globex).customers == 0)
            #expect(try await Counts(acme).customers == 1)
            await #expect(throws: PaladinError.self) { try await globex.customer("A-1") }
        }
    }

    @Test("bad workspace keys, languages and currencies are refused before anything is written",
          arguments: [
            ("Bad Key", "en", "EUR", "--workspace"), ("-leading", "en", "EUR", "--workspace"), ("", "en", "EUR", "--workspace"),
            ("acme", "de", "EUR", "--language"), ("acme", "EN", "EUR", "--language"),
            ("acme", "en", "eur", "--currency"), ("acme", "en", "EURO", "--currency"), ("acme", "en", "E1R", "--currency"),
          ])
    func badValues(key: String, language: String, currency: String, option: String) async throws {
        try await withDatabase { database in
            // when
            var thrown: (any Error)?
            do {
                _ = try await Setup.initialize(database, workspace: key, language: language, currency: currency, clock: fixedClock)
            } catch {
                thrown = error
            }
            // then
            guard case PaladinError.invalid(let field, _)? = thrown else {
                Issue.record("expected an invalid \(option), got \(String(describing: thrown))")
                return
            }
            let workspaces = try await WorkspaceStore(database.sql).list()
            #expect(field == option)
            #expect(workspaces.isEmpty)
        }
    }

    @Test("a session in a workspace that does not exist is refused, naming it")
    func unknownWorkspace() async throws {
        try await withDatabase { database in
            // given
            _ = try await makeSession(database, workspace: "acme")
            // when
            var thrown: (any Error)?
            do { _ = try await WorkspaceSession.open(database, workspace: "nowhere", actor: "tester") } catch { thrown = error }
            // then
            guard case PaladinError.notFound(let message)? = thrown else {
                Issue.record("expected notFound, got \(String(describing: thrown))")
                return
            }
            #expect(message.contains("'nowhere'"))
        }
    }
}

@Suite("Database locations")
struct DatabaseLocationTests {
    @Test("paths, sqlite: URLs and :memory: are understood", arguments: [
        ("paladin.sqlite", DatabaseLocation.sqliteFile("paladin.sqlite")),
        ("  /tmp/a b.sqlite ", .sqliteFile("/tmp/a b.sqlite")),
        ("sqlite:/var/db.sqlite", .sqliteFile("/var/db.sqlite")),
        ("sqlite:///var/db.sqlite", .sqliteFile("/var/db.sqlite")),
        (":memory:", .sqliteMemory),
        ("sqlite::memory:", .sqliteMemory),
        ("postgres://user@host/db", .postgres("postgres://user@host/db")),
    ])
    func parses(text: String, expected: DatabaseLocation) throws {
        #expect(try DatabaseLocation(parsing: text) == expected)
    }

    @Test("empty and unknown locations are refused", arguments: ["", "   ", "sqlite:", "mysql://host/db"])
    func refuses(text: String) {
        #expect(throws: StoreError.self) { try DatabaseLocation(parsing: text) }
    }
}
