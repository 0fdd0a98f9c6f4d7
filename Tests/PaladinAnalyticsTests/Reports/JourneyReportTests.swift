import Foundation
import PaladinAnalytics
import PaladinCore
import Testing

/// A hand-built history on a four-stage model a → b → c → d (a expects 10 days, b 5, c and d none), day 0 being
/// 2026-01-01:
///   customer 1: enters a (day 0), a→b (day 4), b→c forced past a marker (day 20)
///   customer 2: enters a (day 0), skips a→c (day 3), back c→b (day 5)
///   customer 3: enters a (day 1)
///   customer 4: enters a (day 2), a→b (day 12), b→c (day 14), c→d (day 30)
enum History {
    static let base = Timestamp(CivilDate(year: 2026, month: 1, day: 1)!)
    static func day(_ n: Int) -> Timestamp { base.adding(days: n) }

    static let model = JourneyModel(
        key: "m", names: LocalizedText(["en": "M"]),
        stages: [
            Stage(key: "a", names: LocalizedText(["en": "A"]), expectedDays: 10),
            Stage(key: "b", names: LocalizedText(["en": "B"]), expectedDays: 5),
            Stage(key: "c", names: LocalizedText(["en": "C"])),
            Stage(key: "d", names: LocalizedText(["en": "D"])),
        ])

    static let moves: [Move] = {
        var id: Int64 = 0
        func move(_ customer: Int64, _ from: String?, _ to: String, _ kind: MoveKind, _ day: Int, forced: Bool = false) -> Move {
            id += 1
            return Move(id: id, customerId: customer, model: "m", from: from, to: to, kind: kind, at: History.day(day), actor: "t",
                        overriddenMarkers: forced ? ["signed"] : [])
        }
        return [
            move(1, nil, "a", .entry, 0), move(2, nil, "a", .entry, 0), move(3, nil, "a", .entry, 1), move(4, nil, "a", .entry, 2),
            move(2, "a", "c", .skip, 3), move(1, "a", "b", .forward, 4), move(2, "c", "b", .back, 5),
            move(4, "a", "b", .forward, 12), move(4, "b", "c", .forward, 14), move(1, "b", "c", .forward, 20, forced: true),
            move(4, "c", "d", .forward, 30),
        ]
    }()

    static func options(from: Int? = nil, to: Int? = nil, now: Int = 40) -> ReportOptions {
        ReportOptions(model: "m", from: from.map(day), to: to.map(day), now: day(now))
    }
}

