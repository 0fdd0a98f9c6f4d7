import Foundation
import Logging
import NIOCore
import NIOPosix
import PaladinCore
import SQLKit
import SQLiteKit
import SQLiteNIO

/// An open Paladin database: the SQL seam every store uses, plus transactions.
/// Close it when done (an unclosed SQLite connection aborts debug builds).
public final class PaladinDatabase: Sendable {
    /// The database for statements outside a transaction.
    public let sql: any SQLDatabase
    /// Where it lives.
    public let location: DatabaseLocation
    /// The schema versions this opening applied (empty when the database was up to date).
    // Written once inside `open`, before the database is handed to anyone; read-only afterwards.
    public private(set) nonisolated(unsafe) var appliedMigrations: [Int] = []
    /// Bulk inserts by the backend's fastest path (inside or outside a transaction).
    public let rows: any RowWriter
    private let connection: SQLiteConnection
    private let writer = TransactionGate()

    private init(connection: SQLiteConnection, location: DatabaseLocation, logger: Logger) {
        self.connection = connection
        self.location = location
        self.sql = connection.sql(queryLogLevel: .trace)
        self.rows = SQLiteRowWriter(connection: connection)
    }

    /// Opens the database at `location`. With `create`, a missing SQLite file is created and migrated;
    /// without it, a missing, corrupt, foreign or uninitialised database is refused.
    public static func open(
        _ location: DatabaseLocation, create: Bool, logger: Logger = Logger(label: "paladin.store")
    ) async throws -> PaladinDatabase {
        let storage: SQLiteConnection.Storage
        switch location {
        case .sqliteMemory:
            storage = .memory
        case .sqliteFile(let path):
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            if isDirectory.boolValue { throw StoreError.corruptDatabase(path: path, detail: "it is a directory") }
            if !exists, !create { throw StoreError.missingDatabase(path: path) }
            if !exists {
                let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
                if !FileManager.default.fileExists(atPath: directory) {
                    throw StoreError.database("the folder '\(directory)' does not exist")
                }
            }
            storage = .file(path: path)
        case .postgres:
            throw StoreError.database("PostgreSQL is not supported by this build yet; use an SQLite file")
        }
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(storage: storage, logger: logger)
        } catch {
            throw StoreError.corruptDatabase(path: location.description, detail: "\(error)")
        }
        let database = PaladinDatabase(connection: connection, location: location, logger: logger)
        do {
            try await database.configure()
            database.appliedMigrations = try await Migrator.check(database, create: create)
            // Only now, with the file known to be Paladin's, switch to WAL: that rewrites the file header.
            if case .sqliteFile = location {
                _ = try await database.sql.raw("PRAGMA journal_mode = WAL").all()
            }
        } catch {
            try? await connection.close()
            throw error
        }
        return database
    }

    /// Sets SQLite's page cache for this connection, in mebibytes (imports like it large; long scans need little).
    public func setPageCache(mebibytes: Int) async throws {
        try await sql.raw("PRAGMA cache_size = \(unsafeRaw: String(-1024 * max(1, mebibytes)))").run()
    }

    /// The page cache every connection starts with, in mebibytes.
    public static let defaultPageCacheMebibytes = 128

    /// Closes the connection. Safe to call once; the database is unusable afterwards.
    public func close() async {
        try? await connection.close()
    }

    /// Runs `body` in one transaction: everything it writes is kept, or nothing is.
    /// Transactions are serialised, so concurrent callers never interleave their statements.
    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await writer.run {
            try await self.sql.raw("BEGIN IMMEDIATE").run()
            do {
                let result = try await body(self.sql)
                try await self.sql.raw("COMMIT").run()
                return result
            } catch {
                try? await self.sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    private func configure() async throws {
        do {
            // Reading the schema fails at once on a file that is not an SQLite database.
            _ = try await sql.raw("SELECT count(*) AS n FROM sqlite_master").all()
        } catch {
            throw StoreError.corruptDatabase(path: location.description, detail: "\(error)")
        }
        // A 128 MiB page cache keeps large imports from spilling and re-reading pages.
        for pragma in [
            "PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 5000", "PRAGMA synchronous = NORMAL",
            "PRAGMA cache_size = -\(1024 * Self.defaultPageCacheMebibytes)", "PRAGMA temp_store = MEMORY",
        ] {
            try await sql.raw(SQLQueryString(pragma)).run()
        }
    }
}

/// Lets one transaction at a time through, in arrival order.
actor TransactionGate {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if busy {
            await withCheckedContinuation { waiting.append($0) }
        }
        busy = true
        defer {
            if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
        }
        return try await body()
    }
}
