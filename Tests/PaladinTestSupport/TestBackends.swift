import Foundation
import PaladinStore

/// The backends the store and API tests run on (one module for both test targets): SQLite always, PostgreSQL too when `PALADIN_TEST_POSTGRES_URL` names a
/// server (`.ci/postgres.sh` starts one). Each PostgreSQL test gets a schema of its own, dropped afterwards.
public enum TestBackends {
    public static let postgresURL: String? = {
        let url = ProcessInfo.processInfo.environment["PALADIN_TEST_POSTGRES_URL"] ?? ""
        return url.isEmpty ? nil : url
    }()

    public static var all: [DatabaseBackend] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    /// The backend of the run in progress, so a database opened inside it (a second one in the same test) is on
    /// the same backend.
    @TaskLocal public static var current: DatabaseBackend?

    /// The backends a test's database is opened on: the current run's, else every one.
    public static var toRun: [DatabaseBackend] { current.map { [$0] } ?? all }

    /// Runs `body` with a fresh, empty location on `backend` (SQLite: a private in-memory database, or with
    /// `sqliteFile` a new temporary file), removed afterwards.
    /// A failure on PostgreSQL is logged as such.
    public static func withFresh<T>(
        _ backend: DatabaseBackend, sqliteFile: Bool = false, _ body: (DatabaseLocation) async throws -> T
    ) async throws -> T {
        try await $current.withValue(backend) { try await fresh(backend, sqliteFile: sqliteFile, body) }
    }

    private static func fresh<T>(
        _ backend: DatabaseBackend, sqliteFile: Bool, _ body: (DatabaseLocation) async throws -> T
    ) async throws -> T {
        guard backend == .postgres, let postgresURL else {
            guard sqliteFile else { return try await body(.sqliteMemory) }
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("paladin-store-\(UUID().uuidString).sqlite").path
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            return try await body(.sqliteFile(path))
        }
        // At most a few PostgreSQL runs at once: every test starts together, the server takes a few hundred clients.
        if holdsPermit { return try await runOnPostgres(postgresURL, body) }
        await permits.acquire()
        do {
            let result = try await $holdsPermit.withValue(true) { try await runOnPostgres(postgresURL, body) }
            await permits.release()
            return result
        } catch {
            await permits.release()
            throw error
        }
    }

    /// Whether this task already holds one of the permits (a second database opened inside a run).
    @TaskLocal private static var holdsPermit = false
    // 12 for each of the two test targets that run on PostgreSQL, as when each had its own copy.
    private static let permits = Permits(count: 24)

    private static func runOnPostgres<T>(_ postgresURL: String, _ body: (DatabaseLocation) async throws -> T) async throws -> T {
        let location = try await PostgresSchemas.createFresh(url: postgresURL, prefix: "test", pool: 2)
        do {
            let result = try await body(location)
            try await PostgresSchemas.drop(location)
            return result
        } catch {
            try? await PostgresSchemas.drop(location)
            // Thrown as it is (some tests expect its type); the log says which run it came from.
            FileHandle.standardError.write(Data("[PostgreSQL run] \(error)\n".utf8))
            throw error
        }
    }
}

/// A counting semaphore for async tasks.
public actor Permits {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init(count: Int) { free = count }

    public func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    public func release() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}
