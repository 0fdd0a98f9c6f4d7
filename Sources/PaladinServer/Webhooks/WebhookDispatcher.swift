import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import PaladinCore
import PaladinStore
import ServiceLifecycle

/// Delivers the outbox: polls for due deliveries (woken early by ``WebhookDoorbell``), POSTs each signed body to its
/// subscription, and records the outcome — 2xx is delivered; anything else, a timeout or a connection error is
/// tried again after a growing delay, until `maxAttempts` have failed. Also emits `follow_up.due` on each pass.
/// Runs beside the HTTP server as a swift-service-lifecycle service: on graceful shutdown it finishes the attempts
/// in flight (each bounded by `requestTimeout`) and stops; it never runs on a request's path.
public struct WebhookDispatcher: Service {
    /// How often and how hard the dispatcher works.
    public struct Configuration: Sendable {
        /// How long to sleep when nothing is due (unless rung).
        public var pollInterval: Duration
        /// The longest one attempt may take, connecting included.
        public var requestTimeout: Duration
        /// The first retry delay in seconds; later ones are 3, 12, 60, 360, 720 and 1440 times it.
        public var retryBase: Int64
        /// Attempts before a delivery is marked failed.
        public var maxAttempts: Int
        /// Deliveries claimed per pass.
        public var batchSize: Int
        /// Attempts in flight at once.
        public var concurrency: Int
        /// Which addresses a delivery may reach: public ones only unless the installation says otherwise.
        public var addressPolicy: WebhookAddressPolicy

        /// Defaults: poll every 5 s, 10 s per attempt, retries after 10 s, 30 s, 2 min, 10 min, 1 h, 2 h, 4 h; 8 attempts.
        public init(
            pollInterval: Duration = .seconds(5), requestTimeout: Duration = .seconds(10), retryBase: Int64 = 10,
            maxAttempts: Int = 8, batchSize: Int = 50, concurrency: Int = 4, addressPolicy: WebhookAddressPolicy = .publicOnly
        ) {
            self.addressPolicy = addressPolicy
            self.pollInterval = pollInterval
            self.requestTimeout = requestTimeout
            self.retryBase = retryBase
            self.maxAttempts = max(1, maxAttempts)
            self.batchSize = max(1, batchSize)
            self.concurrency = max(1, concurrency)
        }

        /// The delay before attempt `attempt + 1`, after attempt `attempt` (1-based) failed.
        public func retryDelay(afterAttempt attempt: Int) -> Int64 {
            let factors: [Int64] = [1, 3, 12, 60, 360, 720, 1440]
            return retryBase * factors[min(max(attempt, 1), factors.count) - 1]
        }
    }

    /// Rings to wake the dispatcher early.
    public let doorbell: WebhookDoorbell
    let outbox: WebhookOutbox
    let configuration: Configuration
    let clock: PaladinCore.Clock
    let logger: Logger

    /// A dispatcher over `database`; `clock` stamps attempts and schedules retries (tests move it by hand).
    public init(
        database: PaladinDatabase, configuration: Configuration = .init(), clock: PaladinCore.Clock = .system,
        doorbell: WebhookDoorbell = WebhookDoorbell(), logger: Logger = Logger(label: "paladin.webhooks")
    ) {
        self.outbox = WebhookOutbox(database: database)
        self.configuration = configuration
        self.clock = clock
        self.doorbell = doorbell
        self.logger = logger
    }

    /// Passes until cancelled or shut down gracefully.
    public func run() async throws {
        try await withClient { client in
            while !Task.isCancelled, !Task.isShuttingDownGracefully {
                let attempted = await self.pass(client: client)
                // A full batch means more may be due: go again at once.
                if attempted >= self.configuration.batchSize { continue }
                try? await cancelWhenGracefulShutdown {
                    await self.doorbell.wait(upTo: self.configuration.pollInterval)
                }
            }
        }
    }

    /// One pass with a client of its own: emits due follow-ups and attempts every due delivery once.
    /// Returns how many deliveries it attempted.
    @discardableResult
    public func runOnce() async throws -> Int {
        try await withClient { client in await self.pass(client: client) }
    }

