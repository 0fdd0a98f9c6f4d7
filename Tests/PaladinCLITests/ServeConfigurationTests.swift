@testable import PaladinCLI
import PaladinServer
import Testing

@Suite("paladin serve in production")
struct ServeConfigurationTests {
    @Test("outside production every setting has its default")
    func development() {
        #expect(ServeCommand.productionProblem(environment: [:], db: nil, host: nil, port: nil, demo: true) == nil)
    }

    @Test("in production a start with missing settings fails naming each of them")
    func missingSettings() {
        // given PALADIN_ENV=production and only the host given
        let problem = ServeCommand.productionProblem(
            environment: ["PALADIN_ENV": "production", "PALADIN_HOST": "0.0.0.0"], db: nil, host: nil, port: nil, demo: false)
        // then
        #expect(problem == "PALADIN_ENV=production: missing settings: PALADIN_DATABASE_URL (or --db), PALADIN_PORT (or --port)")
    }

    @Test("in production, flags or environment both count, and --demo is refused")
    func givenSettings() {
        let environment = ["PALADIN_ENV": "production", "PALADIN_DATABASE_URL": "sqlite:/srv/paladin.sqlite"]
        #expect(ServeCommand.productionProblem(environment: environment, db: nil, host: "10.0.0.5", port: 8080, demo: false) == nil)
        #expect(ServeCommand.productionProblem(environment: environment, db: nil, host: "10.0.0.5", port: 8080, demo: true)?
            .contains("--demo is not allowed") == true)
    }
}

@Suite("paladin serve: webhook dispatcher settings")
struct WebhookServeConfigurationTests {
    @Test("flags win over the environment, which wins over the defaults; bad values are named")
    func layers() throws {
        let defaults = try ServeCommand.webhookConfiguration(environment: [:], pollInterval: nil, timeout: nil, retryBase: nil, maxAttempts: nil).get()
        #expect(defaults.pollInterval == .seconds(5) && defaults.requestTimeout == .seconds(10) && defaults.retryBase == 10 && defaults.maxAttempts == 8)
        let environment = ["PALADIN_WEBHOOK_POLL_INTERVAL": "2", "PALADIN_WEBHOOK_MAX_ATTEMPTS": "3"]
        let layered = try ServeCommand.webhookConfiguration(environment: environment, pollInterval: 1, timeout: nil, retryBase: nil, maxAttempts: nil).get()
        #expect(layered.pollInterval == .seconds(1) && layered.maxAttempts == 3)
        guard case .failure(let problem) = ServeCommand.webhookConfiguration(
            environment: ["PALADIN_WEBHOOK_TIMEOUT": "soon"], pollInterval: nil, timeout: nil, retryBase: nil, maxAttempts: nil)
        else { Issue.record("a bad timeout was accepted"); return }
        #expect(problem.message == "--webhook-timeout (or $PALADIN_WEBHOOK_TIMEOUT): must be a whole number from 1 to 120")
    }

    @Test("deliveries reach public addresses only, unless the flag or PALADIN_WEBHOOK_ALLOW_PRIVATE says otherwise")
    func addressPolicy() throws {
        func policy(_ environment: [String: String], flag: Bool) throws -> WebhookAddressPolicy {
            try ServeCommand.webhookConfiguration(
                environment: environment, pollInterval: nil, timeout: nil, retryBase: nil, maxAttempts: nil, allowPrivate: flag).get().addressPolicy
        }
        #expect(try policy([:], flag: false) == .publicOnly)
        #expect(try policy(["PALADIN_WEBHOOK_ALLOW_PRIVATE": "0"], flag: false) == .publicOnly)
        #expect(try policy(["PALADIN_WEBHOOK_ALLOW_PRIVATE": "true"], flag: false) == .any)
        #expect(try policy([:], flag: true) == .any)
    }
}
