import Foundation
import PaladinCore
@testable import PaladinStore
import SQLKit
import PaladinTestSupport

/// The instant every store test runs at: 2026-05-28T20:26:40Z.
let testNow = Timestamp(seconds: 1_780_000_000)
let fixedClock = Clock.fixed(testNow)

/// Creates a fresh temporary directory, runs `body` with it and removes it afterwards.
func withTemporaryDirectory<T>(_ body: (URL) async throws -> T) async throws -> T {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("paladin-store-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try await body(directory)
}

/// Opens a database, runs `body`, and closes the database on every path.
/// Without a location, `body` runs once on each test backend (``TestBackends``), each time on a fresh database, and
/// the SQLite run's result is returned.
func withDatabase<T>(
    _ location: DatabaseLocation? = nil, create: Bool = true, _ body: (PaladinDatabase) async throws -> T
) async throws -> T {
    guard let location else {
        var first: T?
        for backend in TestBackends.toRun {
            let result = try await TestBackends.withFresh(backend) { location in
                try await withDatabase(location, create: create, body)
            }
            if first == nil { first = result }
        }
        return first!
    }
    let database = try await PaladinDatabase.open(location, create: create)
    do {
        let result = try await body(database)
        await database.close()
        return result
    } catch {
        await database.close()
        throw error
    }
}

/// Initialises workspace `key` (built-in models, fixed clock) and opens a session in it.
func makeSession(_ database: PaladinDatabase, workspace key: String = "acme", clock: Clock = fixedClock) async throws -> WorkspaceSession {
    _ = try await Setup.initialize(database, workspace: key, clock: clock)
    return try await WorkspaceSession.open(database, workspace: key, clock: clock, actor: "tester")
}

/// A fresh database with an initialised workspace, on each test backend in turn; closed afterwards.
func withSession<T>(workspace key: String = "acme", _ body: (WorkspaceSession) async throws -> T) async throws -> T {
    try await withDatabase { database in
        try await body(try await makeSession(database, workspace: key))
    }
}

/// The error opening `location` throws, or nil when it opens (the database is closed again at once).
func openError(_ location: DatabaseLocation, create: Bool) async -> (any Error)? {
    do {
        let database = try await PaladinDatabase.open(location, create: create)
        await database.close()
        return nil
    } catch {
        return error
    }
}

/// Row counts of every table of the session's workspace.
struct Counts: Equatable, CustomStringConvertible {
    var customers = 0, moves = 0, interactions = 0, markers = 0, followUps = 0, purchases = 0, costs = 0, surveys = 0

    init(_ session: WorkspaceSession) async throws {
        let evidence = EvidenceStore(session.database.sql, workspace: session.workspace.id)
        customers = try await CustomerStore(session.database.sql, workspace: session.workspace.id).count()
        moves = try await evidence.count(.moves)
        interactions = try await evidence.count(.interactions)
        markers = try await evidence.count(.markers)
        followUps = try await evidence.count(.followUps)
        purchases = try await evidence.count(.purchases)
        costs = try await evidence.count(.costs)
        surveys = try await evidence.count(.surveys)
    }

    var description: String {
        "customers \(customers), moves \(moves), interactions \(interactions), markers \(markers), follow-ups \(followUps), "
            + "purchases \(purchases), costs \(costs), surveys \(surveys)"
    }
}

extension WorkspaceSession {
    /// Imports CSV `text` as if read from `source`, with default options.
    @discardableResult
    func importText(_ kind: ImportKind, _ text: String, source: String = "data.csv", skipInvalid: Bool = false) async throws -> ImportOutcome {
        try await importCSV(kind, bytes: Array(text.utf8), source: source, options: ImportOptions(), skipInvalid: skipInvalid)
    }

    /// Adds a customer with the fields most tests need.
    @discardableResult
    func add(_ externalId: String?, _ name: String, owner: String? = nil, tags: [String] = [], email: String? = nil, company: String? = nil) async throws -> Customer {
        try await addCustomer(CustomerDraft(externalId: externalId, name: name, email: email, company: company, owner: owner, tags: tags))
    }

    /// Every exported row of `kind` as CSV text, header included.
    func exportCSV(_ kind: ExportKind) async throws -> String {
        var text = CSVWriter.line(kind.header)
        try await export(kind, pageSize: 7) { rows in
            for row in rows { text += CSVWriter.line(row.map(\.cell)) }
        }
        return text
    }

    /// The customer's stored position in `model`.
    func position(of reference: String, in model: String) async throws -> Position? {
        let customer = try await customer(reference)
        return try await JourneyStore(database.sql, workspace: workspace.id).position(customer: customer.id, model: model)
    }
}
