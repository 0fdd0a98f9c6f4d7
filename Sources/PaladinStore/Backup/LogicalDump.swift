import Crypto
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// One table's row count and checksum: the same on two databases holding the same rows, whatever the backend or the
/// rows' order (the checksum adds up a SHA-256 of each row, modulo 2^64).
public struct TableSummary: Sendable, Hashable, Codable {
    public let table: String
    public let rows: Int
    public let checksum: String
}

/// A failure of a backup, restore or copy, phrased for the person who ran it.
public struct BackupError: Error, Sendable, CustomStringConvertible {
    public let description: String
}

/// Paladin's portable logical dump: every table of the schema, rows as JSON arrays, one per line, readable by either
/// backend. `paladin backup` writes it, `paladin restore` reads it into an empty database, and `paladin migrate-db`
/// copies a whole installation from one database to another the same way; each verifies the copy by counts and
/// checksums per table.
///
/// Format (UTF-8, one JSON value per line): a header `{"format":"paladin-dump","format_version":1,"schema_version":N}`;
/// per table `{"table":T,"columns":[…],"types":["integer"|"text",…]}` followed by its rows `[v1, v2, …]`; a trailer
/// `{"summaries":[{"table":T,"rows":N,"checksum":"…"},…]}`.
public enum LogicalDump {
    static let format = "paladin-dump"
    static let formatVersion = 1

