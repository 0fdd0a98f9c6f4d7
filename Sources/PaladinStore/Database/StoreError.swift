import PaladinCore

/// A failure of the store, phrased for the person who ran the command.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// The database file does not exist (and the command does not create one).
    case missingDatabase(path: String)
    /// The file exists but is not an SQLite database, or is damaged.
    case corruptDatabase(path: String, detail: String)
    /// A valid database that does not belong to Paladin.
    case foreignDatabase(path: String)
    /// A Paladin database that has not been initialised.
    case uninitialised(path: String)
    /// A database written by a newer Paladin.
    case newerSchema(found: Int, known: Int)
    /// A Paladin database with an older schema that `paladin init` migrates.
    case olderSchema(path: String, found: Int, latest: Int)
    /// The location string is not understood.
    case badLocation(String)
    /// Any other database failure.
    case database(String)

    public var description: String {
        switch self {
        case .missingDatabase(let path):
            return "database '\(path)' does not exist; create it with `paladin init --db \(path)`"
        case .corruptDatabase(let path, let detail):
            return "'\(path)' is not a readable SQLite database (\(detail))"
        case .foreignDatabase(let path):
            return "'\(path)' is an SQLite database but not a Paladin one; refusing to touch it"
        case .uninitialised(let path):
            return "database '\(path)' has no Paladin schema yet; run `paladin init --db \(path)`"
        case .newerSchema(let found, let known):
            return "the database has schema version \(found) but this Paladin knows only up to \(known); upgrade Paladin"
        case .olderSchema(let path, let found, let latest):
            return "database '\(path)' has schema version \(found); migrate it to version \(latest) with `paladin init --db \(path)`"
        case .badLocation(let text):
            return "cannot understand database location '\(text)': use a file path, sqlite:PATH, :memory: or postgres://USER:PASSWORD@HOST:PORT/DATABASE"
        case .database(let message):
            return "database error: \(message)"
        }
    }
}
