import Foundation
import Logging
import PostgresKit
import PostgresNIO
import SQLKit

/// The server behind a ``PaladinDatabase``.
public enum DatabaseBackend: String, Sendable, Hashable, CaseIterable {
    case sqlite
    case postgres
}

/// PostgreSQL's connections of one ``PaladinDatabase``: one for its transactions, a few for everything else.
struct PostgresConnections: Sendable {
    let writer: PostgresConnection
    let pool: [PostgresConnection]

    func close() async {
        for connection in pool + [writer] { try? await connection.close() }
    }
}

extension PaladinDatabase {
    /// How many connections serve statements outside a transaction, unless the URL says `pool=N` (1–32).
    static let defaultPostgresPool = 4

    /// Connects to the server of `url`, checks (and with `create` migrates) its schema.
    static func openPostgres(
        _ url: String, location: DatabaseLocation, create: Bool, logger: Logger
    ) async throws -> PaladinDatabase {
        let server = try PostgresServer(url: url)
        let poolText = URLComponents(string: url)?.queryItems?.last(where: { $0.name == "pool" })?.value
        var poolSize = defaultPostgresPool
        if let poolText {
            guard let size = Int(poolText), (1...32).contains(size) else {
                throw StoreError.badLocation(server.safeDescription + " (pool must be a number from 1 to 32)")
            }
            poolSize = size
        }
        var opened: [PostgresConnection] = []
        do {
            for index in 0...poolSize {
                opened.append(try await server.connect(id: index, create: create && index == 0, logger: logger))
            }
        } catch {
            for connection in opened { try? await connection.close() }
            throw error
        }
        let connections = PostgresConnections(writer: opened[0], pool: Array(opened.dropFirst()))
        let database = PaladinDatabase(postgres: connections, location: location)
        do {
            database.appliedMigrations = try await Migrator.check(database, create: create)
        } catch {
            await database.close()
            throw error
        }
        return database
    }

    /// How often a PostgreSQL transaction is tried when the server reports a serialisation failure or deadlock.
    static let postgresAttempts = 30

    /// A PostgreSQL transaction: SERIALIZABLE on the transactions' connection, one at a time in this process (as on
    /// SQLite), tried again from the start when the server says another process's transaction got in the way.
    func postgresTransaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await writer.run {
            let sql = self.writerSQL
            var attempt = 1
            while true {
                try await sql.raw("BEGIN ISOLATION LEVEL SERIALIZABLE").run()
                do {
                    let result = try await GatedSQLDatabase.$transactionOf.withValue(ObjectIdentifier(self.writer)) {
                        try await body(sql)
                    }
                    try await sql.raw("COMMIT").run()
                    return result
                } catch {
                    try? await sql.raw("ROLLBACK").run()
                    if attempt < Self.postgresAttempts, PostgresServer.isRetryable(error) {
                        attempt += 1
                        // A random wait that grows (to 250 ms at most), so two processes that collided do not
                        // collide again at the next attempt.
                        let ceiling = min(250, 2 << min(attempt, 7))
                        try await Task.sleep(nanoseconds: UInt64(Int.random(in: 1...ceiling)) * 1_000_000)
                        continue
                    }
                    throw error
                }
            }
        }
    }

    /// The names of the tables in the database (PostgreSQL: in its current schema), to tell Paladin's from others'.
    func tableNames() async throws -> [String] {
        let query: SQLQueryString = backend == .sqlite
            // The full-text index's shadow tables (customer_search_data, …) are part of its virtual table.
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'customer_search_%'"
            : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()"
        return try await sql.raw(query).all().compactMap { try? $0.decode(column: "name", as: String.self) }
    }
}

extension DatabaseBackend {
    /// The backend `sql` talks to, from its dialect (for the rare statement each backend writes its own way).
    init(_ sql: any SQLDatabase) {
        self = sql.dialect.name == "postgresql" ? .postgres : .sqlite
    }
}
