import PaladinAnalytics
import PaladinCore
@testable import PaladinStore
import Testing

@Suite("The NPS, economics and activity reports over stored evidence")
struct EvidenceReportTests {
    func day(_ iso: String, seconds: Int64 = 36_000) -> Timestamp {
        Timestamp(seconds: Timestamp(CivilDate(iso: iso)!).seconds + seconds)
    }

    /// The window of the hand-built history: from 2026-01-01, open-ended; judged at `testNow` (2026-05-28T20:26:40Z).
    var window: ReportOptions { ReportOptions(from: day("2026-01-01", seconds: 0), now: testNow) }

    /// A (owner ana, loyal), B (owner bo, demanding), C (no owner, placed nowhere) and their evidence; the comments
    /// of each test work out the right answer from it.
    func seed(_ session: WorkspaceSession) async throws -> (a: Int64, b: Int64, c: Int64) {
        let a = try await session.add("A", "Ana", owner: "ana").id
        let b = try await session.add("B", "Bo", owner: "bo").id
        let c = try await session.add("C", "Cy").id
        _ = try await session.move("A", model: "value-category", request: MoveRequest(to: "loyal", force: true, reason: "known"))
        _ = try await session.move("B", model: "value-category", request: MoveRequest(to: "demanding", force: true, reason: "known"))
        let evidence = EvidenceStore(session.database.sql, workspace: session.workspace.id)
        try await evidence.insert([
            SurveyResponse(id: 1, customerId: a, at: day("2026-01-15"), score: 10),
            SurveyResponse(id: 2, customerId: a, at: day("2026-02-01"), score: 6),
            SurveyResponse(id: 3, customerId: b, at: day("2026-02-10"), score: 8),
            SurveyResponse(id: 4, customerId: c, at: day("2025-12-31"), score: 9),
        ])
        try await evidence.insert([
            Purchase(id: 1, customerId: a, at: day("2026-01-10"), amount: Money(cents: 10_000), currency: "EUR"),
            Purchase(id: 2, customerId: a, at: day("2025-06-01"), amount: Money(cents: 5_000), currency: "EUR"),
            Purchase(id: 3, customerId: b, at: day("2026-03-01"), amount: Money(cents: 1_000), currency: "EUR"),
        ])
        try await evidence.insert([
            CostToServe(id: 1, customerId: a, at: day("2026-02-01"), amount: Money(cents: 2_000), category: .support),
            CostToServe(id: 2, customerId: b, at: day("2026-03-02"), amount: Money(cents: 4_000), category: .care),
        ])
        try await evidence.insert([
            Interaction(id: 1, customerId: a, at: day("2026-02-01"), channel: .phone, kind: .call, summary: "s", actor: "t"),
            Interaction(id: 2, customerId: a, at: day("2025-12-01"), channel: .email, kind: .message, summary: "s", actor: "t"),
            Interaction(id: 3, customerId: b, at: day("2026-02-02"), channel: .phone, kind: .complaint, summary: "s", actor: "t"),
        ])
        try await evidence.insert([
            FollowUp(id: 1, customerId: a, due: CivilDate(iso: "2026-02-05")!, doneAt: day("2026-02-05", seconds: 82_800)),
            FollowUp(id: 2, customerId: a, due: CivilDate(iso: "2026-02-05")!, assignee: "bo", doneAt: day("2026-02-06", seconds: 0)),
            FollowUp(id: 3, customerId: b, due: CivilDate(iso: "2026-03-01")!),
            FollowUp(id: 4, customerId: c, due: CivilDate(iso: "2026-06-01")!),
            FollowUp(id: 5, customerId: c, due: CivilDate(iso: "2025-12-01")!),
            FollowUp(id: 6, customerId: b, due: CivilDate(iso: "2026-05-28")!),
        ])
        return (a, b, c)
    }

    @Test("nps: every answer in the window, per month and per current value category")
    func nps() async throws {
        try await withSession { session in
            // given
            _ = try await seed(session)
            // when
            let report = try await session.npsReport(window)
            // then: C's 9 is before the window. January = A's 10; February = A's 6 and B's 8
            #expect(report.model == "value-category")
            #expect(report.months.map { "\($0.group!) \($0.respondents) \($0.nps.map { String($0) } ?? "null")" } == ["2026-01 1 100.0", "2026-02 2 -50.0"])
            // loyal = A's 10 and 6 → (1 − 1) / 2 = 0; demanding = B's 8 → 0; nobody else answered
            #expect(report.stages.map { "\($0.group ?? "-") \($0.respondents)" } == ["loyal 2", "average 0", "demanding 1", "lost 0"])
            // all: 1 promoter, 1 passive, 1 detractor → 0
            #expect(report.total == NPSReportRow(group: nil, summary: NPSSummary(promoters: 1, passives: 1, detractors: 1)))
            #expect(report.total.nps == 0)
        }
    }

