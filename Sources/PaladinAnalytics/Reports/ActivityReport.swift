import PaladinCore

/// How many interactions in the window had one channel and kind: what the store counts for the activity report.
public struct InteractionCount: Sendable, Hashable {
    public var channel: String
    public var kind: String
    public var count: Int

    /// A count.
    public init(channel: String, kind: String, count: Int) {
        self.channel = channel
        self.kind = kind
        self.count = count
    }
}

/// Where a follow-up due in the window stands at the moment the report is made.
public enum FollowUpOutcome: String, Sendable, Hashable, CaseIterable, Encodable {
    /// Done on or before the end of its due day (UTC).
    case onTime = "on_time"
    /// Done after its due day.
    case late
    /// Not done, and its due day is before the report's day.
    case missed
    /// Not done, and due today or later.
    case open

    /// The outcome of a follow-up due on `due`, done at `doneAt` (nil: not done), as of `now`.
    public static func of(due: CivilDate, doneAt: Timestamp?, now: Timestamp) -> FollowUpOutcome {
        let dueDayEnds = Timestamp(due).adding(days: 1)
        if let doneAt { return doneAt < dueDayEnds ? .onTime : .late }
        return due < now.date ? .missed : .open
    }
}

/// How many follow-ups of one person had one outcome: what the store counts for the activity report.
public struct FollowUpCount: Sendable, Hashable {
    /// The assignee, else the customer's owner; nil when neither is known.
    public var assignee: String?
    public var outcome: FollowUpOutcome
    public var count: Int

    /// A count.
    public init(assignee: String?, outcome: FollowUpOutcome, count: Int) {
        self.assignee = assignee
        self.outcome = outcome
        self.count = count
    }
}

/// A label (a channel, a kind) and a count.
public struct LabeledCount: Sendable, Hashable, Encodable {
    public var key: String
    public var count: Int

    /// A count.
    public init(key: String, count: Int) {
        self.key = key
        self.count = count
    }
}

/// One channel's interactions by kind: `counts` in the order of the matrix's `kinds`.
public struct ChannelKindRow: Sendable, Hashable, Encodable {
    public var channel: String
    public var counts: [Int]
    public var total: Int
}

/// The follow-ups due in the window of one person (or of everyone), by outcome.
public struct FollowUpTally: Sendable, Hashable, Encodable {
    /// Nil for everyone's total, and for follow-ups with neither an assignee nor a customer owner.
    public var assignee: String?
    public var due: Int
    public var onTime: Int
    public var late: Int
    public var missed: Int
    public var open: Int

    init(assignee: String?) {
        self.assignee = assignee
        (due, onTime, late, missed, open) = (0, 0, 0, 0, 0)
    }

    mutating func add(_ outcome: FollowUpOutcome, _ count: Int) {
        due += count
        switch outcome {
        case .onTime: onTime += count
        case .late: late += count
        case .missed: missed += count
        case .open: open += count
        }
    }

    enum CodingKeys: String, CodingKey {
        case assignee, due, late, missed, open
        case onTime = "on_time"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(assignee, forKey: .assignee)
        try container.encode(due, forKey: .due)
        try container.encode(onTime, forKey: .onTime)
        try container.encode(late, forKey: .late)
        try container.encode(missed, forKey: .missed)
        try container.encode(open, forKey: .open)
    }
}

/// Interactions in the window by channel, by kind and both; follow-ups due in the window by outcome, in all and per
/// person (the assignee, else the customer's owner).
public struct ActivityReport: Report, Hashable {
    public var kind: ReportKind { .activity }
    public var from: Timestamp?
    public var to: Timestamp?
    /// The moment outcomes are judged at ("missed" is not done and due before this day).
    public var now: Timestamp
    /// Interactions in the window.
    public var interactions: Int
    /// Every channel, in the domain's order (then any other value stored, by name).
    public var byChannel: [LabeledCount]
    /// Every kind, likewise.
    public var byKind: [LabeledCount]
    /// The columns of the matrix.
    public var kinds: [String]
    /// One row per channel of `byChannel`.
    public var matrix: [ChannelKindRow]
    /// Every follow-up due in the window.
    public var followUps: FollowUpTally
    /// Per person, by name; follow-ups with nobody named last.
    public var followUpsByAssignee: [FollowUpTally]

