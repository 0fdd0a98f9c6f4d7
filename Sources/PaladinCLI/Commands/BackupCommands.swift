import ArgumentParser
import Foundation
import PaladinStore

/// Prints each table's row count and checksum.
private func printSummaries(_ summaries: [TableSummary]) {
    let width = max(5, summaries.map(\.table.count).max() ?? 0)
    Output.line("table".padding(toLength: width, withPad: " ", startingAt: 0) + "  rows        checksum")
    for summary in summaries where summary.rows > 0 || summary.table.hasPrefix("paladin_") {
        let rows = String(summary.rows)
        Output.line(summary.table.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
            + rows.padding(toLength: 10, withPad: " ", startingAt: 0) + "  " + summary.checksum)
    }
}

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent backup of the whole database (every workspace) to FILE, while it stays in use.",
        discussion: """
            The backup is Paladin's portable logical dump (JSON lines), the same for SQLite and PostgreSQL, so a backup \
            of one restores into the other. It ends with each table's row count and checksum, which `paladin restore` \
            checks. With --format sqlite, an SQLite database is copied as an SQLite file instead (which also restores \
            into either backend).
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The backup file to write (replaced if it exists).") var file: String
    @Option(help: "portable (JSON lines, either backend) or sqlite (an SQLite file by VACUUM INTO; SQLite databases only).")
    var format = "portable"

    func validate() throws {
        guard ["portable", "sqlite"].contains(format) else { throw ValidationError("--format: use portable or sqlite") }
    }

    func run() async throws {
        try await global.withDatabase { database in
            let url = URL(fileURLWithPath: file)
            let summaries = format == "sqlite"
                ? try await SQLiteBackup.write(database, to: url) : try await LogicalDump.write(database, to: url)
            printSummaries(summaries)
            Output.line("\(database.location): backed up \(summaries.map(\.rows).reduce(0, +)) rows of \(summaries.count) tables to \(file)")
        }
    }
}

struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup written by `paladin backup` into an empty database (created when missing), and verify it.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The backup file to read.") var file: String

    func run() async throws {
        try await global.withDatabase(create: true) { database in
            let summaries = try await LogicalDump.restore(database, from: URL(fileURLWithPath: file))
            printSummaries(summaries)
            Output.line("\(database.location): restored \(summaries.map(\.rows).reduce(0, +)) rows from \(file); counts and checksums match the backup")
        }
    }
}

struct MigrateDatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-db",
        abstract: "Copy a whole installation from one database to another (e.g. SQLite to PostgreSQL), and verify it.",
        discussion: "The target must be empty (it is created and migrated when missing). Counts and checksums per table are compared.")

    @Option(help: "The source database (a file path, sqlite:PATH or postgres://…).") var from: String
    @Option(help: "The target database, empty (a file path, sqlite:PATH or postgres://…).") var to: String

    func run() async throws {
        try await CommandFailure.mapping {
            let source = try await PaladinDatabase.open(try DatabaseLocation(parsing: from), create: false)
            do {
                let target = try await PaladinDatabase.open(try DatabaseLocation(parsing: to), create: true)
                do {
                    let summaries = try await LogicalDump.copy(from: source, to: target)
                    printSummaries(summaries)
                    Output.line("copied \(summaries.map(\.rows).reduce(0, +)) rows from \(source.location) to \(target.location); counts and checksums match")
                } catch {
                    await target.close()
                    throw error
                }
                await target.close()
            } catch {
                await source.close()
                throw error
            }
            await source.close()
        }
    }
}
