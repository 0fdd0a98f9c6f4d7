import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PaladinCore
import PostgresKit
import PostgresNIO
import SQLKit
import SQLiteKit
import SQLiteNIO

/// An open Paladin database: the SQL seam every store uses, plus transactions.
/// Close it when done (an unclosed SQLite connection aborts debug builds).
public final class PaladinDatabase: Sendable {
    /// The database for statements outside a transaction: reads on read-only connections, anything else alone on the
    /// writer between transactions (``GatedSQLDatabase``). Inside a transaction, the transaction's own.
    public var sql: any SQLDatabase { gated.withLockedValue { $0 } }
    /// Where it lives.
    public let location: DatabaseLocation
    /// The schema versions this opening applied (empty when the database was up to date).
    // Written once inside `open`, before the database is handed to anyone; read-only afterwards.
    public internal(set) nonisolated(unsafe) var appliedMigrations: [Int] = []
    /// Bulk inserts by the backend's fastest path (inside or outside a transaction).
    public let rows: any RowWriter
    /// Which server: SQLite's single writer, or PostgreSQL's.
    public var backend: DatabaseBackend { postgres == nil ? .sqlite : .postgres }
    private let connection: SQLiteConnection?
    /// PostgreSQL: the transactions' connection and the pool for statements outside a transaction.
    private let postgres: PostgresConnections?
    let writerSQL: any SQLDatabase
    /// Read-only connections (file databases only), opened once the schema is known to be current.
    private let readers = NIOLockedValueBox<[SQLiteConnection]>([])
    private let gated: NIOLockedValueBox<GatedSQLDatabase>
    let writer: TransactionGate

    private init(connection: SQLiteConnection, location: DatabaseLocation, logger: Logger) {
        self.connection = connection
        self.postgres = nil
        self.location = location
        self.writerSQL = connection.sql(queryLogLevel: .trace)
        self.rows = SQLiteRowWriter(connection: connection)
        let gate = TransactionGate()
        self.writer = gate
        self.gated = NIOLockedValueBox(GatedSQLDatabase(owner: ObjectIdentifier(gate), writer: writerSQL, readers: [], gate: gate))
    }

    init(postgres: PostgresConnections, location: DatabaseLocation) {
        self.connection = nil
        self.postgres = postgres
        self.location = location
        self.writerSQL = PostgresPaladinSQL(base: postgres.writer.sql(queryLogLevel: .trace))
        let gate = TransactionGate()
        self.writer = gate
        let pool: [any SQLDatabase] = postgres.pool.map { PostgresPaladinSQL(base: $0.sql(queryLogLevel: .trace)) }
        let gatedSQL = GatedSQLDatabase(
            owner: ObjectIdentifier(gate), writer: writerSQL, readers: pool, gate: gate, readersTakeWrites: true)
        self.gated = NIOLockedValueBox(gatedSQL)
        self.rows = PostgresRowWriter(owner: ObjectIdentifier(gate), writer: postgres.writer, pool: postgres.pool)
    }

    /// How many read-only connections a file database gets: reads run side by side, up to one per core (2–4).
    static let readerCount = min(4, max(2, ProcessInfo.processInfo.activeProcessorCount))

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
        case .postgres(let url):
            return try await openPostgres(url, location: location, create: create, logger: logger)
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
            if case .sqliteFile = location, let first = database.appliedMigrations.first, first > 1 {
                // An existing database just migrated: give the planner statistics for the new indexes at once
                // (bounded work), or it may keep choosing the old ones until a later PRAGMA optimize.
                _ = try await database.sql.raw("PRAGMA analysis_limit = 400").all()
                _ = try await database.sql.raw("ANALYZE").all()
            }
            // Only now, with the file known to be Paladin's, switch to WAL: that rewrites the file header.
            if case .sqliteFile = location {
                _ = try await database.sql.raw("PRAGMA journal_mode = WAL").all()
                try await database.openReaders(storage: storage, logger: logger)
            }
        } catch {
            await database.close()
            throw error
        }
        return database
    }

    /// Opens the read-only connections and hands them to ``sql``.
    private func openReaders(storage: SQLiteConnection.Storage, logger: Logger) async throws {
        for _ in 0..<Self.readerCount {
            let reader = try await SQLiteConnection.open(storage: storage, logger: logger)
            readers.withLockedValue { $0.append(reader) }
            let sql = reader.sql(queryLogLevel: .trace)
            for pragma in [
                "PRAGMA query_only = ON", "PRAGMA busy_timeout = 5000", "PRAGMA temp_store = MEMORY",
                "PRAGMA cache_size = -\(1024 * Self.readerPageCacheMebibytes)",
            ] {
                try await sql.raw(SQLQueryString(pragma)).run()
            }
        }
        let sqls = readers.withLockedValue { $0.map { $0.sql(queryLogLevel: .trace) } }
        gated.withLockedValue {
            $0 = GatedSQLDatabase(owner: ObjectIdentifier(writer), writer: writerSQL, readers: sqls, gate: writer)
        }
    }

    /// The page cache of each read-only connection, in mebibytes.
    public static let readerPageCacheMebibytes = 32

    /// Sets SQLite's page cache for this connection, in mebibytes (imports like it large; long scans need little).
    /// PostgreSQL's cache belongs to the server: nothing to do.
    public func setPageCache(mebibytes: Int) async throws {
        guard backend == .sqlite else { return }
        try await sql.raw("PRAGMA cache_size = \(unsafeRaw: String(-1024 * max(1, mebibytes)))").run()
    }

    /// The page cache every connection starts with, in mebibytes.
    public static let defaultPageCacheMebibytes = 128

    /// Closes the connection. Safe to call once; the database is unusable afterwards.
    public func close() async {
        if let postgres {
            await postgres.close()
            return
        }
        let readers = self.readers.withLockedValue { readers in
            defer { readers = [] }
            return readers
        }
        for reader in readers { try? await reader.close() }
        // SQLite's advice for long-lived connections: let it gather the statistics its planner lacks (bounded work).
        if case .sqliteFile = location {
            try? await writerSQL.raw("PRAGMA analysis_limit = 400").run()
            try? await writerSQL.raw("PRAGMA optimize").run()
        }
        try? await connection?.close()
    }

    /// Runs `body` in one transaction: everything it writes is kept, or nothing is.
    /// Transactions are serialised, so concurrent callers never interleave their statements.
    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        if postgres != nil { return try await postgresTransaction(body) }
        return try await writer.run {
            let sql = self.writerSQL
            try await sql.raw("BEGIN IMMEDIATE").run()
            // Statements through `self.sql` in this task now join this transaction, as they always did.
            return try await GatedSQLDatabase.$transactionOf.withValue(ObjectIdentifier(self.writer)) {
                do {
                    let result = try await body(sql)
                    try await sql.raw("COMMIT").run()
                    return result
                } catch {
                    try? await sql.raw("ROLLBACK").run()
                    throw error
                }
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
