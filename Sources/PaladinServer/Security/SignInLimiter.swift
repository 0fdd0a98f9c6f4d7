import Foundation

/// Limits failed sign-ins per email: after `maxFailures` failures within `window`, further attempts are refused
/// until the oldest failure leaves the window. Kept in memory (one server); a success clears the email's record.
actor SignInLimiter {
    private let maxFailures: Int
    private let window: TimeInterval
    private let now: @Sendable () -> Date
    private var failures: [String: [Date]] = [:]

    init(maxFailures: Int = 5, window: TimeInterval = 15 * 60, now: @escaping @Sendable () -> Date = Date.init) {
        self.maxFailures = maxFailures
        self.window = window
        self.now = now
    }

    /// Seconds to wait before `email` may try again; nil when it may try now.
    func retryAfter(_ email: String) -> Int? {
        let recent = prune(email)
        guard recent.count >= maxFailures, let oldest = recent.first else { return nil }
        return max(1, Int((oldest.addingTimeInterval(window).timeIntervalSince(now())).rounded(.up)))
    }

    /// Records a failed attempt.
    func failed(_ email: String) {
        failures[email, default: []].append(now())
        if failures.count > 100_000 { failures = failures.filter { !$0.value.isEmpty } }
    }

    /// Forgets the email's failures after a success.
    func succeeded(_ email: String) { failures[email] = nil }

    private func prune(_ email: String) -> [Date] {
        let cutoff = now().addingTimeInterval(-window)
        let recent = (failures[email] ?? []).filter { $0 > cutoff }
        failures[email] = recent.isEmpty ? nil : recent
        return recent
    }
}
