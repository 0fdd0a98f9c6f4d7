/// The Pareto curve of profit: customers from most to least profitable on x, their cumulative
/// share of total profit on y, with the equality diagonal and the 80 % line, both labelled, and
/// the share of customers that earns 80 % of the profit written out. Loss-making customers make
/// the curve rise above 100 % and come back down (the "whale curve"); the peak is labelled.
public struct ParetoChart: Chart {
    /// A point of the curve: shares as fractions (0.2 is 20 %).
    public struct Point: Sendable, Equatable {
        public let customerShare: Double
        public let profitShare: Double

        public init(customerShare: Double, profitShare: Double) {
            self.customerShare = customerShare
            self.profitShare = profitShare
        }
    }

    public let title: String
    /// The curve, ordered by customer share, from (0, 0) to (1, 1).
    public let points: [Point]
    /// Said instead of the curve when there is none.
    let emptyMessage: String

    /// A curve already computed (for example by the economics report).
    public init(title: String, points: [Point]) {
        self.title = title
        var finite = points.filter { $0.customerShare.isFinite && $0.profitShare.isFinite }
            .sorted { $0.customerShare < $1.customerShare }
        if let first = finite.first, first.customerShare > 0 || first.profitShare != 0 {
            finite.insert(Point(customerShare: 0, profitShare: 0), at: 0)
        }
        self.points = finite
        emptyMessage = "No data"
    }

    /// The curve of one profit per customer, at most `maxPoints` points however many customers.
    public init(title: String, profits: [Double], maxPoints: Int = 200) {
        let curve = Self.curve(profits: profits, maxPoints: maxPoints)
        self.title = title
        self.points = curve ?? []
        emptyMessage = profits.isEmpty ? "No data" : "Total profit is zero or less: there are no shares to draw"
    }

    /// The cumulative shares of `profits` sorted from most to least profitable, sampled at most
    /// `maxPoints` times (the peak always kept); nil when there are no profits or their total is not positive.
    public static func curve(profits: [Double], maxPoints: Int = 200) -> [Point]? {
        let sorted = profits.filter(\.isFinite).sorted(by: >)
        let total = sorted.reduce(0, +)
        guard !sorted.isEmpty, total > 0 else { return nil }
        var cumulative = [0.0]
        cumulative.reserveCapacity(sorted.count + 1)
        for profit in sorted { cumulative.append(cumulative[cumulative.count - 1] + profit) }
        let n = sorted.count
        let samples = max(2, maxPoints)
        var indices = Set((0...samples).map { Int((Double($0) * Double(n) / Double(samples)).rounded()) })
        // The peak: the last customer who still adds profit.
        indices.insert(sorted.lastIndex { $0 > 0 }.map { $0 + 1 } ?? 0)
        return indices.sorted().map { Point(customerShare: Double($0) / Double(n), profitShare: cumulative[$0] / total) }
    }

    /// The customer share at which the curve first reaches `share` of profit, interpolated.
    func customerShare(reaching share: Double) -> Double? {
        for (a, b) in zip(points, points.dropFirst()) where a.profitShare < share && b.profitShare >= share {
            let t = (share - a.profitShare) / (b.profitShare - a.profitShare)
            return a.customerShare + t * (b.customerShare - a.customerShare)
        }
        return points.first { $0.profitShare >= share }?.customerShare
    }

    var peak: Point? {
        guard let top = points.max(by: { $0.profitShare < $1.profitShare }), top.profitShare > 1.005 else { return nil }
        return top
    }

    var eightyText: String? {
        customerShare(reaching: 0.8).map { "\(percentText($0)) of customers earn 80 % of profit" }
    }

    var peakText: String? {
        peak.map { "Peak \(percentText($0.profitShare)) of profit at \(percentText($0.customerShare)) of customers" }
    }

    var summary: String {
        var parts = ["Pareto curve of cumulative profit share over cumulative customer share, most profitable first"]
        if let eightyText { parts.append(eightyText) }
        if let peakText { parts.append(peakText + "; loss-making customers take the rest") }
        return parts.joined(separator: ". ") + "."
    }
}
