@testable import PaladinCLI
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
