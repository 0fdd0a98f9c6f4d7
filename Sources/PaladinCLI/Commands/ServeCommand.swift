import ArgumentParser
import Foundation
import PaladinServer
import PaladinStore

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the JSON API over HTTP until SIGINT or SIGTERM.",
        discussion: "Creates or migrates the database. --demo fills an empty workspace with the demo and the demo owner demo@example.com (password paladin-demo).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Address to listen on (default: $PALADIN_HOST, else 127.0.0.1).") var host: String?
    @Option(help: "Port (default: $PALADIN_PORT, else 8080).") var port: Int?
    @Flag(help: "Fill an empty workspace with the demo and create the demo sign-in.") var demo = false
    @Option(help: "Largest CSV body of POST /api/v1/imports/{kind}, in bytes (default: $PALADIN_MAX_IMPORT_BYTES, else 64 MiB).")
    var maxImportBytes: Int?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        if let problem = Self.productionProblem(environment: environment, db: global.db, host: host, port: port, demo: demo) {
            Output.error(problem)
            throw ExitCode.failure
        }
        let host = self.host ?? environment["PALADIN_HOST"] ?? "127.0.0.1"
        guard let port = self.port ?? (environment["PALADIN_PORT"].map { Int($0) } ?? 8080), (0...65535).contains(port) else {
            Output.error("--port (or $PALADIN_PORT): not a port number from 0 to 65535")
            throw ExitCode.failure
        }
        let importLimit = self.maxImportBytes ?? environment["PALADIN_MAX_IMPORT_BYTES"].flatMap { Int($0) }
        if environment["PALADIN_MAX_IMPORT_BYTES"] != nil || self.maxImportBytes != nil {
            guard let importLimit, importLimit > 0 else {
                Output.error("--max-import-bytes (or $PALADIN_MAX_IMPORT_BYTES): not a positive number of bytes")
                throw ExitCode.failure
            }
        }
        let configuration = ServerConfiguration(
            host: host, port: port, maxImportBytes: importLimit ?? ServerConfiguration.defaultMaxImportBytes)
        // withDatabase closes the connection on every path, after the server has stopped.
        try await global.withDatabase(create: true) { database in
            if demo {
                let filled = try await DemoSignIn.prepare(database, workspace: global.workspaceKey, hasher: BcryptPasswordHasher())
                Output.note("\(filled ? "Created" : "Kept") the demo workspace '\(global.workspaceKey)'. Sign-in: \(DemoSignIn.email) / \(DemoSignIn.password)")
                Output.note("API token: paladin tokens create --db \(global.location) --member \(DemoSignIn.email) --name mine")
            }
            Output.note("Paladin on http://\(host):\(port) (database \(database.location)); stop with Ctrl-C")
            try await runServer(configuration: configuration, database: database)
        }
    }

    /// With `PALADIN_ENV=production`, nothing is left to a default: the database, the address and the port must be
    /// given (flag or environment), and `--demo` is refused. Returns the message naming what is missing, or nil.
    static func productionProblem(environment: [String: String], db: String?, host: String?, port: Int?, demo: Bool) -> String? {
        guard environment["PALADIN_ENV"] == "production" else { return nil }
        var missing: [String] = []
        if db == nil, environment["PALADIN_DATABASE_URL"] == nil { missing.append("PALADIN_DATABASE_URL (or --db)") }
        if host == nil, environment["PALADIN_HOST"] == nil { missing.append("PALADIN_HOST (or --host)") }
        if port == nil, environment["PALADIN_PORT"] == nil { missing.append("PALADIN_PORT (or --port)") }
        if demo { return "PALADIN_ENV=production: --demo is not allowed in production" }
        guard !missing.isEmpty else { return nil }
        return "PALADIN_ENV=production: missing settings: \(missing.joined(separator: ", "))"
    }
}
