import Foundation
import PaladinStore
import SQLKit
import Testing
import PaladinTestSupport

/// Statements outside a transaction never join another task's open transaction: reads see only committed rows, and
/// writes wait for the transaction to end instead of being rolled back with it.
@Suite("Transactions are isolated from statements outside them")
struct DatabaseIsolationTests {
    struct Rollback: Error {}

    /// A new database on `backend` (SQLite: a file, with its read-only connections) with a `probe` table.
    static func withDatabase(_ backend: DatabaseBackend, _ body: (PaladinDatabase) async throws -> Void) async throws {
        try await TestBackends.withFresh(backend, sqliteFile: true) { location in
            let database = try await PaladinDatabase.open(location, create: true)
            do {
                try await database.sql.raw("CREATE TABLE probe (x INTEGER NOT NULL)").run()
                try await body(database)
            } catch {
                await database.close()
                throw error
            }
            await database.close()
        }
    }

    static func count(_ database: PaladinDatabase) async throws -> Int {
        try await database.sql.raw("SELECT COUNT(*) AS n FROM probe").first()?.decode(column: "n", as: Int.self) ?? -1
    }

    @Test("a read made while a transaction is open sees none of its rows; a write made then survives its rollback",
          arguments: TestBackends.all)
    func isolation(_ backend: DatabaseBackend) async throws {
        try await Self.withDatabase(backend) { database in
            let (inserted, insertedSignal) = AsyncStream<Void>.makeStream()
            let (release, releaseSignal) = AsyncStream<Void>.makeStream()
            // given a transaction that has written a row and waits, open, before failing
            let transaction = Task {
                try await database.transaction { sql in
                    try await sql.raw("INSERT INTO probe (x) VALUES (1)").run()
                    insertedSignal.yield()
                    for await _ in release { break }
                    throw Rollback()
                }
            }
            for await _ in inserted { break }
            // when another task reads: it sees the last commit, not the open transaction's row
            #expect(try await Self.count(database) == 0)
            // and a write from another task is not swallowed by the open transaction (SQLite: it waits for it to end;
            // PostgreSQL: it runs on another connection)
            let outside = Task { try await database.sql.raw("INSERT INTO probe (x) VALUES (2)").run() }
            try await Task.sleep(for: .milliseconds(100))
            releaseSignal.yield()
            await #expect(throws: Rollback.self) { try await transaction.value }
            try await outside.value
            // then only the outside row is there
            #expect(try await Self.count(database) == 1)
            let rows = try await database.sql.raw("SELECT x FROM probe").all().map { try $0.decode(column: "x", as: Int.self) }
            #expect(rows == [2])
        }
    }

    @Test("inside a transaction, statements through database.sql are the transaction's own and see its rows",
          arguments: TestBackends.all)
    func insideSeesOwnRows(_ backend: DatabaseBackend) async throws {
        try await Self.withDatabase(backend) { database in
            let seen = try await database.transaction { sql in
                try await sql.raw("INSERT INTO probe (x) VALUES (7)").run()
                return try await Self.count(database)
            }
            #expect(seen == 1)
        }
    }
}
