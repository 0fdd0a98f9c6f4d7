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

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let host = self.host ?? environment["PALADIN_HOST"] ?? "127.0.0.1"
        guard let port = self.port ?? (environment["PALADIN_PORT"].map { Int($0) } ?? 8080), (0...65535).contains(port) else {
            Output.error("--port (or $PALADIN_PORT): not a port number from 0 to 65535")
            throw ExitCode.failure
        }
        // withDatabase closes the connection on every path, after the server has stopped.
        try await global.withDatabase(create: true) { database in
            if demo {
                let filled = try await DemoSignIn.prepare(database, workspace: global.workspaceKey, hasher: BcryptPasswordHasher())
                Output.note("\(filled ? "Created" : "Kept") the demo workspace '\(global.workspaceKey)'. Sign-in: \(DemoSignIn.email) / \(DemoSignIn.password)")
                Output.note("API token: paladin tokens create --db \(global.location) --member \(DemoSignIn.email) --name mine")
            }
            Output.note("Paladin on http://\(host):\(port) (database \(database.location)); stop with Ctrl-C")
            try await runServer(configuration: ServerConfiguration(host: host, port: port), database: database)
        }
    }
}
