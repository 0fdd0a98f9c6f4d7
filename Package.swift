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
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    ],
    targets: [
        // The domain: journey models, markers, moves, evidence, CSV reading. Value types and pure functions only.
        .target(
            name: "PaladinCore",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        // Conclusions from evidence: metrics, NPS, RFM, the rule language, repeat-buying statistics. Pure, no I/O.
        .target(name: "PaladinAnalytics", dependencies: ["PaladinCore"]),
        // Persistence: migrations and stores over SQLKit (SQLite now, PostgreSQL later), built-in model resources.
        .target(
            name: "PaladinStore",
            dependencies: [
                "PaladinCore",
                "PaladinAnalytics",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources/BuiltInModels")]
        ),
        // The command-line interface as a library, so tests can drive it.
        .target(
            name: "PaladinCLI",
            dependencies: [
                "PaladinCore",
                "PaladinAnalytics",
                "PaladinStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "paladin", dependencies: ["PaladinCLI"]),
        .testTarget(name: "PaladinCoreTests", dependencies: ["PaladinCore"]),
        .testTarget(name: "PaladinAnalyticsTests", dependencies: ["PaladinAnalytics", "PaladinCore"]),
        .testTarget(name: "PaladinStoreTests", dependencies: ["PaladinStore", "PaladinCore"]),
        // Depends on the executable so `swift test` alone builds the binary these tests drive.
        .testTarget(name: "PaladinCLITests", dependencies: ["paladin", "PaladinCLI", "PaladinStore", "PaladinCore"]),
    ]
)
