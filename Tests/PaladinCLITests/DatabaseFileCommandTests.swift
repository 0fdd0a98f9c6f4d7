import Foundation
import SQLiteNIO
import Testing

@Suite("Databases that are missing, corrupt, foreign or lack the workspace")
struct DatabaseFileCommandTests {
    /// Commands that read or write a workspace; none may create or change a database it refuses.
    static let commands: [[String]] = [
        ["customers", "list"],
        ["customers", "add", "--name", "Ana"],
        ["move", "A1", "--model", "customer-journey", "--to", "admit"],
        ["record", "purchase", "A1", "--amount", "5"],
        ["export", "moves"],
        ["check"],
    ]

    func files(_ cli: Sandbox) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: cli.directory.path).filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test("a missing database file is named, and not created", arguments: commands)
    func missingDatabase(_ command: [String]) async throws {
        try await withSandbox(initialised: false) { cli in
            // when
            let result = try await cli.run(command, db: cli.path("missing.sqlite"))
            // then
            #expect(result.status == 1)
            #expect(result.errorLines.last == "error: database '\(cli.path("missing.sqlite"))' does not exist; create it with `paladin init --db \(cli.path("missing.sqlite"))`")
            #expect(try files(cli).isEmpty)
        }
    }

    @Test("a file of random bytes is refused as corrupt and left byte for byte as it was", arguments: commands)
    func corruptDatabase(_ command: [String]) async throws {
        try await withSandbox(initialised: false) { cli in
            // given
            var generator = SystemRandomNumberGenerator()
            let junk = Data((0..<8192).map { _ in UInt8.random(in: 0...255, using: &generator) })
            let path = cli.path("junk.sqlite")
            try junk.write(to: URL(fileURLWithPath: path))
            // when
            let result = try await cli.run(command, db: path)
            // then
            #expect(result.status == 1)
            #expect(result.errorLines.last?.hasPrefix("error: '\(path)' is not a readable SQLite database") == true)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == junk)
            #expect(try files(cli) == ["junk.sqlite"])
        }
    }

    @Test("init refuses a corrupt file too, and leaves it alone")
    func initOnCorrupt() async throws {
        try await withSandbox(initialised: false) { cli in
            let path = try cli.write("notes.sqlite", "Shopping list:\n- milk\n- bread\n")
            let result = try await cli.run(["init"], db: path)
            #expect(result.status == 1)
            #expect(result.errorLines.count == 1 && result.stderr.contains("'\(path)' is not a readable SQLite database"))
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "Shopping list:\n- milk\n- bread\n")
        }
    }

    @Test("an SQLite database of another application is refused, even by init, and its data is left alone",
          arguments: commands + [["init"], ["demo", "--customers", "3"]])
    func foreignDatabase(_ command: [String]) async throws {
        try await withSandbox(initialised: false) { cli in
            // given
            let path = cli.path("other-app.sqlite")
            try await makeForeignDatabase(at: path)
            let original = try Data(contentsOf: URL(fileURLWithPath: path))
            // when
            let result = try await cli.run(command, db: path)
            // then
            #expect(result.status == 1)
            #expect(result.errorLines == ["error: '\(path)' is an SQLite database but not a Paladin one; refusing to touch it"])
            #expect(try files(cli) == ["other-app.sqlite"])
            // byte for byte: the refusal comes before anything could write to the file
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == original)
        }
    }

    @Test("a workspace that does not exist is named, and nothing is written", arguments: commands)
    func unknownWorkspace(_ command: [String]) async throws {
        try await withSandbox { cli in
            let before = try await cli.snapshot()
            let result = try await cli.run(command + ["--workspace", "nowhere"])
            #expect(result.status == 1)
            #expect(result.errorLines == ["error: no workspace 'nowhere' in this database; create it with `paladin init --workspace nowhere`"])
            #expect(try await cli.snapshot() == before)
        }
    }
}

@Suite("An empty database file")
struct EmptyDatabaseFileCommandTests {
    @Test("an empty file is refused as uninitialised until init migrates it")
    func emptyFile() async throws {
        try await withSandbox(initialised: false) { cli in
            // given
            let path = cli.path("empty.sqlite")
            #expect(FileManager.default.createFile(atPath: path, contents: Data()))
            // when
            let refused = try await cli.run(["customers", "list"], db: path)
            let initialised = try await cli.run(["init"], db: path)
            // then
            #expect(refused.status == 1)
            #expect(refused.errorLines == ["error: database '\(path)' has no Paladin schema yet; run `paladin init --db \(path)`"])
            #expect(initialised.status == 0)
            #expect(try await cli.run(["customers", "list"], db: path).status == 0)
        }
    }
}
