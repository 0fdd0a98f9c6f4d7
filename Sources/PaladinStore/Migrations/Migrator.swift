import PaladinCore
import SQLKit

/// One step of the schema: numbered, append-only, never edited once released.
protocol Migration: Sendable {
    /// The schema version this migration brings the database to.
    var version: Int { get }
    /// A short name for the history table.
    var name: String { get }
    /// The statements, in order.
    var statements: [String] { get }
    /// PostgreSQL's statements where they differ (a feature one backend has its own way), else nil: `statements`.
    var postgresStatements: [String]? { get }
}

extension Migration {
    var postgresStatements: [String]? { nil }

    /// The statements for `backend`.
    func statements(for backend: DatabaseBackend) -> [String] {
        backend == .postgres ? postgresStatements ?? statements : statements
    }
}

/// Applies migrations and checks a database belongs to Paladin.
enum Migrator {
    /// Every migration, in order.
    static let all: [any Migration] = [
        M001Initial(), M002Scoring(), M003Members(), M004Idempotency(), M005ScoreRuns(), M006Webhooks(), M007CustomerIndexes(),
        M008WebSessions(), M009EvidenceReportIndexes(), M010ReportIndexes(), M011ReportStays(),
        M012Surveys(), M013WebUploads(), M014CustomerListIndexes(), M015CustomerSearch(), M016StageCounts(),
        M017TodayIndexes(),
        M019SurveySMTPSecurity(),
    ]

    /// The newest schema version this build knows.
    static var latest: Int { all.last?.version ?? 0 }

    /// Refuses foreign, uninitialised or newer databases; with `create`, migrates an empty or older one.
    /// Returns the versions it applied.
    @discardableResult
    static func check(_ database: PaladinDatabase, create: Bool) async throws -> [Int] {
        let sql = database.sql
        // SQLite: the file's tables; PostgreSQL: the tables of the connection's current schema.
        let tables = try await database.tableNames()
        let path = database.location.description
        if !tables.contains("paladin_migrations") {
            if !tables.isEmpty { throw StoreError.foreignDatabase(path: path) }
            guard create else { throw StoreError.uninitialised(path: path) }
        }
        let applied = try await appliedVersions(sql, tableExists: tables.contains("paladin_migrations"))
        let newest = applied.max() ?? 0
        if newest > latest { throw StoreError.newerSchema(found: newest, known: latest) }
        // Every migration missing from the history, not only those above the newest: migrations written side by side
        // land in any order, and a database made between two landings must still get the one that landed later.
        let pending = all.map(\.version).filter { !applied.contains($0) }
        if !pending.isEmpty {
            guard create else {
                throw applied.isEmpty ? StoreError.uninitialised(path: path) : StoreError.olderSchema(path: path, found: newest, latest: latest)
            }
            try await migrate(database, skipping: applied)
            return pending
        }
        return []
    }

    private static func appliedVersions(_ sql: any SQLDatabase, tableExists: Bool) async throws -> Set<Int> {
        guard tableExists else { return [] }
        return Set(try await sql.raw("SELECT version FROM paladin_migrations").all().map { try $0.decode(column: "version", as: Int.self) })
    }

    private static func migrate(_ database: PaladinDatabase, skipping applied: Set<Int>) async throws {
        try await database.transaction { sql in
            var from = applied
            if database.backend == .postgres {
                // Two servers starting at once on a new database: the second waits, then finds nothing to do.
                try await sql.raw("SELECT pg_advisory_xact_lock(\(bind: Int64(0x7061_6C61_6469_6E)))").run()
                let done = try await sql.raw("SELECT to_regclass('paladin_migrations') IS NOT NULL AS present").first()?
                    .decode(column: "present", as: Bool.self) ?? false
                from = try await appliedVersions(sql, tableExists: done)
            }
            try await sql.raw(
                "CREATE TABLE IF NOT EXISTS paladin_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)"
            ).run()
            for migration in all where !from.contains(migration.version) {
                for statement in migration.statements(for: database.backend) {
                    try await sql.raw(SQLQueryString(statement)).run()
                }
                try await sql.insert(into: "paladin_migrations")
                    .columns("version", "name", "applied_at")
                    .values(SQLBind(migration.version), SQLBind(migration.name), SQLBind(currentSeconds()))
                    .run()
            }
        }
    }
}
