import Foundation
import Logging

/// Captures what the server logs, for tests that look at log output.
///
/// The process's logging system is bootstrapped once with a handler that, when a logger is made inside
/// `LogCapture.capturing { … }` (the application's logger is made by `buildApplication`), writes every entry into that
/// capture; loggers made elsewhere print to standard output as swift-log does by default.
final class LogCapture: @unchecked Sendable {
    @TaskLocal static var current: LogCapture?

    private let lock = NSLock()
    private var entries: [String] = []

    /// Every entry so far, one line each: level, message and all metadata.
    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return entries.joined(separator: "\n")
    }

    func append(_ line: String) {
        lock.lock()
        entries.append(line)
        lock.unlock()
    }

    /// Runs `body` with a new capture in effect; returns the capture.
    static func capturing(_ body: () async throws -> Void) async rethrows -> LogCapture {
        _ = bootstrapped
        let capture = LogCapture()
        try await $current.withValue(capture) { try await body() }
        return capture
    }

    private static let bootstrapped: Void = LoggingSystem.bootstrap { label in
        if let capture = LogCapture.current { return CapturingLogHandler(capture: capture) }
        return StreamLogHandler.standardOutput(label: label)
    }
}

/// Writes entries into a `LogCapture`.
struct CapturingLogHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info  // swift-log's default; the application sets its own

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(metadataProvider?.get() ?? [:]) { $1 }.merging(event.metadata ?? [:]) { $1 }
        let rendered = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        capture.append("\(event.level) \(event.message) \(rendered)" + (event.error.map { " error=\(String(reflecting: $0))" } ?? ""))
    }
}
