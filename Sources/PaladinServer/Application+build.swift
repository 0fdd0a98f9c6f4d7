import Hummingbird
import Logging
import PaladinStore

/// How the server listens. Flags and environment are read by `paladin serve`; this is the result.
public struct ServerConfiguration: Sendable {
    /// The address to bind; loopback unless told otherwise.
    public var host: String
    /// The TCP port; 0 picks a free one (tests).
    public var port: Int
    /// The level of the server's logs.
    public var logLevel: Logger.Level
    /// The webhook dispatcher run beside the server; nil runs none (deliveries wait in the outbox).
    public var webhooks: WebhookDispatcher.Configuration?
    /// The largest CSV body `POST /api/v1/imports/{kind}` takes (every other route keeps 1 MiB).
    public var maxImportBytes: Int
    /// Whether the web application's cookies carry `Secure` (set when the server is reached over HTTPS only).
    public var secureCookies: Bool
    /// The address customers reach the server at (`https://crm.example.com`): survey links start with it. Nil: the
    /// address of the request that issues the links.
    public var publicURL: String?

    /// The default import limit: 64 MiB.
    public static let defaultMaxImportBytes = 64 << 20

    /// A configuration; defaults to 127.0.0.1:8080 with the webhook dispatcher's defaults.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, logLevel: Logger.Level = .info,
        webhooks: WebhookDispatcher.Configuration? = .init(), maxImportBytes: Int = defaultMaxImportBytes,
        secureCookies: Bool = false
    ) {
        self.secureCookies = secureCookies
        self.host = host
        self.port = port
        self.logLevel = logLevel
        self.webhooks = webhooks
        self.maxImportBytes = maxImportBytes
    }
}

/// The one composition root: the application over an open database. `paladin serve` and the tests both call it.
/// The caller owns `database` and closes it after the application has stopped.
public func buildApplication(
    configuration: ServerConfiguration, database: PaladinDatabase, hasher: any PasswordHasher = BcryptPasswordHasher()
) -> some ApplicationProtocol {
    var logger = Logger(label: "paladin.server")
    logger.logLevel = configuration.logLevel
    let dispatcher = configuration.webhooks.map { WebhookDispatcher(database: database, configuration: $0, logger: logger) }
    let scoreRunner = ScoreRunner(logger: logger)
    let router = buildRouter(
        database: database, hasher: hasher, configuration: configuration, scoreRunner: scoreRunner, webhookDoorbell: dispatcher?.doorbell)
    // The score runner and the webhook dispatcher run in the application's service group: they start with the server
    // and, on SIGINT/SIGTERM, stop after it (services shut down in reverse order).
    var app = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Paladin"),
        services: [scoreRunner] + (dispatcher.map { [$0] } ?? []),
        logger: logger)
    // No run of this process exists yet: a run still queued or running was cut off by a stop.
    app.beforeServerStarts { [logger] in
        let interrupted = try await Setup.markInterruptedScoreRuns(database)
        if interrupted > 0 { logger.notice("marked \(interrupted) interrupted score run(s) failed") }
    }
    return app
}

/// Every route: health checks in the open, the API behind a Bearer token.
func buildRouter(
    database: PaladinDatabase, hasher: any PasswordHasher, configuration: ServerConfiguration, scoreRunner: ScoreRunner,
    webhookDoorbell: WebhookDoorbell? = nil
) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    _ = ServerMetrics.registry
    router.add(middleware: SecurityHeadersMiddleware(https: configuration.secureCookies))
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: RequestLogMiddleware(.info))
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: ProblemMiddleware())
    let routeTable = RouteTable()
    router.add(middleware: MethodNotAllowedMiddleware(table: routeTable))
    ServerMetrics.addRoute(to: router)
    HealthRoutes.add(to: router, database: database)
    OpenAPIDocument.addRoute(to: router)
    let signInLimiter = SignInLimiter()
    SessionRoutes.add(to: router, database: database, hasher: hasher, limiter: signInLimiter)
    let api = router.group("/api/v1")
        .add(middleware: TokenAuthenticator(access: Access(database: database)))
        .group(context: MemberContext.self)
        .add(middleware: IdempotencyMiddleware(database: database))
        .add(middleware: WebhookDoorbellMiddleware(doorbell: webhookDoorbell))
    ModelRoutes.add(to: api, database: database)
    CustomerRoutes.add(to: api, database: database)
    JourneyRoutes.add(to: api, database: database)
    EvidenceRoutes.add(to: api, database: database)
    MemberRoutes.add(to: api, database: database, hasher: hasher)
    ReportRoutes.add(to: api, database: database)
    GuidanceRoutes.add(to: api, database: database)
    ReportKindRoutes.add(to: api, database: database)
    ExportRoutes.add(to: api, database: database)
    WebhookRoutes.add(to: api, database: database, doorbell: webhookDoorbell)
    ScoreRunRoutes.add(to: api, database: database, runner: scoreRunner)
    SurveyRoutes.add(to: api, database: database, publicURL: configuration.publicURL)
    // CSV imports take large bodies: their own group raises the limit before the idempotency middleware reads the body.
    let imports = router.group("/api/v1/imports")
        .add(middleware: UploadLimitMiddleware(maxBytes: configuration.maxImportBytes))
        .add(middleware: TokenAuthenticator(access: Access(database: database)))
        .group(context: MemberContext.self)
        .add(middleware: IdempotencyMiddleware(database: database))
        .add(middleware: WebhookDoorbellMiddleware(doorbell: webhookDoorbell))
    ImportRoutes.add(to: imports, database: database)
    WebRoutes.add(to: router, database: database, hasher: hasher, limiter: signInLimiter, configuration: configuration)
    routeTable.fill(from: router)
    return router
}

/// Builds the application and serves until SIGINT or SIGTERM, then shuts down gracefully (swift-service-lifecycle).
/// The database stays open; the caller closes it after this returns or throws.
public func runServer(configuration: ServerConfiguration, database: PaladinDatabase) async throws {
    let app = buildApplication(configuration: configuration, database: database)
    try await app.runService()
}