    @Test("nps by another model, and by a model that does not exist")
    func npsByModel() async throws {
        try await withSession { session in
            _ = try await seed(session)
            // nobody is placed on the engagement ladder: every answer is in the unplaced group
            let ladder = try await session.npsReport(ReportOptions(model: "engagement-ladder", now: testNow))
            #expect(ladder.stages.last?.group == nil && ladder.stages.last?.respondents == 4)
            #expect(ladder.stages.dropLast().allSatisfy { $0.respondents == 0 })
            await #expect(throws: PaladinError.self) { try await session.npsReport(ReportOptions(model: "nope", now: testNow)) }
        }
    }

    @Test("economics: money in the window per category, every customer counted; the Pareto curve over the three")
    func economics() async throws {
        try await withSession { session in
            // given
            _ = try await seed(session)
            // when
            let report = try await session.economicsReport(window)
            // then: A 100.00 − 20.00 = 80.00 (the 50.00 of 2025 is outside), B 10.00 − 40.00 = −30.00, C nothing
            let categories = report.categories.map { "\($0.stage ?? "-") \($0.customers) \($0.revenue) \($0.cost) \($0.profit)" }
            #expect(categories == ["loyal 1 100.00 20.00 80.00", "average 0 0.00 0.00 0.00", "demanding 1 10.00 40.00 -30.00",
                                   "lost 0 0.00 0.00 0.00", "- 1 0.00 0.00 0.00"])
            #expect(report.total.customers == 3 && report.total.profit == Money(cents: 5_000))
            #expect(report.total.profitPerCustomer == Money(cents: 1_667))
            // nobody is on a rung: all three unplaced
            #expect(report.rungs.last?.stage == nil && report.rungs.last?.customers == 3)
            // Pareto: 80.00, 0, −30.00 of 50.00; 80 % = 40.00 is made by the first alone → 1 / 3
            #expect(report.pareto.points.map(\.cumulativeProfit.cents) == [0, 8_000, 8_000, 5_000])
            #expect(report.pareto.customerShareFor80PercentOfProfit == 0.3333)
            #expect(report.pareto.lossMakingCustomers == 1 && report.pareto.profitDestroyed == Money(cents: 3_000))
        }
    }

    @Test("activity: interactions in the window; follow-ups due in it on time, late, missed or open, per person")
    func activity() async throws {
        try await withSession { session in
            // given
            _ = try await seed(session)
            // when
            let report = try await session.activityReport(window)
            // then: the e-mail of December is outside; a call and a complaint by phone
            #expect(report.interactions == 2)
            #expect(report.matrix.first { $0.channel == "phone" }?.counts == [0, 1, 0, 1, 0])
            // 1 done 23:00 on its day → on time (ana, A's owner); 2 done the next midnight → late (bo, assigned);
            // 3 undone, due 2026-03-01 → missed (bo, B's owner); 4 due 2026-06-01 → open (nobody: C has no owner);
            // 5 due before the window; 6 due today → open (bo)
            #expect(report.followUps.due == 5)
            let outcomes: [Int] = [report.followUps.onTime, report.followUps.late, report.followUps.missed, report.followUps.open]
            #expect(outcomes == [1, 1, 1, 2])
            #expect(report.followUpsByAssignee.map { "\($0.assignee ?? "-") \($0.onTime)/\($0.late)/\($0.missed)/\($0.open)" }
                == ["ana 1/0/0/0", "bo 0/1/1/1", "- 0/0/0/1"])
        }
    }

    @Test("an empty workspace: reports with zeros and nulls, no error")
    func empty() async throws {
        try await withSession { session in
            let options = ReportOptions(now: testNow)
            #expect(try await session.npsReport(options).total.nps == nil)
            let economics = try await session.economicsReport(options)
            #expect(economics.total.customers == 0 && economics.pareto.points.count == 1)
            #expect(try await session.activityReport(options).followUps.due == 0)
        }
    }
}
