import PaladinCore

/// `flow`: the transition matrix of a model — how many moves went from each stage to each stage in the window,
/// by kind of move (entry, forward, skip, back, wrap, override, clear, computed), and how many of them were forced
/// past unmet required markers. Entries have no `from` stage; clearing an override that leaves no stage has no `to`.
public struct FlowReport: Report {
    /// Moves from one stage to another of one kind.
    public struct Transition: Sendable, Hashable, Encodable {
        /// The stage left; nil on entry.
        public var from: String?
        /// The stage reached; nil only when a cleared override left no stage.
        public var to: String?
        /// The kind of move.
        public var moveKind: MoveKind
        /// How many moves.
        public var count: Int
        /// How many of them were forced past unmet required markers.
        public var forced: Int

        /// A transition count.
        public init(from: String?, to: String?, moveKind: MoveKind, count: Int, forced: Int) {
            self.from = from
            self.to = to
            self.moveKind = moveKind
            self.count = count
            self.forced = forced
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(from, forKey: .from)
            try container.encode(to, forKey: .to)
            try container.encode(moveKind, forKey: .kind)
            try container.encode(count, forKey: .count)
            try container.encode(forced, forKey: .forced)
        }

        enum CodingKeys: String, CodingKey { case from, to, kind, count, forced }
    }

    /// Moves of one kind, all stages together.
    public struct KindTotal: Sendable, Hashable, Encodable {
        public var kind: MoveKind
        public var count: Int
        public var forced: Int
    }

    public var kind: ReportKind { .flow }
    public var model: String
    public var from: Timestamp?
    public var to: Timestamp?
    /// Ordered by from stage (entries first), to stage, then kind, in the model's stage order.
    public var transitions: [Transition]
    /// Totals per kind of move, in `MoveKind` order; kinds without moves are left out.
    public var byKind: [KindTotal]
    /// All moves in the window.
    public var total: Int

    /// The report from transition counts (one per from, to and kind).
    public init(model: JourneyModel, options: ReportOptions, transitions: [Transition]) {
        self.model = model.key
        self.from = options.from
        self.to = options.to
        let before = ReportFormat.stageOrder(model)
        let kindRank = Dictionary(uniqueKeysWithValues: MoveKind.allCases.enumerated().map { ($1, $0) })
        self.transitions = transitions.filter { $0.count > 0 }.sorted { lhs, rhs in
            if lhs.from != rhs.from { return before(lhs.from, rhs.from) }
            if lhs.to != rhs.to { return before(lhs.to, rhs.to) }
            return kindRank[lhs.moveKind]! < kindRank[rhs.moveKind]!
        }
        self.byKind = MoveKind.allCases.compactMap { kind in
            let rows = transitions.filter { $0.moveKind == kind }
            let count = rows.reduce(0) { $0 + $1.count }
            return count == 0 ? nil : KindTotal(kind: kind, count: count, forced: rows.reduce(0) { $0 + $1.forced })
        }
        self.total = transitions.reduce(0) { $0 + $1.count }
    }

    /// Transition counts computed from raw moves (what the store computes in SQL).
    public static func transitions(_ moves: [Move], model: JourneyModel, options: ReportOptions) -> [Transition] {
        struct Key: Hashable { var from: String?, to: String?, kind: MoveKind }
        var counts: [Key: (count: Int, forced: Int)] = [:]
        for move in moves where move.model == model.key && options.contains(move.at) {
            let key = Key(from: move.from, to: move.to, kind: move.kind)
            counts[key, default: (0, 0)].count += 1
            if move.isForced { counts[key, default: (0, 0)].forced += 1 }
        }
        return counts.map { Transition(from: $0.key.from, to: $0.key.to, moveKind: $0.key.kind, count: $0.value.count, forced: $0.value.forced) }
    }

    public var table: ReportTable {
        ReportTable(columns: ["from", "to", "kind", "count", "forced"], rows: transitions.map {
            [ReportFormat.cell($0.from), ReportFormat.cell($0.to), $0.moveKind.rawValue, String($0.count), String($0.forced)]
        })
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(model, forKey: .model)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(transitions, forKey: .transitions)
        try container.encode(byKind, forKey: .byKind)
        try container.encode(total, forKey: .total)
    }

    enum CodingKeys: String, CodingKey {
        case kind, model, from, to, transitions, total
        case byKind = "by_kind"
    }
}
