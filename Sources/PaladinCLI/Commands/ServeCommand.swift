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
    @Option(help: "Seconds between webhook outbox polls (default: $PALADIN_WEBHOOK_POLL_INTERVAL, else 5).") var webhookPollInterval: Int?
    @Option(help: "Seconds one webhook attempt may take (default: $PALADIN_WEBHOOK_TIMEOUT, else 10).") var webhookTimeout: Int?
    @Option(help: "Seconds before the first webhook retry; later ones grow from it (default: $PALADIN_WEBHOOK_RETRY_BASE, else 10).") var webhookRetryBase: Int?
    @Option(help: "Webhook attempts before a delivery is failed (default: $PALADIN_WEBHOOK_MAX_ATTEMPTS, else 8).") var webhookMaxAttempts: Int?
    @Option(help: "Largest CSV body of POST /api/v1/imports/{kind}, in bytes (default: $PALADIN_MAX_IMPORT_BYTES, else 64 MiB).")
    var maxImportBytes: Int?
    @Flag(help: "Let webhook deliveries reach loopback, private and link-local addresses (default: $PALADIN_WEBHOOK_ALLOW_PRIVATE=1|true, else public addresses only).")
    var webhookAllowPrivate = false
    @Flag(help: "Mark the web sign-in cookies Secure: set it when browsers reach Paladin over HTTPS (default: $PALADIN_SECURE_COOKIES=1|true, else off).")
    var secureCookies = false
    @Option(help: "The address customers reach Paladin at; survey links start with it (default: $PALADIN_PUBLIC_URL, else the address of the request issuing them).")
    var publicURL: String?

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
        let webhooks: WebhookDispatcher.Configuration
        switch Self.webhookConfiguration(
            environment: environment, pollInterval: webhookPollInterval, timeout: webhookTimeout, retryBase: webhookRetryBase,
            maxAttempts: webhookMaxAttempts, allowPrivate: webhookAllowPrivate) {
        case .success(let configuration): webhooks = configuration
        case .failure(let problem):
            Output.error(problem.message)
            throw ExitCode.failure
        }
        let importLimit = self.maxImportBytes ?? environment["PALADIN_MAX_IMPORT_BYTES"].flatMap { Int($0) }
        if environment["PALADIN_MAX_IMPORT_BYTES"] != nil || self.maxImportBytes != nil {
            guard let importLimit, importLimit > 0 else {
                Output.error("--max-import-bytes (or $PALADIN_MAX_IMPORT_BYTES): not a positive number of bytes")
                throw ExitCode.failure
            }
        }
        let secure = secureCookies || ["1", "true", "yes"].contains(environment["PALADIN_SECURE_COOKIES"]?.lowercased() ?? "")
        var configuration = ServerConfiguration(
            host: host, port: port, webhooks: webhooks, maxImportBytes: importLimit ?? ServerConfiguration.defaultMaxImportBytes,
            secureCookies: secure)
        configuration.publicURL = try await CommandFailure.mapping {
            try (publicURL ?? environment["PALADIN_PUBLIC_URL"]).map { try SurveysCommand.publicURL($0) }
        }
        // withDatabase closes the connection on every path, after the server has stopped.
        try await global.withDatabase(create: true) { database in
            if demo {
                let filled = try await DemoSignIn.prepare(database, workspace: global.workspaceKey, hasher: BcryptPasswordHasher())
                Output.note("\(filled ? "Created" : "Kept") the demo workspace '\(global.workspaceKey)'. Sign-in: \(DemoSignIn.email) / \(DemoSignIn.password)")
                Output.note("API token: paladin tokens create --db \(global.location) --member \(DemoSignIn.email) --name mine")
            }
            Output.note("Paladin on http://\(host):\(port) (database \(database.location)); stop with Ctrl-C")
            Output.note("The web application: http://\(host):\(port)/sign-in")
            try await runServer(configuration: configuration, database: database)
        }
    }

    /// A setting that is not a whole number in its range.
    struct SettingProblem: Error {
        let message: String
    }

    /// The webhook dispatcher's settings: flag, else environment variable, else the default; each a whole number.
    static func webhookConfiguration(
        environment: [String: String], pollInterval: Int?, timeout: Int?, retryBase: Int?, maxAttempts: Int?, allowPrivate: Bool = false
    ) -> Result<WebhookDispatcher.Configuration, SettingProblem> {
        func setting(_ flag: Int?, _ name: String, _ variable: String, _ range: ClosedRange<Int>, _ fallback: Int) -> Result<Int, SettingProblem> {
            let text = flag.map(String.init) ?? environment[variable]
            guard let text else { return .success(fallback) }
            guard let value = Int(text), range.contains(value) else {
                return .failure(SettingProblem(message: "--\(name) (or $\(variable)): must be a whole number from \(range.lowerBound) to \(range.upperBound)"))
            }
            return .success(value)
        }
        do {
            let poll = try setting(pollInterval, "webhook-poll-interval", "PALADIN_WEBHOOK_POLL_INTERVAL", 1...3_600, 5).get()
            let timeout = try setting(timeout, "webhook-timeout", "PALADIN_WEBHOOK_TIMEOUT", 1...120, 10).get()
            let base = try setting(retryBase, "webhook-retry-base", "PALADIN_WEBHOOK_RETRY_BASE", 1...3_600, 10).get()
            let attempts = try setting(maxAttempts, "webhook-max-attempts", "PALADIN_WEBHOOK_MAX_ATTEMPTS", 1...50, 8).get()
            let anyAddress = allowPrivate || ["1", "true", "yes"].contains(environment["PALADIN_WEBHOOK_ALLOW_PRIVATE"]?.lowercased() ?? "")
            return .success(WebhookDispatcher.Configuration(
                pollInterval: .seconds(poll), requestTimeout: .seconds(timeout), retryBase: Int64(base), maxAttempts: attempts,
                addressPolicy: anyAddress ? .any : .publicOnly))
        } catch let problem as SettingProblem {
            return .failure(problem)
        } catch {
            return .failure(SettingProblem(message: "\(error)"))
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
