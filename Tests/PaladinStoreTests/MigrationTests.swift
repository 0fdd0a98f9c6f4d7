import Foundation
import PaladinCore
@testable import PaladinStore
import SQLiteNIO
import SQLKit
import Testing

@Suite("Opening and migrating databases")
struct MigrationTests {
    /// Every migration this build has, applied once each.
    static let versions = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19]

    static let paladinTables: Set<String> = [
        "paladin_meta", "paladin_migrations", "workspaces", "sequences", "journey_models", "customers", "customer_tags",
        "moves", "positions", "interactions", "markers_met", "follow_ups", "purchases", "costs", "survey_responses",
        "score_runs", "customer_metrics", "derivations", "recommendations", "members", "workspace_members", "api_tokens", "idempotency_keys",
        "score_run_jobs", "webhooks", "webhook_deliveries", "follow_up_notices", "web_sessions", "web_uploads", "customer_search", "stage_counts",
        "survey_campaigns", "survey_invitations", "survey_answers", "survey_deliveries", "survey_smtp",
    ]

    /// Tables only SQLite has: its full-text index (M015) and the trigger-kept stage counts (M016).
    static let sqliteOnlyTables: Set<String> = ["customer_search", "stage_counts"]

    func tables(_ database: PaladinDatabase) async throws -> Set<String> {
        // SQLite's own tables (sqlite_sequence, the planner's sqlite_stat1 from PRAGMA optimize) are not the schema's.
        // The full-text index's shadow tables (customer_search_data, _idx, …) belong to its virtual table.
        let rows = try await database.sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all()
        return Set(try rows.map { try $0.decode(column: "name", as: String.self) }.filter { !$0.hasPrefix("customer_search_") })
    }

    func migrations(_ database: PaladinDatabase) async throws -> [Int] {
        try await database.sql.raw("SELECT version FROM paladin_migrations ORDER BY version").all()
            .map { try $0.decode(column: "version", as: Int.self) }
    }

    /// Creates an SQLite file that belongs to another application.
    func makeForeignDatabase(at path: String) async throws {
        let connection = try await SQLiteConnection.open(storage: .file(path: path))
        do {
            _ = try await connection.query("CREATE TABLE other (x)")
            _ = try await connection.query("INSERT INTO other (x) VALUES (1)")
        } catch {
            try await connection.close()
            throw error
        }
        try await connection.close()
    }

    @Test("creating a missing file migrates it to every Paladin table")
    func createsAllTables() async throws {
        try await withTemporaryDirectory { directory in
            // given
            let path = directory.appendingPathComponent("new.sqlite").path
            // when
            let found = try await withDatabase(.sqliteFile(path), create: true) { try await tables($0) }
            // then
            #expect(FileManager.default.fileExists(atPath: path))
            #expect(found.subtracting(["sqlite_sequence"]) == Self.paladinTables)
        }
    }

    @Test("opening a migrated database again changes nothing")
    func reopeningIsNoOp() async throws {
        try await withTemporaryDirectory { directory in
            // given
            let path = directory.appendingPathComponent("twice.sqlite").path
            let first = try await withDatabase(.sqliteFile(path), create: true) { (try await tables($0), try await migrations($0)) }
            // when
            let again = try await withDatabase(.sqliteFile(path), create: true) { (try await tables($0), try await migrations($0)) }
            let readOnly = try await withDatabase(.sqliteFile(path), create: false) { try await migrations($0) }
            // then
            #expect(again.0 == first.0)
            #expect(first.1 == Self.versions)
            #expect(again.1 == Self.versions)
            #expect(readOnly == Self.versions)
        }
    }

    @Test("a migration missing from the history below the newest one applied is applied: migrations land in any order")
    func appliesAGapBelowTheNewest() async throws {
        try await withTemporaryDirectory { directory in
            // given a database whose history lacks a middle migration (made by a build that did not have it yet)
            let path = directory.appendingPathComponent("gap.sqlite").path
            try await withDatabase(.sqliteFile(path), create: true) { database in
                try await database.sql.raw("DROP TABLE stage_counts").run()
                for trigger in ["stage_counts_insert", "stage_counts_delete", "stage_counts_update"] {
                    try await database.sql.raw("DROP TRIGGER \(unsafeRaw: trigger)").run()
                }
                try await database.sql.raw("DELETE FROM paladin_migrations WHERE version = 16").run()
            }
            // when it is opened without create, it is older; with create, the missing one is applied
            #expect(await openError(.sqliteFile(path), create: false) != nil)
            let after = try await withDatabase(.sqliteFile(path), create: true) { (try await tables($0), try await migrations($0)) }
            // then
            #expect(after.1 == Self.versions)
            #expect(after.0.contains("stage_counts"))
        }
    }

    @Test("a missing file is refused without create, and is not created")
    func missingFile() async throws {
        try await withTemporaryDirectory { directory in
            // given
            let path = directory.appendingPathComponent("absent.sqlite").path
            // when
            let error = await openError(.sqliteFile(path), create: false)
            // then
            guard case StoreError.missingDatabase(let reported)? = error else {
                Issue.record("expected missingDatabase, got \(String(describing: error))")
                return
            }
            #expect(reported == path)
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test("a text file full of junk is a corrupt database, left as it was")
    func corruptFile() async throws {
        try await withTemporaryDirectory { directory in
            // given
            let path = directory.appendingPathComponent("junk.sqlite").path
            let junk = Data(String(repeating: "this is not a database at all\n", count: 200).utf8)
            try junk.write(to: URL(fileURLWithPath: path))
            // when
            let error = await openError(.sqliteFile(path), create: false)
            let withCreate = await openError(.sqliteFile(path), create: true)
            // then
            guard case StoreError.corruptDatabase(let reported, _)? = error else {
                Issue.record("expected corruptDatabase, got \(String(describing: error))")
                return
            }
            #expect(reported == path)
            if case StoreError.corruptDatabase? = withCreate {} else { Issue.record("create: true accepted junk: \(String(describing: withCreate))") }
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == junk)
        }
    }

    @Test("an SQLite file of another application is refused, with or without create")
    func foreignFile() async throws {
        try await withTemporaryDirectory { directory in
            // given
            let path = directory.appendingPathComponent("other-app.sqlite").path
            try await makeForeignDatabase(at: path)
            // when
            let error = await openError(.sqliteFile(path), create: false)
            let withCreate = await openError(.sqliteFile(path), create: true)
            // then
            guard case StoreError.foreignDatabase(let reported)? = error else {
                Issue.record("expected foreignDatabase, got \(String(describing: error))")
                return
            }
            #expect(reported == path)
            if case StoreError.foreignDatabase? = withCreate {} else { Issue.record("create: true took a foreign file: \(String(describing: withCreate))") }
        }
    }

    @Test("an empty SQLite file is uninitialised without create, and migrated with it")
    func emptyFile() async throws {
        try await withTemporaryDirectory { directory in
            // given
            let path = directory.appendingPathComponent("empty.sqlite").path
            #expect(FileManager.default.createFile(atPath: path, contents: Data()))
            // when
            let error = await openError(.sqliteFile(path), create: false)
            let migrated = try await withDatabase(.sqliteFile(path), create: true) { try await tables($0) }
            // then
            guard case StoreError.uninitialised(let reported)? = error else {
                Issue.record("expected uninitialised, got \(String(describing: error))")
                return
            }
            #expect(reported == path)
            #expect(migrated.isSuperset(of: Self.paladinTables))
        }
    }

    @Test("a directory is not a database")
    func directoryIsRefused() async throws {
        try await withTemporaryDirectory { directory in
            let error = await openError(.sqliteFile(directory.path), create: true)
            guard case StoreError.corruptDatabase? = error else {
                Issue.record("expected corruptDatabase, got \(String(describing: error))")
                return
            }
        }
    }

    @Test("the report indexes exist after migrating, positions_stage with since then customer")
    func reportIndexes() async throws {
        try await withTemporaryDirectory { directory in
            // given
            let path = directory.appendingPathComponent("reports.sqlite").path
            // when
            let columns = try await withDatabase(.sqliteFile(path), create: true) { database in
                var found: [String: [String]] = [:]
                for index in ["moves_model_customer", "moves_model_flow", "positions_stage", "moves_model_stay"] {
                    found[index] = try await database.sql.raw("SELECT name FROM pragma_index_info(\(bind: index)) ORDER BY seqno").all()
                        .map { try $0.decode(column: "name", as: String.self) }
                }
                return found
            }
            // then
            #expect(columns["moves_model_customer"] == ["workspace_id", "model_key", "customer_id", "at", "from_stage", "to_stage"])
            #expect(columns["moves_model_flow"] == ["workspace_id", "model_key", "from_stage", "to_stage", "kind", "at", "overridden_markers"])
            #expect(columns["positions_stage"] == ["workspace_id", "model_key", "stage_key", "since", "customer_id"])
            #expect(columns["moves_model_stay"] == ["workspace_id", "model_key", "stay_stage", "stay_days", "at"])
        }
    }
}
