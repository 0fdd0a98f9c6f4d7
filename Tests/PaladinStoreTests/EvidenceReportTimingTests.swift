import Foundation
import PaladinAnalytics
import PaladinCore
import PaladinStore
import Testing

/// Times the three reports on a large database made beforehand (not run unless `PALADIN_REPORT_BENCH_DB` names an
/// SQLite file with a workspace `bench`; see the README's "NPS, economics and activity reports").
@Suite("Evidence report timings on a large database")
struct EvidenceReportTimingTests {
    static let path = ProcessInfo.processInfo.environment["PALADIN_REPORT_BENCH_DB"]

    @Test("nps, economics and activity over the whole history", .enabled(if: path != nil))
    func timings() async throws {
        let database = try await PaladinDatabase.open(.sqliteFile(Self.path!), create: false)
        do {
            let session = try await WorkspaceSession.open(database, workspace: "bench", actor: "bench")
            let options = ReportOptions(now: Timestamp(CivilDate(iso: "2026-01-01")!))
            let clock = ContinuousClock()
            for round in 1...2 {
                let nps = try await clock.measure { _ = try await session.npsReport(options) }
                let economics = try await clock.measure { _ = try await session.economicsReport(options) }
                let activity = try await clock.measure { _ = try await session.activityReport(options) }
                print("round \(round): nps \(nps), economics \(economics), activity \(activity)")
            }
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }
}
