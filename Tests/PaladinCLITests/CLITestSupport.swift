import Foundation
import PaladinStore
import SQLiteNIO
import SQLKit
import Testing

/// What one run of the `paladin` binary did.
struct RunResult: CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String

    /// The non-empty lines written to stderr.
    var errorLines: [String] { stderr.split(separator: "\n").map(String.init) }

    var description: String { "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
}

/// A temporary directory with its own database, in which the built `paladin` binary is run.
struct Sandbox {
    /// `<package root>/.build/debug/paladin`, built by `swift build --build-tests`.
    static let binary: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/debug/paladin")

    let directory: URL
    /// The database every run uses unless told otherwise.
    var db: String { path("paladin.sqlite") }

    /// A path inside the sandbox.
    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Writes `text` to a file in the sandbox and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path(name)))
        return path(name)
    }

    /// Runs `paladin ARGS --db DB` in the sandbox; `db` picks another database, `withDB: false` passes none.
    func run(_ arguments: [String], db path: String? = nil, withDB: Bool = true, input: String? = nil) async throws -> RunResult {
        try await Self.execute(withDB ? arguments + ["--db", path ?? db] : arguments, in: directory, input: input)
    }

    /// Runs and requires a zero exit status.
    @discardableResult
    func ok(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws -> RunResult {
        let result = try await run(arguments)
        #expect(result.status == 0, "paladin \(arguments.joined(separator: " ")) failed:\n\(result)", sourceLocation: sourceLocation)
        return result
    }

    /// Parses the JSON a command wrote to stdout.
    func json(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws -> Any {
        let result = try await ok(arguments + ["--format", "json"], sourceLocation: sourceLocation)
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    static func execute(_ arguments: [String], in directory: URL, input: String? = nil) async throws -> RunResult {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PALADIN_") }
        environment["USER"] = "cli-tester"
        process.environment = environment
        let outURL = directory.appendingPathComponent(".out-\(UUID().uuidString)")
        let errURL = directory.appendingPathComponent(".err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outURL)
            try? FileManager.default.removeItem(at: errURL)
        }
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        process.standardOutput = out
        process.standardError = err
        if let input {
            let inURL = directory.appendingPathComponent(".in-\(UUID().uuidString)")
            try Data(input.utf8).write(to: inURL)
            process.standardInput = try FileHandle(forReadingFrom: inURL)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        let exited = AsyncStream<Void> { continuation in
            process.terminationHandler = { _ in continuation.finish() }
        }
        try process.run()
        for await _ in exited {}
        try out.close()
        try err.close()
        return RunResult(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }
}

/// Runs `body` in a fresh sandbox (optionally after `paladin init`) and removes it afterwards.
func withSandbox<T>(initialised: Bool = true, _ body: (Sandbox) async throws -> T) async throws -> T {
    try #require(FileManager.default.isExecutableFile(atPath: Sandbox.binary.path),
                 "the paladin binary is missing at \(Sandbox.binary.path); run `swift build --build-tests` first")
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("paladin-cli-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let sandbox = Sandbox(directory: directory)
    if initialised { try await sandbox.ok(["init"]) }
    return try await body(sandbox)
}

/// Everything a command could have written: row counts of every table, model versions and the move history.
struct Snapshot: Equatable {
    var counts: [String: Int]
    var moves: String
    var customers: String
}

extension Sandbox {
    static let tables = [
        "workspaces", "journey_models", "customers", "customer_tags", "moves", "positions", "interactions", "markers_met",
        "follow_ups", "purchases", "costs", "survey_responses",
    ]

    /// The state of the sandbox database, read through the binary's exports and in-process counts.
    func snapshot(sourceLocation: SourceLocation = #_sourceLocation) async throws -> Snapshot {
        let moves = try await ok(["export", "moves"], sourceLocation: sourceLocation).stdout
        let customers = try await ok(["export", "customers"], sourceLocation: sourceLocation).stdout
        let database = try await PaladinDatabase.open(.sqliteFile(db), create: false)
        do {
            var counts: [String: Int] = [:]
            for table in Self.tables {
                let row = try await database.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()
                counts[table] = try row?.decode(column: "n", as: Int.self)
            }
            let versions = try await database.sql.raw("SELECT SUM(version) AS v FROM journey_models").first()
            counts["model versions"] = try versions?.decode(column: "v", as: Int.self)
            await database.close()
            return Snapshot(counts: counts, moves: moves, customers: customers)
        } catch {
            await database.close()
            throw error
        }
    }

    /// Adds a customer with an external id and returns the run.
    @discardableResult
    func addCustomer(_ externalId: String, _ name: String, _ extra: [String] = []) async throws -> RunResult {
        try await ok(["customers", "add", "--name", name, "--external-id", externalId] + extra)
    }
}

/// Creates an SQLite file belonging to another application, with one table and one row.
func makeForeignDatabase(at path: String) async throws {
    let connection = try await SQLiteConnection.open(storage: .file(path: path))
    do {
        _ = try await connection.query("CREATE TABLE other (x)")
        _ = try await connection.query("INSERT INTO other (x) VALUES (42)")
    } catch {
        try await connection.close()
        throw error
    }
    try await connection.close()
}
