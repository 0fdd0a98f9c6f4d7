import Foundation
import Logging
import PostgresKit
import PostgresNIO
import SQLKit

/// Schemas on a PostgreSQL server, each a whole Paladin database of its own (`postgres://…?schema=NAME`):
/// throwaway ones for tests, a fresh one to restore into.
public enum PostgresSchemas {
    /// Creates a new, empty schema named `prefix` and a random suffix on the server of `url`, and returns its location
    /// (with `pool` connections for statements outside transactions, when given).
    public static func createFresh(url: String, prefix: String = "paladin", pool: Int? = nil) async throws -> DatabaseLocation {
        let name = "\(prefix)_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20))"
        try await withConnection(url) { sql in try await sql.raw("CREATE SCHEMA \(ident: name)").run() }
        var components = URLComponents(string: url)
        var items = (components?.queryItems ?? []).filter { $0.name != "schema" && (pool == nil || $0.name != "pool") }
        items.append(URLQueryItem(name: "schema", value: name))
        if let pool { items.append(URLQueryItem(name: "pool", value: String(pool))) }
        components?.queryItems = items
        guard let text = components?.string else { throw StoreError.badLocation(PostgresServer.redacted(url)) }
        return .postgres(text)
    }

    /// Drops the schema of `location` and everything in it (nothing for other locations).
    public static func drop(_ location: DatabaseLocation) async throws {
        guard case .postgres(let url) = location, let schema = try PostgresServer(url: url).schema else { return }
        try await withConnection(url) { sql in try await sql.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run() }
    }

    private static func withConnection(_ url: String, _ body: (any SQLDatabase) async throws -> Void) async throws {
        let plain = try PostgresServer(url: url, withoutSchema: true)
        let connection = try await plain.connect(id: 0, create: false, logger: Logger(label: "paladin.store"))
        do {
            try await body(connection.sql())
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }
}
