import Foundation
import PaladinStore
import Testing

@Suite("paladin backup, restore and migrate-db")
struct BackupCommandTests {
    @Test("backup, restore into a new file and migrate-db to another database keep every row; a second restore is refused")
    func roundTrip() async throws {
        try await withSandbox { cli in
            // given a demo workspace
            try await cli.ok(["demo"])
            // when it is backed up and restored into a new file
            let backup = try await cli.ok(["backup", cli.path("backup.jsonl")])
            #expect(backup.stdout.contains("backed up"))
            let restored = try await cli.run(["restore", cli.path("backup.jsonl")], db: cli.path("restored.sqlite"))
            #expect(restored.status == 0, "\(restored)")
            #expect(restored.stdout.contains("counts and checksums match the backup"))
            let check = try await cli.run(["check"], db: cli.path("restored.sqlite"))
            #expect(check.status == 0, "\(check)")
            // then restoring again into the same (now filled) database is refused
            let again = try await cli.run(["restore", cli.path("backup.jsonl")], db: cli.path("restored.sqlite"))
            #expect(again.status == 1)
            #expect(again.errorLines.last?.contains("is not empty (it has workspaces)") == true, "\(again)")
            // and migrate-db copies it to a new database of the other kind when PostgreSQL is there, else a new file
            let target: String
            var schema: DatabaseLocation?
            if let url = ProcessInfo.processInfo.environment["PALADIN_TEST_POSTGRES_URL"], !url.isEmpty {
                let location = try await PostgresSchemas.createFresh(url: url, prefix: "cli", pool: 1)
                schema = location
                guard case .postgres(let text) = location else { return }
                target = text
            } else {
                target = "sqlite:" + cli.path("moved.sqlite")
            }
            let moved = try await cli.run(["migrate-db", "--from", "sqlite:" + cli.db, "--to", target], withDB: false)
            if let schema { try await PostgresSchemas.drop(schema) }
            #expect(moved.status == 0, "\(moved)")
            #expect(moved.stdout.contains("counts and checksums match"))
            #expect(!moved.stdout.contains(":postgres@"), "the password is never printed")
        }
    }

    @Test("a missing or foreign backup file is refused naming it")
    func badFiles() async throws {
        try await withSandbox { cli in
            let missing = try await cli.run(["restore", cli.path("nope.jsonl")], db: cli.path("new.sqlite"))
            #expect(missing.status == 1)
            #expect(missing.errorLines.last == "error: cannot read the backup file '\(cli.path("nope.jsonl"))'")
            try cli.write("notes.txt", "{\"hello\": 1}\n")
            let foreign = try await cli.run(["restore", cli.path("notes.txt")], db: cli.path("new.sqlite"))
            #expect(foreign.status == 1)
            #expect(foreign.errorLines.last == "error: notes.txt:1: not a Paladin backup (format 1 expected)")
        }
    }
}
