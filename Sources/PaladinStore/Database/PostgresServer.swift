import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import PostgresNIO
import SQLKit

/// A PostgreSQL server and database from a `postgres://user:pass@host:port/db` URL (`--db` or `PALADIN_DATABASE_URL`).
/// Paladin's own query item `schema=NAME` keeps the tables in that schema (created when missing) instead of the
/// user's default one: a throwaway schema per test, or several installations in one database.
struct PostgresServer: Sendable {
    let configuration: PostgresConnection.Configuration
    /// The schema the tables live in, when not the default search path.
    let schema: String?
    /// The URL without its password, for messages.
    let safeDescription: String

    /// Parses `url`; a bad one is refused with a message that never shows the password.
    /// `withoutSchema` ignores its `schema=` (to connect to the database itself, e.g. to create or drop the schema).
    init(url: String, withoutSchema: Bool = false) throws(StoreError) {
        let safe = PostgresServer.redacted(url)
        guard let components = URLComponents(string: url), components.user?.isEmpty == false,
              components.host?.isEmpty == false
        else {
            throw StoreError.badLocation(safe)
        }
        if let port = components.port, !(1...65_535).contains(port) { throw StoreError.badLocation(safe) }
        let items = components.queryItems ?? []
        let schema = items.last(where: { $0.name == "schema" })?.value
        if let schema, !PostgresServer.isPlainName(schema) {
            throw StoreError.badLocation(safe + " (the schema must be letters, digits and _ only)")
        }
        var plain = components
        plain.queryItems = items.filter { $0.name != "schema" }
        if plain.queryItems?.isEmpty == true { plain.queryItems = nil }
        let parsed: SQLPostgresConfiguration
        do {
            parsed = try SQLPostgresConfiguration(url: plain.string ?? url)
        } catch {
            throw StoreError.badLocation(safe)
        }
        var configuration = parsed.coreConfiguration
        configuration.options.connectTimeout = .seconds(5)
        self.configuration = configuration
        self.schema = withoutSchema ? nil : schema
        self.safeDescription = safe
    }

    /// `url` with its password replaced by `***` (or the whole text hidden when it cannot be read as a URL).
    static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url) else { return "postgres://…" }
        if components.password != nil { components.password = "***" }
        return components.string ?? "postgres://…"
    }

    /// A schema or database name Paladin will put into SQL text: `[A-Za-z_][A-Za-z0-9_]*`, at most 63 characters.
    static func isPlainName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= 63 else { return false }
        let letters = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
        let rest = letters.union(CharacterSet(charactersIn: "0123456789"))
        return letters.contains(first) && name.unicodeScalars.allSatisfy { rest.contains($0) }
    }

    /// Opens one connection, with the search path set to the schema (created when `create`).
    func connect(id: Int, create: Bool, logger: Logger) async throws -> PostgresConnection {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: id, logger: logger
            ).get()
        } catch {
            throw StoreError.database(
                "cannot connect to the PostgreSQL server of PALADIN_DATABASE_URL (or --db) \(safeDescription): \(PostgresServer.reason(error))")
        }
        do {
            if let schema {
                if create { try await connection.sql().raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run() }
                try await connection.sql().raw("SET search_path TO \(ident: schema)").run()
            }
        } catch {
            try? await connection.close()
            throw StoreError.database("PostgreSQL \(safeDescription): \(PostgresServer.reason(error))")
        }
        return connection
    }

    /// The server's own words for a failure (its message and SQLSTATE), never the query's binds.
    static func reason(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                let state = error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
                return message + state
            }
            if let underlying = error.underlying { return "\(error.code): \(underlying)" }
            return "\(error.code)"
        }
        return "\(error)"
    }

    /// Whether `error` is PostgreSQL telling a transaction to start again (a serialisation failure or a deadlock).
    static func isRetryable(_ error: any Error) -> Bool {
        let state: String?
        if let error = error as? PostgresQueryError {
            state = error.sqlState
        } else if let error = error as? PSQLError {
            state = error.serverInfo?[.sqlState]
        } else {
            state = nil
        }
        return state == PostgresError.Code.serializationFailure.raw || state == PostgresError.Code.deadlockDetected.raw
    }
}

/// A statement PostgreSQL refused, in the server's words. (postgres-nio's own error prints only a generic text, so
/// that binds never reach a log; this keeps that promise and still says what went wrong.)
public struct PostgresQueryError: Error, Sendable, CustomStringConvertible {
    /// The SQLSTATE code, e.g. `23505` for a unique violation.
    public let sqlState: String?
    public let message: String

    init(_ error: PSQLError) {
        sqlState = error.serverInfo?[.sqlState]
        message = PostgresServer.reason(error)
    }

    public var description: String { "database error: PostgreSQL: \(message)" }
}

/// PostgreSQL's SQL seam as Paladin's stores expect it: rows whose numbers decode as SQLite's do.
/// PostgreSQL's `SUM` of a `BIGINT` column is a `numeric`, which postgres-kit decodes only as `Double`; the stores ask
/// for an `Int`. And `INTEGER` 0/1 columns read as `Bool` on SQLite. This adapter answers both.
struct PostgresPaladinSQL: SQLDatabase {
    let base: any SQLDatabase

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        base.execute(sql: query) { onRow(PostgresPaladinRow(base: $0)) }.flatMapErrorThrowing { error in
            if let error = error as? PSQLError { throw PostgresQueryError(error) }
            throw error
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        do {
            try await base.execute(sql: query) { onRow(PostgresPaladinRow(base: $0)) }
        } catch let error as PSQLError {
            throw PostgresQueryError(error)
        }
    }
}

/// A PostgreSQL row that decodes a `numeric` as an integer and an integer as a `Bool` (see ``PostgresPaladinSQL``).
struct PostgresPaladinRow: SQLRow {
    let base: any SQLRow

    var allColumns: [String] { base.allColumns }
    func contains(column: String) -> Bool { base.contains(column: column) }
    func decodeNil(column: String) throws -> Bool { try base.decodeNil(column: column) }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        do {
            return try base.decode(column: column, as: D.self)
        } catch {
            if let converted = convert(column: column, as: D.self) { return converted }
            throw error
        }
    }

    /// The value of a non-null cell converted to `D`, or nil when no conversion applies.
    private func convert<D: Decodable>(column: String, as type: D.Type) -> D? {
        func whole() -> Int64? {
            guard let value = try? base.decode(column: column, as: Double.self), value.rounded() == value,
                  abs(value) < 9.0e15
            else { return nil }
            return Int64(value)
        }
        switch D.self {
        case is Int.Type, is Int?.Type:
            guard let value = whole() else { return nil }
            return Int(value) as? D
        case is Int64.Type, is Int64?.Type:
            guard let value = whole() else { return nil }
            return value as? D
        case is Bool.Type, is Bool?.Type:
            guard let number = try? base.decode(column: column, as: Int64.self) else { return nil }
            return (number != 0) as? D
        case is Double.Type, is Double?.Type:
            guard let number = try? base.decode(column: column, as: Int64.self) else { return nil }
            return Double(number) as? D
        default:
            return nil
        }
    }
}