    /// Every table of the schema, parents before children (the order the migrations create them in).
    static var tables: [String] {
        var tables: [String] = []
        for statement in Migrator.all.flatMap(\.statements) {
            var words = statement.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "(" }).map { $0.uppercased() }
            guard words.count > 2, words[0] == "CREATE" || words[0] == "DROP", words[1] == "TABLE" else { continue }
            let create = words[0] == "CREATE"
            words.removeFirst(2)
            if words.starts(with: ["IF", "NOT", "EXISTS"]) { words.removeFirst(3) }
            if words.starts(with: ["IF", "EXISTS"]) { words.removeFirst(2) }
            guard let name = words.first?.lowercased() else { continue }
            tables.removeAll { $0 == name }
            if create { tables.append(name) }
        }
        return tables.filter { !derivedTables.contains($0) }
    }

    /// Tables that triggers keep from others (M016): left out of a dump, rebuilt as the restore writes their sources.
    static let derivedTables: Set<String> = ["stage_counts"]

    /// A column and whether it holds integers (else text).
    struct Column: Sendable {
        let name: String
        let integer: Bool
    }

    /// The columns of `table`, in order, from the database's own catalog.
    static func columns(of table: String, _ sql: any SQLDatabase) async throws -> [Column] {
        let query: SQLQueryString = DatabaseBackend(sql) == .sqlite
            ? "SELECT name AS name, type AS type FROM pragma_table_info(\(bind: table)) ORDER BY cid"
            : """
              SELECT column_name AS name, data_type AS type FROM information_schema.columns
              WHERE table_schema = current_schema() AND table_name = \(bind: table) ORDER BY ordinal_position
              """
        let columns = try await sql.raw(query).all().map { row in
            let name = try row.decode(column: "name", as: String.self)
            let type = try row.decode(column: "type", as: String.self).uppercased()
            // Paladin's schema has integers and texts only; anything else would not survive the dump as it is.
            guard type.contains("INT") || type.contains("TEXT") || type.contains("CHAR") else {
                throw BackupError(description: "column \(table).\(name) has type \(type), which backups do not handle yet")
            }
            return Column(name: name, integer: type.contains("INT"))
        }
        guard !columns.isEmpty else { throw BackupError(description: "the database has no table '\(table)'") }
        return columns
    }

    /// Every row of `table` (streamed to `onRow`, in no particular order).
    static func rows(
        of table: String, columns: [Column], _ sql: any SQLDatabase, _ onRow: @escaping @Sendable ([DatabaseValue]) -> Void
    ) async throws {
        let list = columns.map(\.name).joined(separator: ", ")
        // Table and column names come from the schema's own catalog, never from input.
        try await sql.raw("SELECT \(unsafeRaw: list) FROM \(unsafeRaw: table)").run { row in
            var values: [DatabaseValue] = []
            values.reserveCapacity(columns.count)
            for column in columns {
                if column.integer {
                    values.append(.integer((try? row.decode(column: column.name, as: Int64?.self)) ?? nil))
                } else {
                    values.append(.text((try? row.decode(column: column.name, as: String?.self)) ?? nil))
                }
            }
            onRow(values)
        }
    }

    /// Adds up a row's digest into a checksum.
    struct Checksum: Sendable {
        var rows = 0
        var sum: UInt64 = 0

        mutating func add(_ row: [DatabaseValue]) {
            var text = ""
            for value in row {
                switch value {
                case .integer(let number): text += "i\(number)|"
                case .text(let string): text += "t\(string.utf8.count):\(string)|"
                case .null: text += "n|"
                }
            }
            let digest = Array(SHA256.hash(data: Data(text.utf8)))
            let part = digest.prefix(8).reduce(UInt64(0)) { ($0 << 8) | UInt64($1) }
            sum = sum &+ part
            rows += 1
        }

        func summary(_ table: String) -> TableSummary {
            TableSummary(table: table, rows: rows, checksum: String(format: "%016llx", sum))
        }
    }

    /// Counts and checksums of every table, read in one transaction (a consistent view).
    public static func summaries(_ database: PaladinDatabase) async throws -> [TableSummary] {
        try await database.transaction { sql in
            var result: [TableSummary] = []
            for table in tables {
                let columns = try await columns(of: table, sql)
                let box = NIOLockedValueBox(Checksum())
                try await rows(of: table, columns: columns, sql) { row in box.withLockedValue { $0.add(row) } }
                result.append(box.withLockedValue { $0 }.summary(table))
            }
            return result
        }
    }

    /// Writes every table of `database` to `file`, read in one transaction: a consistent backup while the database
    /// stays in use (SQLite: writers wait for the read; PostgreSQL: a serialisable snapshot, writers go on).
    /// Returns each table's count and checksum (also written at the end of the file).
    @discardableResult
    public static func write(_ database: PaladinDatabase, to file: URL) async throws -> [TableSummary] {
        guard FileManager.default.createFile(atPath: file.path, contents: nil),
              let handle = try? FileHandle(forWritingTo: file)
        else {
            throw BackupError(description: "cannot write the backup file '\(file.path)'")
        }
        let output = LineWriter(handle: handle)
        do {
            let summaries = try await database.transaction { sql in
                output.write(json: ["format": format, "format_version": formatVersion, "schema_version": Migrator.latest])
                var summaries: [TableSummary] = []
                for table in tables {
                    let columns = try await columns(of: table, sql)
                    output.write(json: ["table": table, "columns": columns.map(\.name), "types": columns.map { $0.integer ? "integer" : "text" }])
                    let box = NIOLockedValueBox(Checksum())
                    try await rows(of: table, columns: columns, sql) { row in
                        box.withLockedValue { $0.add(row) }
                        output.write(row: row)
                    }
                    summaries.append(box.withLockedValue { $0 }.summary(table))
                }
                output.write(json: ["summaries": summaries.map { ["table": $0.table, "rows": $0.rows, "checksum": $0.checksum] as [String: Any] }])
                return summaries
            }
            try output.finish()
            return summaries
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: file)
            throw error
        }
    }

    /// Reads a backup written by ``write(_:to:)`` into `database`, which must be empty (no workspace, no member) and
    /// at the backup's schema version; all of it in one transaction, then checked against the backup's counts and
    /// checksums. A bad file names its line and changes nothing.
    @discardableResult
    /// An SQLite file written by ``SQLiteBackup/write(_:to:)`` restores the same way, copied table by table.
    public static func restore(_ database: PaladinDatabase, from file: URL) async throws -> [TableSummary] {
        if SQLiteBackup.isSQLite(file) {
            return try await SQLiteBackup.withCopy(of: file) { source in try await copy(from: source, to: database) }
        }
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw BackupError(description: "cannot read the backup file '\(file.path)'")
        }
        let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        @Sendable func object(_ index: Int) throws -> [String: Any] {
            guard index < lines.count, let value = try? JSONSerialization.jsonObject(with: Data(lines[index])) as? [String: Any] else {
                throw BackupError(description: "\(file.lastPathComponent):\(index + 1): not a Paladin backup line")
            }
            return value
        }
        let header = try object(0)
        guard header["format"] as? String == format, header["format_version"] as? Int == formatVersion else {
            throw BackupError(description: "\(file.lastPathComponent):1: not a Paladin backup (format \(formatVersion) expected)")
        }
        let version = header["schema_version"] as? Int ?? -1
        guard version == Migrator.latest else {
            throw BackupError(description: "the backup has schema version \(version) but this Paladin's is \(Migrator.latest); restore it with the Paladin that wrote it")
        }
        try await requireEmpty(database)
        let expected: [TableSummary] = try await database.transaction { sql in
            var index = 1
            var expected: [TableSummary] = []
            while index < lines.count {
                if lines[index].isEmpty { index += 1; continue }
                let line = try object(index)
                if let summaries = line["summaries"] as? [[String: Any]] {
                    expected = summaries.map {
                        TableSummary(table: $0["table"] as? String ?? "", rows: $0["rows"] as? Int ?? -1, checksum: $0["checksum"] as? String ?? "")
                    }
                    break
                }
                guard let table = line["table"] as? String, tables.contains(table), let names = line["columns"] as? [String],
                      let types = line["types"] as? [String], types.count == names.count
                else {
                    throw BackupError(description: "\(file.lastPathComponent):\(index + 1): a table header was expected")
                }
                index += 1
                var rows: [[DatabaseValue]] = []
                while index < lines.count, lines[index].first == UInt8(ascii: "[") {
                    guard let array = try? JSONSerialization.jsonObject(with: Data(lines[index])) as? [Any], array.count == names.count else {
                        throw BackupError(description: "\(file.lastPathComponent):\(index + 1): a row of \(names.count) values was expected")
                    }
                    rows.append(try zip(array, types).map { value, type in
                        if value is NSNull { return .null }
                        if type == "integer", let number = value as? NSNumber { return .integer(number.int64Value) }
                        if type == "text", let text = value as? String { return .text(text) }
                        throw BackupError(description: "\(file.lastPathComponent):\(index + 1): a value does not match its column's type")
                    })
                    index += 1
                }
                try await insert(rows, into: table, columns: names, sql, database)
            }
            return expected
        }
        let restored = try await summaries(database)
        if !expected.isEmpty, restored != expected {
            throw BackupError(description: "the restored database differs from the backup: \(differences(expected, restored))")
        }
        return restored
    }

    /// Copies every table of `source` into `target` (empty, at the same schema version) in one transaction of each,
    /// then compares counts and checksums per table. Returns the source's.
    @discardableResult
    public static func copy(from source: PaladinDatabase, to target: PaladinDatabase) async throws -> [TableSummary] {
        try await requireEmpty(target)
        let batches = NIOLockedValueBox<[(String, [String], [[DatabaseValue]])]>([])
        let expected = try await source.transaction { sql in
            var summaries: [TableSummary] = []
            for table in tables {
                let columns = try await columns(of: table, sql)
                let box = NIOLockedValueBox((Checksum(), [[DatabaseValue]]()))
                try await rows(of: table, columns: columns, sql) { row in box.withLockedValue { $0.0.add(row); $0.1.append(row) } }
                let (checksum, rows) = box.withLockedValue { $0 }
                summaries.append(checksum.summary(table))
                batches.withLockedValue { $0.append((table, columns.map(\.name), rows)) }
            }
            return summaries
        }
        let all = batches.withLockedValue { $0 }
        try await target.transaction { sql in
            for (table, columns, rows) in all { try await insert(rows, into: table, columns: columns, sql, target) }
        }
        let copied = try await summaries(target)
        if copied != expected {
            throw BackupError(description: "the copy differs from the source: \(differences(expected, copied))")
        }
        return expected
    }

    /// Inserts rows; `paladin_meta` replaces the new database's own rows.
    private static func insert(
        _ rows: [[DatabaseValue]], into table: String, columns: [String], _ sql: any SQLDatabase, _ database: PaladinDatabase
    ) async throws {
        if table == "paladin_meta" { try await sql.raw("DELETE FROM paladin_meta").run() }
        try await database.rows.insert(into: table, columns: columns, rows: rows)
    }

    /// Refuses a database that already holds data (only its empty schema may be there).
    private static func requireEmpty(_ database: PaladinDatabase) async throws {
        for table in ["workspaces", "members"] {
            let count = try await database.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()?.decode(column: "n", as: Int.self) ?? 0
            if count > 0 {
                throw BackupError(description: "the database \(database.location) is not empty (it has \(table)); restore or copy only into a new one")
            }
        }
    }

    private static func differences(_ expected: [TableSummary], _ found: [TableSummary]) -> String {
        let found = Dictionary(found.map { ($0.table, $0) }, uniquingKeysWith: { a, _ in a })
        return expected.filter { found[$0.table] != $0 }.map { summary in
            let other = found[summary.table]
            return "\(summary.table) has \(other?.rows ?? 0) rows (checksum \(other?.checksum ?? "none")) instead of \(summary.rows) (\(summary.checksum))"
        }.joined(separator: "; ")
    }
}

/// Buffered lines to a file, written from the rows' callback.
private final class LineWriter: @unchecked Sendable {
    private let handle: FileHandle
    private let lock = NIOLock()
    private var buffer = Data()
    private var failure: (any Error)?

    init(handle: FileHandle) { self.handle = handle }

    func write(json object: Any) {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        append(data)
    }

    func write(row: [DatabaseValue]) {
        let values: [Any] = row.map { value -> Any in
            switch value {
            case .integer(let number): return NSNumber(value: number)
            case .text(let text): return text
            case .null: return NSNull()
            }
        }
        write(json: values)
    }

    private func append(_ data: Data) {
        lock.withLock {
            buffer.append(data)
            buffer.append(UInt8(ascii: "\n"))
            if buffer.count > 1 << 20 { flush() }
        }
    }

    private func flush() {
        do { try handle.write(contentsOf: buffer) } catch { failure = failure ?? error }
        buffer.removeAll(keepingCapacity: true)
    }

    func finish() throws {
        try lock.withLock {
            flush()
            try handle.close()
            if let failure { throw BackupError(description: "cannot write the backup: \(failure)") }
        }
    }
}
