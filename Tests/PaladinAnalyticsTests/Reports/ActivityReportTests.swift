import Foundation
import PaladinAnalytics
import PaladinCore
import Testing

@Suite("The activity report: interactions by channel and kind, follow-ups by outcome")
struct ActivityReportTests {
    func at(_ iso: String, seconds: Int64 = 0) -> Timestamp { Timestamp(seconds: Timestamp(CivilDate(iso: iso)!).seconds + seconds) }

    @Test("a follow-up's outcome: done by the end of its due day is on time, after it late; undone is missed once the day has passed")
    func outcomes() {
        let due = CivilDate(iso: "2026-03-10")!
        let now = at("2026-04-01")
        #expect(FollowUpOutcome.of(due: due, doneAt: at("2026-03-01"), now: now) == .onTime)
        #expect(FollowUpOutcome.of(due: due, doneAt: at("2026-03-10", seconds: 86_399), now: now) == .onTime)
        #expect(FollowUpOutcome.of(due: due, doneAt: at("2026-03-11"), now: now) == .late)
        #expect(FollowUpOutcome.of(due: due, doneAt: nil, now: at("2026-03-10", seconds: 43_200)) == .open)
        #expect(FollowUpOutcome.of(due: due, doneAt: nil, now: at("2026-03-11")) == .missed)
    }

    /// 3 calls and a complaint by phone, 2 e-mails, a note by "fax" (a value from outside the domain's list).
    static let interactions = [
        InteractionCount(channel: "phone", kind: "call", count: 3), InteractionCount(channel: "email", kind: "message", count: 2),
        InteractionCount(channel: "phone", kind: "complaint", count: 1), InteractionCount(channel: "fax", kind: "note", count: 1),
    ]
    /// Ana: 2 on time, 1 missed; Bo: 1 late; nobody named: 1 open.
    static let followUps = [
        FollowUpCount(assignee: "ana", outcome: .onTime, count: 2), FollowUpCount(assignee: "ana", outcome: .missed, count: 1),
        FollowUpCount(assignee: "bo", outcome: .late, count: 1), FollowUpCount(assignee: nil, outcome: .open, count: 1),
    ]

    @Test("worked example: every channel and kind listed, the matrix, follow-ups in all and per person")
    func workedExample() {
        // when
        let report = ActivityReport(interactions: Self.interactions, followUps: Self.followUps, now: at("2026-04-01"))
        // then: 3 + 2 + 1 + 1 = 7 interactions
        #expect(report.interactions == 7)
        #expect(report.byChannel.map(\.key) == Channel.allCases.map(\.rawValue) + ["fax"])
        #expect(report.byChannel.filter { $0.count > 0 }.map { "\($0.key) \($0.count)" } == ["phone 4", "email 2", "fax 1"])
        #expect(report.byKind.map { "\($0.key) \($0.count)" } == ["meeting 0", "call 3", "message 2", "complaint 1", "note 1"])
        #expect(report.kinds == InteractionKind.allCases.map(\.rawValue))
        #expect(report.matrix.first { $0.channel == "phone" }?.counts == [0, 3, 0, 1, 0])
        // follow-ups: 2 + 1 + 1 + 1 = 5 due
        #expect(report.followUps.due == 5)
        let outcomes: [Int] = [report.followUps.onTime, report.followUps.late, report.followUps.missed, report.followUps.open]
        #expect(outcomes == [2, 1, 1, 1])
        #expect(report.followUpsByAssignee.map { "\($0.assignee ?? "-") \($0.due) \($0.onTime)/\($0.late)/\($0.missed)/\($0.open)" }
            == ["ana 3 2/0/1/0", "bo 1 0/1/0/0", "- 1 0/0/0/1"])
    }

    @Test("consistency: the matrix adds up by row and column to the totals; the outcomes partition the follow-ups")
    func consistency() {
        let report = ActivityReport(interactions: Self.interactions, followUps: Self.followUps, now: at("2026-04-01"))
        #expect(report.matrix.map(\.total) == report.byChannel.map(\.count))
        for (index, kind) in report.byKind.enumerated() { #expect(report.matrix.reduce(0) { $0 + $1.counts[index] } == kind.count) }
        #expect(report.byKind.reduce(0) { $0 + $1.count } == report.interactions)
        for tally in report.followUpsByAssignee + [report.followUps] {
            #expect(tally.onTime + tally.late + tally.missed + tally.open == tally.due)
        }
        #expect(report.followUpsByAssignee.reduce(0) { $0 + $1.due } == report.followUps.due)
    }

    @Test("the JSON form: snake_case keys and explicit nulls; the table in long form")
    func forms() throws {
        let report = ActivityReport(interactions: Self.interactions, followUps: Self.followUps, now: at("2026-04-01"))
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any])
        #expect(object["kind"] as? String == "activity")
        #expect(object["from"] is NSNull)
        let total = try #require(object["follow_ups"] as? [String: Any])
        #expect(total["assignee"] is NSNull && total["on_time"] as? Int == 2)
        #expect((object["follow_ups_by_assignee"] as? [Any])?.count == 3)
        #expect((object["by_channel"] as? [[String: Any]])?.first?["key"] as? String == "in_person")
        #expect(report.table.columns == ["section", "group", "detail", "count"])
        #expect(report.table.rows.contains(["channel-kind", "phone", "complaint", "1"]))
        #expect(report.table.rows.contains(["follow-ups-by-assignee", "ana", "missed", "1"]))
        #expect(report.table.rows.contains(["interactions", "", "", "7"]))
    }
}
