import PaladinAnalytics
import PaladinCore
@testable import PaladinStore
import Testing

@Suite("NPS reports over survey answers")
struct NPSTests {
    /// 2026-01-15T10:00:00Z and so on: a fixed instant on a civil date.
    func at(_ iso: String, hour: Int64 = 10) -> Timestamp {
        Timestamp(seconds: Timestamp(CivilDate(iso: iso)!).seconds + hour * 3_600)
    }

    /// Answers: A 10 (2026-01-15) and 9 (2026-04-10), B 6 (2026-02-20), C 8 (2025-12-31), D 9 (2026-05-01).
    /// By hand on value-category: A and C loyal, B demanding, D not placed.
    func seed(_ session: WorkspaceSession) async throws {
        for (id, name) in [("A", "Ana"), ("B", "Bo"), ("C", "Cy"), ("D", "Di")] { try await session.add(id, name) }
        for (id, score, date) in [("A", 10, "2026-01-15"), ("A", 9, "2026-04-10"), ("B", 6, "2026-02-20"), ("C", 8, "2025-12-31"), ("D", 9, "2026-05-01")] {
            _ = try await session.addSurvey(id, score: score, comment: nil, at: at(date))
        }
        for (id, stage) in [("A", "loyal"), ("B", "demanding"), ("C", "loyal")] {
            _ = try await session.move(id, model: "value-category", request: MoveRequest(to: stage, reason: "Known"))
        }
    }

    func describe(_ groups: [NPSGroup]) -> [String] {
        groups.map { group in
            let score = group.summary.score.map { String(format: "%.2f", $0) } ?? "none"
            return "\(group.period ?? "-") \(group.stage ?? "-") \(group.summary.respondents) \(score)"
        }
    }

    @Test("overall: 3 promoters, 1 passive, 1 detractor of 5 → 40")
    func overall() async throws {
        try await withSession { session in
            // given
            try await seed(session)
            // when
            let groups = try await session.nps()
            // then
            #expect(groups.count == 1)
            #expect(groups.first?.summary == NPSSummary(promoters: 3, passives: 1, detractors: 1))
            #expect(groups.first?.summary.score == 40)
            #expect(groups.first?.stage == nil && groups.first?.period == nil)
        }
    }

    @Test("by a model: customers grouped by their current stage in stage order, the unplaced last with no stage")
    func byModel() async throws {
        try await withSession { session in
            // given
            try await seed(session)
            // when
            let groups = try await session.nps(by: "value-category")
            // then: loyal = A 10, A 9, C 8 → (2 − 0) / 3; no one average; demanding = B 6; not placed = D 9
            #expect(describe(groups) == ["- loyal 3 66.67", "- demanding 1 -100.00", "- - 1 100.00"])
        }
    }

    @Test("by month, quarter and year, with labels in period order")
    func periods() async throws {
        try await withSession { session in
            // given
            try await seed(session)
            // when
            let months = try await session.nps(period: .month)
            let quarters = try await session.nps(period: .quarter)
            let years = try await session.nps(period: .year)
            // then
            #expect(describe(months) == ["2025-12 - 1 0.00", "2026-01 - 1 100.00", "2026-02 - 1 -100.00", "2026-04 - 1 100.00", "2026-05 - 1 100.00"])
            // Q1 = 10 and 6 → 0; Q2 = 9 and 9 → 100
            #expect(describe(quarters) == ["2025-Q4 - 1 0.00", "2026-Q1 - 2 0.00", "2026-Q2 - 2 100.00"])
            // 2026 = 10, 6, 9, 9 → (3 − 1) / 4
            #expect(describe(years) == ["2025 - 1 0.00", "2026 - 4 50.00"])
        }
    }

    @Test("period and model together: periods first, then stages")
    func periodAndModel() async throws {
        try await withSession { session in
            try await seed(session)
            let groups = try await session.nps(by: "value-category", period: .year)
            #expect(describe(groups) == ["2025 loyal 1 0.00", "2026 loyal 2 100.00", "2026 demanding 1 -100.00", "2026 - 1 100.00"])
        }
    }

    @Test("from and to are inclusive bounds")
    func bounds() async throws {
        try await withSession { session in
            // given
            try await seed(session)
            // when: exactly from A's first answer to A's second
            let inclusive = try await session.nps(from: at("2026-01-15"), to: at("2026-04-10"))
            let inner = try await session.nps(from: Timestamp(seconds: at("2026-01-15").seconds + 1), to: Timestamp(seconds: at("2026-04-10").seconds - 1))
            // then: 10, 6, 9 → (2 − 1) / 3; without the ends only B's 6
            #expect(describe(inclusive) == ["- - 3 33.33"])
            #expect(describe(inner) == ["- - 1 -100.00"])
            #expect(try await session.nps(from: at("2026-05-02")).isEmpty)
            #expect(describe(try await session.nps(to: at("2025-12-31"))) == ["- - 1 0.00"])
        }
    }

    @Test("no answers give no groups at all, not a zero score")
    func noAnswers() async throws {
        try await withSession { session in
            // given customers without answers
            try await session.add("A", "Ana")
            // then
            #expect(try await session.nps().isEmpty)
            #expect(try await session.nps(by: "value-category").isEmpty)
            #expect(try await session.nps(period: .quarter).isEmpty)
        }
    }

    @Test("grouping by an unknown model is a not-found error")
    func unknownModel() async throws {
        try await withSession { session in
            do {
                _ = try await session.nps(by: "no-such-model")
                Issue.record("an unknown model was accepted")
            } catch PaladinError.notFound(let message) {
                #expect(message.hasPrefix("no model 'no-such-model' in this workspace"))
            }
        }
    }
}
