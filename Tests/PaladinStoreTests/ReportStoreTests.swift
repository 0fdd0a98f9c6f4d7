import Foundation
import PaladinAnalytics
import PaladinCore
@testable import PaladinStore
import SQLKit
import Testing

@Suite("Report aggregates in SQL equal the pure computations over the raw moves")
struct ReportStoreTests {
    /// A small deterministic generator (SplitMix64), so the history is the same on every run.
    struct Seeded {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    }

    /// 80 customers in `customer-journey`: after their entry, up to six moves each (forward, skip, back, some forced)
    /// at random days, and first purchases for most of them. Returns every move of the model and the first purchases.
    func generate(_ session: WorkspaceSession, seed: UInt64) async throws -> (moves: [Move], firsts: [Int64: Timestamp]) {
        var random = Seeded(state: seed)
        let model = try await session.model("customer-journey")
        var purchases = "customer,date,amount\n"
        let store = JourneyStore(session.database.sql, workspace: session.workspace.id)
        for index in 0..<80 {
            let customer = try await session.add("R-\(index)", "Customer \(index)", owner: ["ana", "bo", nil][index % 3])
            var position = try await store.position(customer: customer.id, model: model.key)
            var at = testNow
            for _ in 0..<random.int(0...6) {
                let current = model.stageIndex(position!.stage)!
                var target = random.int(0...(model.stages.count - 1))
                if target == current { target = (target + 1) % model.stages.count }
                at = at.adding(days: random.int(0...40)).adding(days: 0)
                at = Timestamp(seconds: at.seconds + Int64(random.int(0...86_399)))
                let kind: MoveKind = target == current + 1 ? .forward : (target > current ? .skip : .back)
                let id = try await IdAllocator(session.database.sql).reserve("moves", workspace: session.workspace.id)
                let move = Move(
                    id: id, customerId: customer.id, model: model.key, from: position!.stage, to: model.stages[target].key, kind: kind,
                    at: at, actor: "gen", reason: kind == .forward ? nil : "generated",
                    overriddenMarkers: kind != .back && random.int(0...3) == 0 ? ["m"] : [],
                    skippedStages: kind == .skip ? model.stages[(current + 1)..<target].map(\.key) : [])
                try await store.append(move, after: position)
                position = Position.applying(move, to: position)
            }
            if index % 5 != 0 {
                let first = testNow.adding(days: random.int(-20...90)).date
                purchases += "R-\(index),\(first),10.00\nR-\(index),\(first.adding(days: random.int(1...30))),5.00\n"
            }
        }
        try await session.importText(.purchases, purchases)
        var moves: [Move] = []
        var firsts: [Int64: Timestamp] = [:]
        for customer in try await session.customers(.init()) {
            moves += try await store.moves(customer: customer.id, model: model.key)
        }
        for row in try await session.database.sql.raw(
            "SELECT customer_id, MIN(at) AS first_at FROM purchases WHERE workspace_id = \(bind: session.workspace.id) GROUP BY customer_id"
        ).all() {
            firsts[try row.decode(column: "customer_id", as: Int64.self)] = Timestamp(seconds: try row.decode(column: "first_at", as: Int64.self))
        }
        return (moves, firsts)
    }

    func key(_ transition: FlowReport.Transition) -> String {
        "\(transition.from ?? "-")>\(transition.to ?? "-") \(transition.moveKind.rawValue) \(transition.count)/\(transition.forced)"
    }

    func key(_ group: FirstHundredDaysReport.Group) -> String {
        "\(group.firstDay) \(group.by30 ?? -1) \(group.by60 ?? -1) \(group.by100 ?? -1) \(group.customers)"
    }

