import Foundation
import PaladinCore
@testable import PaladinStore
import SQLKit
import Testing
import PaladinTestSupport

/// The migrations on every backend: all of them up on an empty database, the same tables and history either way.
@Suite("Migrations on every backend")
struct BackendMigrationTests {
    @Test("every migration runs up on an empty database of each backend, once", arguments: TestBackends.all)
    func migratesEmptyDatabase(_ backend: DatabaseBackend) async throws {
        try await TestBackends.withFresh(backend, sqliteFile: true) { location in
            // given an empty database, when it is opened with create
            let (tables, history, applied) = try await withDatabase(location, create: true) { database in
                (Set(try await database.tableNames()), try await Self.history(database), database.appliedMigrations)
            }
            // then every Paladin table exists and the history lists every version
            #expect(tables == MigrationTests.paladinTables.subtracting(backend == .postgres ? MigrationTests.sqliteOnlyTables : []))
            #expect(history == MigrationTests.versions)
            #expect(applied == MigrationTests.versions)
            // and opening again applies nothing, with or without create
            let again = try await withDatabase(location, create: true) { $0.appliedMigrations }
            #expect(again == [])
            let readOnly = try await withDatabase(location, create: false) { try await Self.history($0) }
            #expect(readOnly == MigrationTests.versions)
        }
    }

    @Test("an empty database is refused without create, and a foreign one always", arguments: TestBackends.all)
    func refusesEmptyAndForeign(_ backend: DatabaseBackend) async throws {
        guard backend == .postgres else { return }  // SQLite's cases are in MigrationTests
        try await TestBackends.withFresh(backend, sqliteFile: true) { location in
            let empty = await openError(location, create: false)
            #expect((empty as? StoreError).map { "\($0)" }?.contains("has no Paladin schema yet") == true, "\(String(describing: empty))")
            // A table of another application in the schema: never touched.
            let database = try await PaladinDatabase.open(location, create: true)
            try await database.sql.raw("DROP TABLE paladin_migrations").run()
            await database.close()
            let foreign = await openError(location, create: true)
            #expect((foreign as? StoreError).map { "\($0)" }?.contains("not a Paladin one") == true, "\(String(describing: foreign))")
        }
    }

    @Test("a PostgreSQL URL that cannot be read, or a server that does not answer, is refused naming the setting, never the password")
    func badPostgresLocations() async throws {
        for text in ["postgres://", "postgres://:secret@host/db", "postgres://user:secret@/db", "postgres://user:secret@host:99999/db",
                     "postgres://user:secret@host/db?tlsmode=sometimes"] {
            let error = #expect(throws: StoreError.self) { try DatabaseLocation(parsing: text) }
            let message = error.map { "\($0)" } ?? ""
            #expect(message.contains("cannot understand database location"), "\(text): \(message)")
            #expect(!message.contains("secret"), "\(text): \(message)")
        }
        // Port 9 (discard) on loopback: nothing listens there.
        let location = try DatabaseLocation(parsing: "postgres://paladin:secret@127.0.0.1:9/paladin?tlsmode=disable")
        #expect("\(location)" == "postgres://paladin:***@127.0.0.1:9/paladin?tlsmode=disable")
        let error = await openError(location, create: true)
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("cannot connect to the PostgreSQL server of PALADIN_DATABASE_URL (or --db) postgres://paladin:***@127.0.0.1:9/paladin"), "\(message)")
        #expect(!message.contains("secret"))
    }

    static func history(_ database: PaladinDatabase) async throws -> [Int] {
        try await database.sql.raw("SELECT version FROM paladin_migrations ORDER BY version").all()
            .map { try $0.decode(column: "version", as: Int.self) }
    }
}
