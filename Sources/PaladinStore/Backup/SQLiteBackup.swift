import Foundation
import SQLKit

/// Backups of an SQLite database as an SQLite file: `VACUUM INTO`, SQLite's consistent online copy (it reads one
/// snapshot while the database stays in use, and writes a compact file that opens as it is).
public enum SQLiteBackup {
    /// The first 16 bytes of every SQLite file.
    static let header = Array("SQLite format 3\u{0}".utf8)

    /// Writes a copy of `database` (SQLite only) to `file`, replacing it.
    @discardableResult
    public static func write(_ database: PaladinDatabase, to file: URL) async throws -> [TableSummary] {
        guard database.backend == .sqlite else {
            throw BackupError(description: "an SQLite copy is only made of an SQLite database; use the portable backup for PostgreSQL")
        }
        if FileManager.default.fileExists(atPath: file.path) {
            do { try FileManager.default.removeItem(at: file) } catch {
                throw BackupError(description: "cannot replace the backup file '\(file.path)'")
            }
        }
        do {
            try await database.sql.raw("VACUUM INTO \(bind: file.path)").run()
        } catch {
            throw BackupError(description: "cannot write the backup file '\(file.path)': \(error)")
        }
        // Read back from the copy: what is in the file, not what the database had a moment later.
        return try await withCopy(of: file) { try await LogicalDump.summaries($0) }
    }

    /// Whether `file` is an SQLite file.
    static func isSQLite(_ file: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: file) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: header.count)).map { Array($0) == header } ?? false
    }

    /// Opens a temporary copy of the SQLite backup `file` (so the backup itself is never changed) for `body`.
    static func withCopy<T>(of file: URL, _ body: (PaladinDatabase) async throws -> T) async throws -> T {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("paladin-restore-\(UUID().uuidString).sqlite")
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy.path + suffix) } }
        do { try FileManager.default.copyItem(at: file, to: copy) } catch {
            throw BackupError(description: "cannot read the backup file '\(file.path)'")
        }
        let source = try await PaladinDatabase.open(.sqliteFile(copy.path), create: false)
        do {
            let result = try await body(source)
            await source.close()
            return result
        } catch {
            await source.close()
            throw error
        }
    }
}