@Suite("Journey reports on a hand-built history")
struct JourneyReportTests {
    func json(_ report: some Report) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as! [String: Any]
    }

    @Test("funnel: furthest stages c, c (back from c still counts), a, d → reached 4, 3, 3, 1")
    func funnel() throws {
        let options = History.options()
        let report = FunnelReport(model: History.model, options: options,
                                  furthest: FunnelReport.furthest(History.moves, model: History.model, options: options))
        #expect(report.stages.map(\.reached) == [4, 3, 3, 1])
        // conversions: none for the first, 3/4, 3/3, 1/3 rounded to four decimals
        #expect(report.stages.map(\.conversion) == [nil, 0.75, 1, 0.3333])
        let object = try json(report)
        #expect(object["kind"] as? String == "funnel")
        #expect(object["from"] is NSNull)
        #expect((object["stages"] as? [[String: Any]])?.first?["conversion"] is NSNull)
    }

    @Test("funnel in a window: only customers 1 and 4 move between day 10 and 25, both to c")
    func funnelWindow() {
        let options = History.options(from: 10, to: 25)
        let report = FunnelReport(model: History.model, options: options,
                                  furthest: FunnelReport.furthest(History.moves, model: History.model, options: options))
        #expect(report.stages.map(\.reached) == [2, 2, 2, 0])
        #expect(report.stages.map(\.conversion) == [nil, 1, 1, 0])
    }

    @Test("funnel: a previous stage with nobody gives a null conversion, and the funnel never grows")
    func funnelNeverGrows() {
        let report = FunnelReport(model: History.model, options: History.options(), furthest: [:])
        #expect(report.stages.map(\.reached) == [0, 0, 0, 0])
        #expect(report.stages.allSatisfy { $0.conversion == nil })
        let full = FunnelReport(model: History.model, options: History.options(), furthest: [0: 5, 1: 2, 3: 7])
        #expect(zip(full.stages, full.stages.dropFirst()).allSatisfy { $0.reached >= $1.reached })
    }

    @Test("flow: entries, forwards (one forced), a skip and a back, with row sums equal to the moves out of each stage")
    func flow() throws {
        let options = History.options()
        let report = FlowReport(model: History.model, options: options,
                                transitions: FlowReport.transitions(History.moves, model: History.model, options: options))
        let rows = report.transitions.map { "\($0.from ?? "-")>\($0.to ?? "-") \($0.moveKind.rawValue) \($0.count)/\($0.forced)" }
        #expect(rows == ["->a entry 4/0", "a>b forward 2/0", "a>c skip 1/0", "b>c forward 2/1", "c>b back 1/0", "c>d forward 1/0"])
        #expect(report.total == 11)
        #expect(report.byKind.map { "\($0.kind.rawValue) \($0.count)/\($0.forced)" } == ["entry 4/0", "forward 5/1", "skip 1/0", "back 1/0"])
        for stage in ["a", "b", "c", "d"] {
            let out = report.transitions.filter { $0.from == stage }.reduce(0) { $0 + $1.count }
            #expect(out == History.moves.filter { $0.from == stage }.count, "\(stage)")
        }
        #expect((try json(report)["transitions"] as? [[String: Any]])?.first?["from"] is NSNull)
    }

    @Test("time-in-stage: a stays 4, 3, 10 days; b 16, 2; c 2, 16 — nearest-rank percentiles and the share over expected")
    func timeInStage() {
        let options = History.options()
        let stays = TimeInStageReport.stays(History.moves, model: History.model, options: options)
        let report = TimeInStageReport(model: History.model, options: options, stays: stays,
                                       current: ["a": 1, "b": 1, "c": 1, "d": 1])
        let a = report.stages[0], b = report.stages[1], c = report.stages[2], d = report.stages[3]
        // a: 3, 4, 10 → median rank 2 = 4, p75 rank 3 = 10, p90 rank 3 = 10; none over 10 days
        #expect([a.count, a.medianDays, a.p75Days, a.p90Days] == [3, 4, 10, 10])
        #expect(a.overExpected == 0)
        // b: 2, 16 → median rank 1 = 2, p75 rank 2 = 16; one of two over 5 days
        #expect([b.count, b.medianDays, b.p75Days, b.p90Days] == [2, 2, 16, 16])
        #expect(b.overExpected == 0.5)
        // c: 2 (customer 2), 16 (customer 4); no expected days
        #expect([c.count, c.medianDays, c.p75Days] == [2, 2, 16])
        #expect(c.overExpected == nil && c.expectedDays == nil)
        #expect(d.count == 0 && d.medianDays == nil && d.current == 1)
        for row in report.stages where row.count > 0 {
            #expect(row.medianDays! <= row.p75Days! && row.p75Days! <= row.p90Days!)
        }
    }

    @Test("time-in-stage in a window: only stays that ended between day 10 and 20")
    func timeInStageWindow() {
        let options = History.options(from: 10, to: 20)
        let stays = TimeInStageReport.stays(History.moves, model: History.model, options: options)
        // a: customer 4 left on day 12 (10 days); b: customer 4 on day 14 (2), customer 1 on day 20 (16)
        #expect(stays["a"] == DayHistogram([10: 1]))
        #expect(stays["b"] == DayHistogram([2: 1, 16: 1]))
        #expect(stays["c"] == nil)
    }

    @Test("stalls on day 40: customer 2 at b since day 5 (30 over), customer 3 at a since day 1 (29 over)")
    func stalls() throws {
        let options = History.options(now: 40)
        func at(_ id: Int64, _ stage: String, _ day: Int, _ owner: String?) -> StallsReport.Stalled {
            .init(customerId: id, externalId: "C-\(id)", name: "C\(id)", owner: owner, stage: stage, since: History.day(day), daysInStage: 0, daysOver: 0)
        }
        let positions = [at(1, "c", 20, "ana"), at(2, "b", 5, "ana"), at(3, "a", 1, nil), at(4, "d", 30, "bo")]
        let (counts, top) = StallsReport.stalled(positions, model: History.model, options: options)
        let report = StallsReport(model: History.model, options: options, counts: counts, top: top, limit: 10)
        #expect(report.customers.map(\.customerId) == [2, 3])
        #expect(report.customers.map(\.daysOver) == [30, 29])
        #expect(report.customers.map(\.daysInStage) == [35, 39])
        #expect(report.stages.map(\.stalled) == [1, 1, 0, 0])
        #expect(report.owners.map { "\($0.owner ?? "-") \($0.stage) \($0.stalled)" } == ["ana b 1", "- a 1"])
        #expect(report.total == 2)
        // the window keeps those who reached their stage in it: customer 3 reached a on day 1
        let windowed = History.options(from: 3, now: 40)
        let (wCounts, wTop) = StallsReport.stalled(positions, model: History.model, options: windowed)
        #expect(StallsReport(model: History.model, options: windowed, counts: wCounts, top: wTop, limit: 10).customers.map(\.customerId) == [2])
        // the limit cuts the list, not the counts
        let one = StallsReport(model: History.model, options: options, counts: counts, top: top, limit: 1)
        #expect(one.customers.map(\.customerId) == [2] && one.total == 2)
        #expect((try json(report)["owners"] as? [[String: Any]])?.last?["owner"] is NSNull)
    }

    @Test("first-100-days: customers 1 and 2 (January) reach c by day 30; customer 4 (December) reaches c by 30, d by 60")
    func firstHundredDays() {
        let firsts: [Int64: Timestamp] = [1: History.day(2), 2: History.day(1), 4: History.day(-1)]
        let options = History.options()
        let groups = FirstHundredDaysReport.groups(firstPurchases: firsts, moves: History.moves, model: History.model, options: options)
        let report = FirstHundredDaysReport(model: History.model, options: options, groups: groups)
        #expect(report.cohorts.map(\.cohort) == ["2025-12", "2026-01"])
        #expect(report.cohorts.map(\.customers) == [1, 2])
        let december = report.cohorts[0].stages, january = report.cohorts[1].stages
        // customer 4: by day 29 (2026-01-30) the last move was b→c on day 14; c→d on day 30 comes by day 60
        #expect(december.map(\.byDay30) == [1, 1, 1, 0])
        #expect(december.map(\.byDay60) == [1, 1, 1, 1])
        #expect(december.map(\.byDay100) == [1, 1, 1, 1])
        #expect(january.map(\.byDay30) == [1, 1, 1, 0])
        #expect(january.map(\.byDay100) == [1, 1, 1, 0])
        // the window keeps first purchases in it
        let windowed = History.options(from: 0)
        let only = FirstHundredDaysReport(model: History.model, options: windowed, groups: FirstHundredDaysReport.groups(
            firstPurchases: firsts, moves: History.moves, model: History.model, options: windowed))
        #expect(only.cohorts.map(\.cohort) == ["2026-01"])
    }

    @Test("the percentiles of a histogram are nearest-rank and ordered")
    func percentiles() {
        let histogram = DayHistogram([1: 5, 2: 3, 9: 1, 30: 1])
        // ten stays: 1×5, 2×3, 9, 30 → median rank 5 = 1, p75 rank 8 = 2, p90 rank 9 = 9
        #expect(histogram.percentile(50) == 1)
        #expect(histogram.percentile(75) == 2)
        #expect(histogram.percentile(90) == 9)
        #expect(histogram.percentile(100) == 30)
        #expect(DayHistogram().percentile(50) == nil)
    }
}