    @Test("funnel, flow, time-in-stage, stalls and first-100-days: SQL equals the pure computation, with and without a window",
          arguments: [UInt64(7), 2026])
    func aggregatesMatch(seed: UInt64) async throws {
        try await withSession { session in
            // given a generated history
            let (moves, firsts) = try await generate(session, seed: seed)
            let model = try await session.model("customer-journey")
            let reports = ReportStore(session.database.sql, workspace: session.workspace.id)
            #expect(moves.count > 150)
            let now = testNow.adding(days: 200)
            for options in [
                ReportOptions(model: model.key, now: now),
                ReportOptions(model: model.key, from: testNow.adding(days: 20), to: testNow.adding(days: 70), now: now),
            ] {
                // when / then
                #expect(try await reports.funnelFurthest(model: model, options: options)
                        == FunnelReport.furthest(moves, model: model, options: options))
                #expect(try await reports.flowTransitions(model: model, options: options).map(key).sorted()
                        == FlowReport.transitions(moves, model: model, options: options).map(key).sorted())
                #expect(try await reports.completedStays(model: model, options: options)
                        == TimeInStageReport.stays(moves, model: model, options: options))
                #expect(try await reports.firstHundredDays(model: model, options: options).map(key).sorted()
                        == FirstHundredDaysReport.groups(firstPurchases: firsts, moves: moves, model: model, options: options).map(key).sorted())
                // stalls: every current position, replayed from the moves
                var positions: [StallsReport.Stalled] = []
                for customer in try await session.customers(.init()) {
                    let position = Position.replay(moves.filter { $0.customerId == customer.id }.sorted { $0.id < $1.id })!
                    positions.append(.init(customerId: customer.id, externalId: customer.externalId, name: customer.name, owner: customer.owner,
                                           stage: position.stage, since: position.since, daysInStage: 0, daysOver: 0))
                }
                let expected = StallsReport.stalled(positions, model: model, options: options)
                let actual = try await reports.stalls(model: model, options: options, limit: 10_000)
                let expectedReport = StallsReport(model: model, options: options, counts: expected.counts, top: expected.top, limit: 10_000)
                let actualReport = StallsReport(model: model, options: options, counts: actual.counts, top: actual.top, limit: 10_000)
                #expect(actualReport.total > 0)
                #expect(actualReport.owners == expectedReport.owners)
                #expect(actualReport.customers == expectedReport.customers)
                // consistency: the funnel never grows, percentiles are ordered, flow rows sum to the moves out of a stage
                let funnel = try await session.funnelReport(options)
                #expect(zip(funnel.stages, funnel.stages.dropFirst()).allSatisfy { $0.reached >= $1.reached })
                let time = try await session.timeInStageReport(options)
                #expect(time.stages.filter { $0.count > 0 }.allSatisfy { $0.medianDays! <= $0.p75Days! && $0.p75Days! <= $0.p90Days! })
                let flow = try await session.flowReport(options)
                for stage in model.stages {
                    #expect(flow.transitions.filter { $0.from == stage.key }.reduce(0) { $0 + $1.count }
                            == moves.filter { $0.from == stage.key && options.contains($0.at) }.count)
                }
            }
        }
    }

    @Test("the report switch: a missing or unknown model names `model`, a reversed window names `to`, the kinds to come say so")
    func badOptions() async throws {
        try await withSession { session in
            await #expect(throws: PaladinError.self) { try await session.report(.funnel, options: ReportOptions(now: testNow)) }
            do {
                _ = try await session.report(.flow, options: ReportOptions(model: "nope", now: testNow))
                Issue.record("an unknown model was accepted")
            } catch PaladinError.invalid(let field, let message) {
                #expect(field == "model" && message.contains("nope"))
            }
            do {
                _ = try await session.report(.funnel, options: ReportOptions(model: "customer-journey", from: testNow, to: testNow.adding(days: -1), now: testNow))
                Issue.record("a reversed window was accepted")
            } catch PaladinError.invalid(let field, _) {
                #expect(field == "to")
            }
            // the evidence reports come through the same switch; an unknown model is a bad option there too
            #expect(try await session.report(.nps, options: ReportOptions(now: testNow)).kind == .nps)
            #expect(try await session.report(.economics, options: ReportOptions(now: testNow)) is EconomicsReport)
            #expect(try await session.report(.activity, options: ReportOptions(now: testNow)) is ActivityReport)
            do {
                _ = try await session.report(.nps, options: ReportOptions(model: "nope", now: testNow))
                Issue.record("an unknown model was accepted")
            } catch PaladinError.invalid(let field, _) {
                #expect(field == "model")
            }
            // first-100-days needs no model: customer-journey by default
            let report = try await session.report(.first100Days, options: ReportOptions(now: testNow))
            #expect((report as? FirstHundredDaysReport)?.model == "customer-journey")
        }
    }
}
