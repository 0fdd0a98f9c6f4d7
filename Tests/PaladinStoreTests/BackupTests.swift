import Foundation
import PaladinCore
@testable import PaladinStore
import Testing
import PaladinTestSupport

/// `paladin backup` / `restore` / `migrate-db`: Paladin's logical dump, round trips on every backend.
@Suite("Backups, restores and copies between databases")
struct BackupTests {
    /// A demo workspace with scores, members and tokens.
    static func fill(_ database: PaladinDatabase) async throws {
        let session = try await makeSession(database)
        _ = try await DemoWorkspace.populate(session, customers: 20)
        _ = try await Access(database: database).addMember(
            email: "ana@acme.test", name: "Ana", password: "secret-password", role: .owner, workspace: "acme", hasher: PlainTestHasher())
    }

    @Test("a backup restores into an empty database of each backend with the same rows, counts and checksums",
          arguments: TestBackends.all)
    func roundTrip(_ backend: DatabaseBackend) async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("backup.jsonl")
            // given a filled database on this backend, backed up
            let written = try await TestBackends.withFresh(backend) { location in
                try await withDatabase(location) { database in
                    try await Self.fill(database)
                    let written = try await LogicalDump.write(database, to: file)
                    #expect(written == (try await LogicalDump.summaries(database)))
                    return written
                }
            }
            #expect(written.first(where: { $0.table == "customers" })?.rows == 20)
            // when it is restored into a new database of every backend
            for target in TestBackends.all {
                let restored = try await TestBackends.withFresh(target) { location in
                    try await withDatabase(location) { database in
                        let restored = try await LogicalDump.restore(database, from: file)
                        // then the data is usable: positions agree with the moves
                        let session = try await WorkspaceSession.open(database, workspace: "acme", clock: fixedClock, actor: "t")
                        #expect(try await session.verifyPositions().isEmpty)
                        #expect(try await session.customer("C-0001").name.isEmpty == false)
                        return restored
                    }
                }
                #expect(restored == written, "\(backend) to \(target)")
            }
        }
    }

    @Test("an SQLite copy (VACUUM INTO) of an SQLite database restores into each backend; PostgreSQL has none",
          arguments: TestBackends.all)
    func sqliteCopy(_ backend: DatabaseBackend) async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("copy.sqlite")
            let written = try await withDatabase(.sqliteMemory) { database in
                try await Self.fill(database)
                let written = try await SQLiteBackup.write(database, to: file)
                #expect(written == (try await LogicalDump.summaries(database)))
                return written
            }
            let before = try Data(contentsOf: file)
            let restored = try await TestBackends.withFresh(backend) { location in
                try await withDatabase(location) { try await LogicalDump.restore($0, from: file) }
            }
            #expect(restored == written)
            #expect(try Data(contentsOf: file) == before, "restoring never changes the backup")
            if backend == .postgres {
                try await TestBackends.withFresh(backend) { location in
                    try await withDatabase(location) { database in
                        await #expect(throws: BackupError.self) { try await SQLiteBackup.write(database, to: file) }
                    }
                }
            }
        }
    }

    @Test("a restore refuses a database with data, and a damaged file names its line and writes nothing",
          arguments: TestBackends.all)
    func badRestores(_ backend: DatabaseBackend) async throws {
        try await withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("backup.jsonl")
            try await TestBackends.withFresh(backend) { location in
                try await withDatabase(location) { database in
                    try await Self.fill(database)
                    try await LogicalDump.write(database, to: file)
                    // a database that has data
                    let error = await #expect(throws: BackupError.self) { try await LogicalDump.restore(database, from: file) }
                    #expect(error?.description.contains("is not empty") == true)
                }
            }
            // a damaged row in the middle of the customers
            var lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            let customers = try #require(lines.firstIndex(where: { $0.contains("\"table\":\"customers\"") }))
            lines[customers + 3] = "[1, 2"
            try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
            try await TestBackends.withFresh(backend) { location in
                try await withDatabase(location) { database in
                    let error = await #expect(throws: BackupError.self) { try await LogicalDump.restore(database, from: file) }
                    #expect(error?.description.contains("backup.jsonl:\(customers + 4):") == true, "\(String(describing: error))")
                    // nothing half-written: no workspace at all
                    let workspaces = try await database.sql.raw("SELECT COUNT(*) AS n FROM workspaces").first()?.decode(column: "n", as: Int.self)
                    #expect(workspaces == 0)
                }
            }
            // not a backup at all
            try "hello\n".write(to: file, atomically: true, encoding: .utf8)
            let error = await #expect(throws: BackupError.self) { try await withDatabase(.sqliteMemory) { try await LogicalDump.restore($0, from: file) } }
            #expect(error?.description == "backup.jsonl:1: not a Paladin backup line")
        }
    }

    @Test("migrate-db copies a whole SQLite installation to each backend and verifies counts and checksums",
          arguments: TestBackends.all)
    func copyBetweenDatabases(_ backend: DatabaseBackend) async throws {
        try await withDatabase(.sqliteMemory) { source in
            try await Self.fill(source)
            let expected = try await LogicalDump.summaries(source)
            try await TestBackends.withFresh(backend) { location in
                try await withDatabase(location) { target in
                    let copied = try await LogicalDump.copy(from: source, to: target)
                    #expect(copied == expected)
                    #expect(try await LogicalDump.summaries(target) == expected)
                    // and a second copy into the now filled target is refused
                    await #expect(throws: BackupError.self) { try await LogicalDump.copy(from: source, to: target) }
                }
            }
        }
    }
}

/// A fast stand-in for bcrypt.
struct PlainTestHasher: PasswordHasher {
    func hash(_ password: String) async throws -> String { "plain:" + password }
    func verify(_ password: String, hash: String) async throws -> Bool { hash == "plain:" + password }
}
