import SQLKit
import SQLiteNIO
import PostgresNIO

/// A value written by a bulk insert.
public enum DatabaseValue: Sendable, Hashable {
    case integer(Int64)
    case text(String)
    case null

    /// Text, or null when nil.
    static func text(_ value: String?) -> DatabaseValue { value.map { .text($0) } ?? .null }
    /// An integer, or null when nil.
    static func integer(_ value: Int64?) -> DatabaseValue { value.map { .integer($0) } ?? .null }
}

/// Inserts many rows at once. Every store writes bulk rows through this seam, so a backend can use its fastest path.
public protocol RowWriter: Sendable {
    /// Inserts `rows` (values in `columns` order) into `table`.
    func insert(into table: String, columns: [String], rows: [[DatabaseValue]]) async throws
}

/// The portable writer: multi-row INSERTs built with SQLKit.
struct SQLRowWriter: RowWriter {
    let sql: any SQLDatabase

    func insert(into table: String, columns: [String], rows: [[DatabaseValue]]) async throws {
        for chunk in rows.chunked(into: max(1, 4_000 / columns.count)) {
            var insert = sql.insert(into: table).columns(columns)
            for row in chunk {
                insert = insert.values(row.map { value -> any SQLExpression in
                    switch value {
                    case .integer(let number): return SQLBind(number)
                    case .text(let text): return SQLBind(text)
                    case .null: return SQLLiteral.null
                    }
                })
            }
            try await insert.run()
        }
    }
}

/// SQLite's fast path: the same multi-row INSERTs, with values handed to the connection as they are,
/// skipping SQLKit's per-value encoding (a third of the time of a large import).
struct SQLiteRowWriter: RowWriter {
    let connection: SQLiteConnection

    func insert(into table: String, columns: [String], rows: [[DatabaseValue]]) async throws {
        let perStatement = max(1, 16_000 / columns.count)
        let placeholders = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
        let prefix = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        var fullStatement: String?
        for chunk in rows.chunked(into: perStatement) {
            let statement: String
            if chunk.count == perStatement, let cached = fullStatement {
                statement = cached
            } else {
                statement = prefix + Array(repeating: placeholders, count: chunk.count).joined(separator: ",")
                if chunk.count == perStatement { fullStatement = statement }
            }
            var binds: [SQLiteData] = []
            binds.reserveCapacity(chunk.count * columns.count)
            for row in chunk {
                for value in row {
                    switch value {
                    case .integer(let number): binds.append(.integer(Int(number)))
                    case .text(let text): binds.append(.text(text))
                    case .null: binds.append(.null)
                    }
                }
            }
            try await connection.query(statement, binds) { _ in }
        }
    }
}

extension DatabaseValue {
    /// An integer.
    static func of(_ value: Int64) -> DatabaseValue { .integer(value) }
    /// An integer, or null.
    static func of(_ value: Int64?) -> DatabaseValue { value.map { .integer($0) } ?? .null }
    /// An integer.
    static func of(_ value: Int) -> DatabaseValue { .integer(Int64(value)) }
    /// A text.
    static func of(_ value: String) -> DatabaseValue { .text(value) }
    /// A text, or null.
    static func of(_ value: String?) -> DatabaseValue { value.map { .text($0) } ?? .null }
}

/// PostgreSQL's fast path: multi-row INSERTs with values bound straight into postgres-nio's bindings (SQLKit's
/// per-value encoding costs more than the server's work). Inside a transaction of the database the rows go to the
/// transaction's connection, outside one to a pooled connection, as every other statement does.
struct PostgresRowWriter: RowWriter {
    let owner: ObjectIdentifier
    let writer: PostgresConnection
    let pool: [PostgresConnection]

    func insert(into table: String, columns: [String], rows: [[DatabaseValue]]) async throws {
        let connection = GatedSQLDatabase.transactionOf == owner ? writer : (pool.randomElement() ?? writer)
        // PostgreSQL takes at most 65,535 parameters a statement.
        let perStatement = max(1, 30_000 / max(1, columns.count))
        let prefix = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        for chunk in rows.chunked(into: perStatement) {
            var text = prefix
            var bindings = PostgresBindings(capacity: chunk.count * columns.count)
            var number = 0
            for (index, row) in chunk.enumerated() {
                text += index == 0 ? "(" : ",("
                for (position, value) in row.enumerated() {
                    number += 1
                    text += position == 0 ? "$\(number)" : ",$\(number)"
                    switch value {
                    case .integer(let integer): bindings.append(integer)
                    case .text(let string): bindings.append(string)
                    case .null: bindings.appendNull()
                    }
                }
                text += ")"
            }
            do {
                let result = try await connection.query(PostgresQuery(unsafeSQL: text, binds: bindings), logger: connection.logger)
                for try await _ in result {}
            } catch let error as PSQLError {
                throw PostgresQueryError(error)
            }
        }
    }
}
