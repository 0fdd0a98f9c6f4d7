// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Paladin",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "paladin", targets: ["paladin"]),
        .library(name: "PaladinCore", targets: ["PaladinCore"]),
        .library(name: "PaladinAnalytics", targets: ["PaladinAnalytics"]),
        .library(name: "PaladinStore", targets: ["PaladinStore"]),
        .library(name: "PaladinViews", targets: ["PaladinViews"]),
        .library(name: "PaladinServer", targets: ["PaladinServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        // The domain: journey models, markers, moves, evidence, CSV reading. Value types and pure functions only.
        .target(
            name: "PaladinCore",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        // Conclusions from evidence: metrics, NPS, RFM, the rule language, repeat-buying statistics. Pure, no I/O.
        .target(name: "PaladinAnalytics", dependencies: ["PaladinCore"]),
        // Persistence: migrations and stores over SQLKit (SQLite or PostgreSQL), built-in model resources.
        .target(
            name: "PaladinStore",
            dependencies: [
                "PaladinCore",
                "PaladinAnalytics",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                // The PostgreSQL backend (postgres-nio underneath): PALADIN_DATABASE_URL=postgres://…
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                // SHA-256 of API tokens only; PaladinStore knows nothing of HTTP.
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources/BuiltInModels")]
        ),
        // JSON views shared by the CLI and the HTTP API, so both show a customer the same way.
        .target(name: "PaladinViews", dependencies: ["PaladinCore", "PaladinAnalytics", "PaladinStore"]),
        // The HTTP API on Hummingbird 2: one composition root, typed request contexts, problem+json errors.
        .target(
            name: "PaladinServer",
            dependencies: [
                "PaladinCore",
                "PaladinAnalytics",
                "PaladinStore",
                "PaladinViews",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                // Outgoing webhook deliveries (HTTP and HTTPS, timeouts, connection pooling).
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                // HMAC-SHA256 signatures of webhook deliveries.
                .product(name: "Crypto", package: "swift-crypto"),
                // The web application's HTML templates (logic-less, escaping by default).
                .product(name: "Mustache", package: "swift-mustache"),
                // The web Import and Models pages: multipart/form-data file uploads.
                .product(name: "MultipartKit", package: "multipart-kit"),
                // Survey invitations over SMTP: STARTTLS and implicit TLS to the workspace's relay.
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                // The end of a TLS handshake (before STARTTLS's conversation goes on).
                .product(name: "NIOTLS", package: "swift-nio"),
            ],
            // The OpenAPI document, one YAML file per group of routes (merged and served as JSON);
            // the web application's templates, message catalogs and static files.
            resources: [
                .copy("Resources/OpenAPI"),
                .copy("Resources/Templates"),
                .copy("Resources/Messages"),
                .copy("Resources/Static"),
            ]
        ),
        // The command-line interface as a library, so tests can drive it.
        .target(
            name: "PaladinCLI",
            dependencies: [
                "PaladinCore",
                "PaladinAnalytics",
                "PaladinStore",
                "PaladinServer",
                "PaladinViews",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "paladin", dependencies: ["PaladinCLI"]),
        // The benchmark's reference: a bare Hummingbird route (scripts/bench-api.sh), never shipped.
        .executableTarget(name: "paladin-bare-http", dependencies: [.product(name: "Hummingbird", package: "hummingbird")]),
        .testTarget(name: "PaladinCoreTests", dependencies: ["PaladinCore"]),
        .testTarget(name: "PaladinAnalyticsTests", dependencies: ["PaladinAnalytics", "PaladinCore"]),
        // What the store and API tests share: the backends they run on (SQLite, and PostgreSQL when configured).
        .target(name: "PaladinTestSupport", dependencies: ["PaladinStore"], path: "Tests/PaladinTestSupport"),
        .testTarget(name: "PaladinStoreTests", dependencies: ["PaladinStore", "PaladinCore", "PaladinTestSupport"]),
        .testTarget(name: "PaladinViewsTests", dependencies: ["PaladinViews"]),
        .testTarget(
            name: "PaladinServerTests",
            dependencies: [
                "PaladinServer", "PaladinStore", "PaladinCore", "PaladinTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                // Recomputes webhook signatures independently of the server's code.
                .product(name: "Crypto", package: "swift-crypto"),
                // The loopback SMTP sink offers STARTTLS and implicit TLS with a throwaway certificate.
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // Depends on the executable so `swift test` alone builds the binary these tests drive.
        .testTarget(name: "PaladinCLITests", dependencies: ["paladin", "PaladinCLI", "PaladinStore", "PaladinCore"]),
    ]
)
