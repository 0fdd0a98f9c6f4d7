import Foundation

/// Limits requests to the public survey page: at most `perLink` per link and `perAddress` per IP address within
/// `window`. Kept in memory (one server).
actor SurveyRateLimiter {
    private let perLink: Int
    private let perAddress: Int
    private let window: TimeInterval
    private let now: @Sendable () -> Date
    private var hits: [String: [Date]] = [:]

    init(perLink: Int = 30, perAddress: Int = 300, window: TimeInterval = 10 * 60, now: @escaping @Sendable () -> Date = Date.init) {
        self.perLink = perLink
        self.perAddress = perAddress
        self.window = window
        self.now = now
    }

    /// Records a request for `link` from `address`; the seconds to wait when it is over a limit, else nil.
    func hit(link: String, address: String?) -> Int? {
        let keys = [("link:" + link, perLink)] + (address.map { [("ip:" + $0, perAddress)] } ?? [])
        let current = now()
        let cutoff = current.addingTimeInterval(-window)
        var wait: Int?
        for (key, limit) in keys {
            var recent = (hits[key] ?? []).filter { $0 > cutoff }
            if recent.count >= limit, let oldest = recent.first {
                wait = max(wait ?? 1, Int(oldest.addingTimeInterval(window).timeIntervalSince(current).rounded(.up)))
            } else {
                recent.append(current)
            }
            hits[key] = recent
        }
        if hits.count > 100_000 { hits = hits.filter { !$0.value.isEmpty && $0.value.last! > cutoff } }
        return wait
    }
}
