import PaladinCore

/// Where the database lives, parsed from `--db` or `PALADIN_DATABASE_URL`.
public enum DatabaseLocation: Sendable, Hashable, CustomStringConvertible {
    /// An SQLite file.
    case sqliteFile(String)
    /// A private in-memory SQLite database (tests).
    case sqliteMemory
    /// A PostgreSQL server URL.
    case postgres(String)

    /// Parses `PATH`, `sqlite:PATH`, `sqlite://PATH`, `:memory:` or `postgres://…`.
    public init(parsing text: String) throws(StoreError) {
        let trimmed = text.trimmingSpaces
        if trimmed.isEmpty { throw .badLocation(text) }
        if trimmed == ":memory:" || trimmed == "sqlite::memory:" {
            self = .sqliteMemory
        } else if trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://") {
            self = .postgres(trimmed)
            // Read the URL now, so a bad one is refused before anything connects.
            _ = try PostgresServer(url: trimmed)
        } else if trimmed.hasPrefix("sqlite://") {
            self = .sqliteFile(String(trimmed.dropFirst("sqlite://".count)))
        } else if trimmed.hasPrefix("sqlite:") {
            self = .sqliteFile(String(trimmed.dropFirst("sqlite:".count)))
        } else if trimmed.contains("://") {
            throw .badLocation(PostgresServer.redacted(trimmed))
        } else {
            self = .sqliteFile(trimmed)
        }
        if case .sqliteFile(let path) = self, path.isEmpty { throw .badLocation(text) }
    }

    public var description: String {
        switch self {
        case .sqliteFile(let path): return path
        case .sqliteMemory: return ":memory:"
        case .postgres(let url): return PostgresServer.redacted(url)
        }
    }
}