    private func withClient<T: Sendable>(_ body: (HTTPClient) async throws -> T) async throws -> T {
        let timeout = Self.timeAmount(configuration.requestTimeout)
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: .init(redirectConfiguration: .disallow, timeout: .init(connect: timeout, read: timeout)))
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// Emits due follow-ups, then attempts the due deliveries, `concurrency` at a time. Failures of the store are
    /// logged and left for the next pass.
    func pass(client: HTTPClient) async -> Int {
        let now = clock.now()
        do {
            try await outbox.emitDueFollowUps(today: now.date, at: now)
        } catch {
            logger.error("webhooks: could not emit due follow-ups", metadata: ["error": "\(String(reflecting: error))"])
        }
        let attempts: [WebhookOutbox.Attempt]
        do {
            let lease = Int64(configuration.requestTimeout.components.seconds) + 60
            attempts = try await outbox.claim(now: now, lease: lease, limit: configuration.batchSize)
        } catch {
            logger.error("webhooks: could not read the outbox", metadata: ["error": "\(String(reflecting: error))"])
            return 0
        }
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            for attempt in attempts {
                if running >= configuration.concurrency {
                    await group.next()
                    running -= 1
                }
                group.addTask { await self.attempt(attempt, client: client) }
                running += 1
            }
        }
        return attempts.count
    }

    /// Sends one delivery and records how it went.
    func attempt(_ attempt: WebhookOutbox.Attempt, client: HTTPClient) async {
        let delivery = attempt.delivery
        let sentAt = clock.now()
        var request = HTTPClientRequest(url: attempt.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "Paladin-Webhooks/1")
        request.headers.add(name: "Paladin-Event", value: delivery.eventType)
        request.headers.add(name: "Paladin-Delivery", value: String(delivery.id))
        request.headers.add(name: "Paladin-Timestamp", value: String(sentAt.seconds))
        request.headers.add(name: "Paladin-Signature", value: WebhookSignature.header(
            secret: attempt.secret, timestamp: sentAt.seconds, body: Array(delivery.payload.utf8)))
        request.body = .bytes(ByteBuffer(string: delivery.payload))
        let (statusCode, failure) = await send(request, to: attempt.url, client: client)
        let metadata: Logger.Metadata = [
            "workspace": .string(attempt.workspaceKey), "webhook": "\(delivery.webhookId)", "delivery": "\(delivery.id)",
            "event": .string(delivery.eventType),
        ]
        do {
            if let failure {
                let attempts = delivery.attempts + 1
                let retryAt = attempts < configuration.maxAttempts
                    ? Timestamp(seconds: sentAt.seconds + configuration.retryDelay(afterAttempt: attempts)) : nil
                try await outbox.failed(delivery, statusCode: statusCode, error: failure, retryAt: retryAt)
                logger.notice("webhook attempt failed", metadata: metadata.merging(
                    ["error": .string(failure), "attempts": "\(attempts)", "retry_at": .string(retryAt?.description ?? "never")]) { $1 })
            } else {
                try await outbox.delivered(delivery, statusCode: statusCode ?? 200, at: clock.now())
                logger.debug("webhook delivered", metadata: metadata)
            }
        } catch {
            logger.error("webhooks: could not record an attempt", metadata: metadata.merging(["error": "\(String(reflecting: error))"]) { $1 })
        }
    }

    /// POSTs `request` unless the address policy refuses its host: the status code (if any answer came) and why it
    /// failed (nil when it was delivered).
    func send(_ request: HTTPClientRequest, to url: String, client: HTTPClient) async -> (Int?, String?) {
        guard let host = URLComponents(string: url)?.host, !host.isEmpty else { return (nil, "the URL has no host") }
        if let refusal = await configuration.addressPolicy.refusal(host: host) { return (nil, refusal) }
        do {
            let response = try await client.execute(request, timeout: Self.timeAmount(configuration.requestTimeout))
            let code = Int(response.status.code)
            // Read (and drop) a bounded answer so the connection can be reused.
            _ = try? await response.body.collect(upTo: 64 * 1024)
            return (code, (200..<300).contains(code) ? nil : "HTTP \(code)")
        } catch {
            return (nil, Self.describe(error))
        }
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// A short, safe account of a transport failure for `last_error`.
    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout: return "timed out"
            default: return "HTTP client: \(error)"
            }
        }
        let text = String(describing: error)
        if text.lowercased().contains("refused") { return "connection refused" }
        return String(text.prefix(300))
    }
}
