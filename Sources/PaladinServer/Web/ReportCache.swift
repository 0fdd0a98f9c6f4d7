import Foundation
import PaladinAnalytics
import PaladinCore

/// The last computed reports of the web application, per workspace, kind and options.
///
/// Why a cache: the Reports page must answer in under 100 ms on a workspace of 1,000,000 customers (issue 5), and at
/// that size a report takes seconds (README "Performance": 1–20 s; making them faster is ReportStore's work, not the
/// page's). A report is a summary of the whole workspace, so a result a few minutes old says the same thing; the page
/// shows when it was computed. The rules:
/// - a workspace with at most ``smallWorkspace`` customers is computed on every request (its reports take
///   milliseconds) and never cached, so what a member just recorded shows at once;
/// - in a larger one, a result younger than ``maxAge`` is served as it is; an older one is served too while one
///   computation refreshes it in the background (never two of the same report at once);
/// - a report never computed yet is started, and awaited for at most ``waitBudget``: when it is not ready by then the
///   page says it is being computed and reloads itself;
/// - at most ``capacity`` results are kept (the oldest computed go first), so odd windows cannot fill the memory.
/// Failures are not cached: the next request tries again.
actor ReportCache {
    struct Key: Hashable, Sendable {
        let workspace: Int64
        let kind: ReportKind
        let model: String?
        let from: Int64?
        let to: Int64?
        let limit: Int
    }

    /// A computed report, its drawing's stage order, and when it was computed.
    struct Entry: Sendable {
        let report: any Report
        let stages: [String]?
        let computedAt: Timestamp
    }

    /// What a request gets: a result (maybe from earlier), or nothing yet.
    enum Answer: Sendable {
        case ready(Entry, cached: Bool)
        case pending
    }

    static let smallWorkspace = 20_000
    static let maxAge: Int64 = 600
    static let waitBudget: Duration = .milliseconds(40)
    static let capacity = 256

    private var entries: [Key: Entry] = [:]
    private var running: [Key: Task<Entry, any Error>] = [:]
    private let now: @Sendable () -> Timestamp

    init(now: @escaping @Sendable () -> Timestamp = { PaladinCore.Clock.system.now() }) {
        self.now = now
    }

    /// The report of `key`: computed now when the workspace is small (`customers` at most ``smallWorkspace``),
    /// else as the rules above say. `wait` nil waits for the computation however long it takes (a CSV download).
    func report(
        _ key: Key, customers: Int, wait: Duration? = ReportCache.waitBudget, compute: @escaping @Sendable () async throws -> Entry
    ) async throws -> Answer {
        if customers <= Self.smallWorkspace { return .ready(try await compute(), cached: false) }
        if let entry = entries[key] {
            if now().seconds - entry.computedAt.seconds >= Self.maxAge { _ = start(key, compute) }
            return .ready(entry, cached: true)
        }
        let task = start(key, compute)
        guard let wait else { return .ready(try await task.value, cached: false) }
        // Whichever comes first: the result or the end of the budget. (Not a task group: a group waits for all its
        // children, and awaiting a computation cannot be cancelled.)
        let finished = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let answer = FirstAnswer(continuation)
            Task { _ = try? await task.value; answer.give(true) }
            Task { try? await Task.sleep(for: wait); answer.give(false) }
        }
        guard finished else { return .pending }
        return .ready(try await task.value, cached: false)
    }

    /// The running computation of `key`, started when there is none.
    private func start(_ key: Key, _ compute: @escaping @Sendable () async throws -> Entry) -> Task<Entry, any Error> {
        if let task = running[key] { return task }
        // Not a child of the request: it goes on when the request that started it has been answered.
        let task = Task.detached { try await compute() }
        running[key] = task
        Task { await self.settle(key, task) }
        return task
    }

    private func settle(_ key: Key, _ task: Task<Entry, any Error>) async {
        let result = await task.result
        running[key] = nil
        guard case .success(let entry) = result else { return }
        entries[key] = entry
        if entries.count > Self.capacity, let oldest = entries.min(by: { $0.value.computedAt < $1.value.computedAt })?.key {
            entries[oldest] = nil
        }
    }

    /// Whether a result of `key` is kept (for tests).
    func has(_ key: Key) -> Bool { entries[key] != nil }
}

/// Resumes a continuation with the first answer given; later ones are ignored.
private final class FirstAnswer: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Bool, Never>?

    init(_ continuation: CheckedContinuation<Bool, Never>) { self.continuation = continuation }

    func give(_ value: Bool) {
        let waiting: CheckedContinuation<Bool, Never>? = lock.withLock {
            defer { continuation = nil }
            return continuation
        }
        waiting?.resume(returning: value)
    }
}
