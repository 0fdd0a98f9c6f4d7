import Logging
import NIOConcurrencyHelpers
import NIOCore
import SQLKit

/// `PaladinDatabase.sql`: statements outside a transaction, kept out of everyone else's transaction.
///
/// SQLite allows one writer. Paladin's writer connection runs one transaction at a time (the gate); before this
/// type, a statement made outside a transaction went to that same connection and so ran *inside* whatever
/// transaction was open at that moment — seeing its uncommitted rows, or being rolled back with it. Now:
/// - inside a transaction of this database (the same task), a statement runs on the transaction's connection, as
///   the code there expects;
/// - a `SELECT` outside one runs on a read-only connection (WAL lets readers see the last commit while a write
///   goes on), several of them in turn, so reads no longer wait for writes or for each other;
/// - anything else outside a transaction waits at the gate and runs alone on the writer, in autocommit.
struct GatedSQLDatabase: SQLDatabase {
    /// The task-local mark of "inside a transaction of database N" (its identity).
    @TaskLocal static var transactionOf: ObjectIdentifier?

    let owner: ObjectIdentifier
    let writer: any SQLDatabase
    let readers: [any SQLDatabase]
    let gate: TransactionGate
    /// PostgreSQL: every statement outside a transaction may run on any pooled connection (the server orders
    /// writes itself); SQLite: only reads, writes wait at the gate.
    let readersTakeWrites: Bool
    private let next = NIOLockedValueBox(0)

    init(
        owner: ObjectIdentifier, writer: any SQLDatabase, readers: [any SQLDatabase], gate: TransactionGate,
        readersTakeWrites: Bool = false
    ) {
        self.owner = owner
        self.writer = writer
        self.readers = readers
        self.gate = gate
        self.readersTakeWrites = readersTakeWrites
    }

    var logger: Logger { writer.logger }
    var eventLoop: any EventLoop { writer.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { writer.version }
    var dialect: any SQLDialect { writer.dialect }
    var queryLogLevel: Logger.Level? { writer.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        eventLoop.makeFutureWithTask { try await self.execute(sql: query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        if Self.transactionOf == owner {
            return try await writer.execute(sql: query, onRow)
        }
        if !readers.isEmpty, readersTakeWrites || isRead(query) {
            let index = next.withLockedValue { value in
                defer { value = (value + 1) % readers.count }
                return value
            }
            return try await readers[index].execute(sql: query, onRow)
        }
        try await gate.run { try await writer.execute(sql: query, onRow) }
    }

    /// A plain `SELECT` (the only statements a read-only connection is given; they refuse any write anyway).
    private func isRead(_ query: any SQLExpression) -> Bool {
        var serializer = SQLSerializer(database: writer)
        query.serialize(to: &serializer)
        let text = serializer.sql.drop(while: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "(" })
        return text.prefix(6).uppercased() == "SELECT"
    }
}