    /// The report of the counted interactions and follow-ups.
    public init(interactions counts: [InteractionCount], followUps outcomes: [FollowUpCount], now: Timestamp,
                from: Timestamp? = nil, to: Timestamp? = nil) {
        self.from = from
        self.to = to
        self.now = now
        let channels = Channel.allCases.map(\.rawValue) + Set(counts.map(\.channel)).subtracting(Channel.allCases.map(\.rawValue)).sorted()
        let kinds = InteractionKind.allCases.map(\.rawValue) + Set(counts.map(\.kind)).subtracting(InteractionKind.allCases.map(\.rawValue)).sorted()
        var cells: [String: [String: Int]] = [:]
        for count in counts { cells[count.channel, default: [:]][count.kind, default: 0] += count.count }
        let matrix = channels.map { channel in
            let row = kinds.map { cells[channel]?[$0] ?? 0 }
            return ChannelKindRow(channel: channel, counts: row, total: row.reduce(0, +))
        }
        self.kinds = kinds
        self.matrix = matrix
        byChannel = matrix.map { LabeledCount(key: $0.channel, count: $0.total) }
        byKind = kinds.enumerated().map { index, kind in LabeledCount(key: kind, count: matrix.reduce(0) { $0 + $1.counts[index] }) }
        interactions = matrix.reduce(0) { $0 + $1.total }

        var total = FollowUpTally(assignee: nil)
        var people: [String: FollowUpTally] = [:]
        var nobody = FollowUpTally(assignee: nil)
        for outcome in outcomes {
            total.add(outcome.outcome, outcome.count)
            if let person = outcome.assignee {
                people[person, default: FollowUpTally(assignee: person)].add(outcome.outcome, outcome.count)
            } else {
                nobody.add(outcome.outcome, outcome.count)
            }
        }
        followUps = total
        followUpsByAssignee = people.keys.sorted().map { people[$0]! } + (nobody.due > 0 ? [nobody] : [])
    }

    /// Long form, columns `section`, `group`, `detail`, `count`: `channel` and `kind` totals, `channel-kind` cells,
    /// `follow-ups` per outcome (group empty: everyone) and `follow-ups-by-assignee`.
    public var table: ReportTable {
        var rows = byChannel.map { ["channel", $0.key, "", String($0.count)] } + byKind.map { ["kind", $0.key, "", String($0.count)] }
        for row in matrix {
            for (index, kind) in kinds.enumerated() { rows.append(["channel-kind", row.channel, kind, String(row.counts[index])]) }
        }
        rows.append(["interactions", "", "", String(interactions)])
        func tally(_ section: String, _ tally: FollowUpTally) {
            for (name, count) in [("due", tally.due), ("on_time", tally.onTime), ("late", tally.late), ("missed", tally.missed), ("open", tally.open)] {
                rows.append([section, tally.assignee ?? "", name, String(count)])
            }
        }
        tally("follow-ups", followUps)
        for person in followUpsByAssignee { tally("follow-ups-by-assignee", person) }
        return ReportTable(columns: ["section", "group", "detail", "count"], rows: rows)
    }

    enum CodingKeys: String, CodingKey {
        case kind, from, to, now, interactions, kinds, matrix
        case byChannel = "by_channel"
        case byKind = "by_kind"
        case followUps = "follow_ups"
        case followUpsByAssignee = "follow_ups_by_assignee"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(now, forKey: .now)
        try container.encode(interactions, forKey: .interactions)
        try container.encode(byChannel, forKey: .byChannel)
        try container.encode(byKind, forKey: .byKind)
        try container.encode(kinds, forKey: .kinds)
        try container.encode(matrix, forKey: .matrix)
        try container.encode(followUps, forKey: .followUps)
        try container.encode(followUpsByAssignee, forKey: .followUpsByAssignee)
    }
}
