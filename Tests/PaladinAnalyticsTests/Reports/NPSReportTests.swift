import Foundation
import PaladinAnalytics
import PaladinCore
import Testing

@Suite("The NPS report: per month, per stage and in all")
struct NPSReportTests {
    static let categories = ["loyal", "average", "demanding", "lost"]

    func day(_ iso: String) -> CivilDate { CivilDate(iso: iso)! }

    /// Two 10s and a 6 from loyal customers in January, an 8 from a demanding one and a 9 from an unplaced one in March.
    var answers: [NPSAnswerCount] {
        [
            NPSAnswerCount(day: day("2026-01-15"), stage: "loyal", score: 10, count: 2),
            NPSAnswerCount(day: day("2026-01-20"), stage: "loyal", score: 6, count: 1),
            NPSAnswerCount(day: day("2026-03-02"), stage: "demanding", score: 8, count: 1),
            NPSAnswerCount(day: day("2026-03-02"), stage: nil, score: 9, count: 1),
        ]
    }

    func describe(_ rows: [NPSReportRow]) -> [String] {
        rows.map { "\($0.group ?? "-") \($0.promoters)/\($0.passives)/\($0.detractors) \($0.respondents) \($0.nps.map { String($0) } ?? "null")" }
    }

    @Test("months in order with the empty month kept; every stage in the model's order, the unplaced last; the total")
    func workedExample() {
        // when
        let report = NPSReport(model: "value-category", stageOrder: Self.categories, answers: answers)
        // then: January = 2 promoters, 1 detractor → 100 · (2 − 1) / 3 = 33.33; February nobody → null;
        // March = 1 passive, 1 promoter → 100 · (1 − 0) / 2 = 50
        #expect(describe(report.months) == ["2026-01 2/0/1 3 33.33", "2026-02 0/0/0 0 null", "2026-03 1/1/0 2 50.0"])
        // loyal = 33.33 as January; demanding = one passive → 0; unplaced = one promoter → 100
        #expect(describe(report.stages) == [
            "loyal 2/0/1 3 33.33", "average 0/0/0 0 null", "demanding 0/1/0 1 0.0", "lost 0/0/0 0 null", "- 1/0/0 1 100.0",
        ])
        // all: 3 promoters, 1 passive, 1 detractor → 100 · (3 − 1) / 5 = 40
        #expect(describe([report.total]) == ["- 3/1/1 5 40.0"])
    }

    @Test("months and stages each add up to the total")
    func groupsSumToTotal() {
        let report = NPSReport(model: "value-category", stageOrder: Self.categories, answers: answers)
        for rows in [report.months, report.stages] {
            #expect(rows.reduce(0) { $0 + $1.promoters } == report.total.promoters)
            #expect(rows.reduce(0) { $0 + $1.passives } == report.total.passives)
            #expect(rows.reduce(0) { $0 + $1.detractors } == report.total.detractors)
            #expect(rows.reduce(0) { $0 + $1.respondents } == report.total.respondents)
        }
    }

    @Test("no answers: no months, every stage with no score, a total with no score (null, not zero)")
    func noAnswers() throws {
        let report = NPSReport(model: "value-category", stageOrder: Self.categories, answers: [])
        #expect(report.months.isEmpty)
        #expect(report.stages.map(\.group) == Self.categories)
        #expect(report.total.nps == nil && report.total.respondents == 0)
        let json = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        #expect(json.contains("\"nps\":null"))
        #expect(json.contains("\"from\":null") && json.contains("\"to\":null"))
    }

    @Test("the JSON form has snake_case keys and explicit nulls; the table has one row per month, stage and the total")
    func forms() throws {
        let report = NPSReport(model: "value-category", stageOrder: Self.categories, answers: answers)
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any])
        #expect(object["kind"] as? String == "nps")
        #expect(object["model"] as? String == "value-category")
        let stages = try #require(object["stages"] as? [[String: Any]])
        #expect(stages.last?["group"] is NSNull)
        #expect(stages[1]["nps"] is NSNull)
        #expect(report.table.columns == ["section", "group", "promoters", "passives", "detractors", "respondents", "nps"])
        #expect(report.table.rows.count == 3 + 5 + 1)
        #expect(report.table.rows.first == ["month", "2026-01", "2", "0", "1", "3", "33.33"])
        #expect(report.table.rows[1].last == "")
        #expect(report.table.rows.last == ["total", "", "3", "1", "1", "5", "40"])
    }
}
