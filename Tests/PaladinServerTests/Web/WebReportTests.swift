import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Hummingbird
import HummingbirdTesting
import PaladinAnalytics
import PaladinCore
@testable import PaladinServer
import PaladinStore
import Testing

@Suite("Web: the Reports pages")
struct WebReportTests {
    /// Some history to report on: a move, a purchase, a cost, a survey answer and an interaction with a follow-up.
    static func history(_ fixture: Fixture) async throws {
        let acme = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
        _ = try await acme.mark("A-1", model: "customer-journey", marker: "expectations-stated", note: "Stated")
        _ = try await acme.move("A-1", model: "customer-journey", request: MoveRequest(to: "admit"))
        _ = try await acme.addPurchase("A-1", amount: Money(cents: 12_50), currency: nil, at: nil, reference: "INV-1")
        _ = try await acme.addCost("A-1", amount: Money(cents: 3_00), category: .support, at: nil, note: nil)
        _ = try await acme.addSurvey("A-2", score: 4, comment: "Slow", at: nil)
        _ = try await acme.log("A-2", entry: InteractionEntry(channel: .email, kind: .message, summary: "Wrote", followUp: Clock.system.now().date))
    }

    /// The inline `<svg …>…</svg>` of a page.
    static func svg(in html: String) -> String? {
        guard let start = html.range(of: "<svg"), let end = html.range(of: "</svg>", options: .backwards) else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }

    @Test("the index lists the eight reports, each with a line about it")
    func index() async throws {
        try await Fixture.withApp { client, _ in
            var browser = try await Browser.signedIn(client, as: "viewer")
            let page = try await browser.get(client, "/reports")
            #expect(page.status == .ok)
            for kind in ReportKind.allCases { #expect(page.text.contains("href=\"/reports/\(kind.rawValue)\""), "\(kind)") }
            #expect(page.text.contains("Customers reaching each stage and the conversion from one stage to the next."))
        }
    }

    @Test("every report renders its chart as well-formed inline SVG, the table beneath it, and a CSV link", arguments: ReportKind.allCases)
    func eachKind(_ kind: ReportKind) async throws {
        try await Fixture.withApp(prepare: Self.history) { client, _ in
            var browser = try await Browser.signedIn(client, as: "agent")
            let page = try await browser.get(client, "/reports/\(kind.rawValue)")
            #expect(page.status == .ok)
            let svg = try #require(Self.svg(in: page.text))
            #expect(!page.text.contains("<?xml"), "inline, without the prolog")
            let parser = XMLParser(data: Data(svg.utf8))
            #expect(parser.parse(), "well-formed: \(String(describing: parser.parserError))")
            #expect(svg.contains("role=\"img\""))
            // the table beneath the chart (or, for no rows, the sentence that says so)
            let table = try #require(page.text.range(of: "<table>") ?? page.text.range(of: "The report has no rows for these filters."))
            #expect(page.text.range(of: "<svg")!.lowerBound < table.lowerBound, "the table comes beneath the chart")
            #expect(page.text.contains("href=\"/reports/\(kind.rawValue).csv"))
            #expect(page.text.contains("Computed at"))
            // the CSP still lets the drawing in: no script or style attribute in it, and the policy forbids inline script
            #expect(!svg.contains("<script") && !svg.contains("style="))
            #expect(page.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
        }
    }

    @Test("a filter that cannot be used shows the form again with 422, naming the field")
    func badFilters() async throws {
        try await Fixture.withApp { client, fixture in
            var browser = try await Browser.signedIn(client, as: "owner")
            let unknown = try await browser.get(client, "/reports/funnel?model=nope")
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.text.contains("id=\"r-model-error\"") && unknown.text.contains("There is no such model in this workspace."))
            #expect(Self.svg(in: unknown.text) == nil)
            let date = try await browser.get(client, "/reports/nps?from=last+week")
            #expect(date.status == .unprocessableContent)
            #expect(date.text.contains("id=\"r-from-error\"") && date.text.contains("value=\"last week\""))
            let reversed = try await browser.get(client, "/reports/activity?from=2026-05-01&to=2026-01-01")
            #expect(reversed.status == .unprocessableContent)
            #expect(reversed.text.contains("id=\"r-to-error\"") && reversed.text.contains("The end date is before the start date."))
            #expect(try await browser.get(client, "/reports/funnel.csv?model=nope").status == .unprocessableContent)
            #expect(try await browser.get(client, "/reports/nope").status == .notFound)
            #expect(try await browser.get(client, "/reports/funnel?format=pdf").status == .badRequest)
            // the form keeps the chosen values
            let fine = try await browser.get(client, "/reports/flow?model=pro-customer&from=2026-01-01&to=2026-12-31")
            #expect(fine.status == .ok)
            #expect(fine.text.contains("<option value=\"pro-customer\" selected>") && fine.text.contains("value=\"2026-12-31\""))
            _ = fixture
        }
    }

    @Test("the CSV download is the command line's CSV, with the session cookie", arguments: ["funnel", "nps"])
    func csvMatchesCLI(_ kind: String) async throws {
        try await Fixture.withApp(prepare: Self.history) { client, fixture in
            var browser = try await Browser.signedIn(client, as: "manager")
            let model = kind == "funnel" ? ["--model", "customer-journey"] : []
            let download = try await browser.get(client, "/reports/\(kind).csv" + (kind == "funnel" ? "?model=customer-journey" : ""))
            #expect(download.status == .ok)
            #expect(download.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(download.headers[.contentDisposition]?.contains("\(kind).csv") == true)
            let same = try await browser.get(client, "/reports/\(kind)?format=csv" + (kind == "funnel" ? "&model=customer-journey" : ""))
            #expect(same.text == download.text)
            // the CLI over the same database
            let path: String
            switch fixture.database.location {
            case .sqliteFile(let file): path = file
            case .postgres(let url): path = url
            case .sqliteMemory: Issue.record("an in-memory database cannot be shared with the CLI"); return
            }
            let binary = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(".build/debug/paladin")
            let process = Process()
            process.executableURL = binary
            process.arguments = ["report", kind] + model + ["--format", "csv", "--db", path, "--workspace", "acme"]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            #expect(download.text == String(decoding: output, as: UTF8.self))
            #expect(download.text.hasPrefix(kind == "funnel" ? "stage,reached,conversion\n" : "section,"))
            // without a session there is no download
            var stranger = Browser()
            #expect(try await stranger.get(client, "/reports/\(kind).csv").status == .seeOther)
        }
    }

    @Test("Today and a report show <html lang> and their texts in each of the five languages, no key left untranslated")
    func languages() async throws {
        try await Fixture.withApp(prepare: WebTodayTests.agentsDay) { client, _ in
            var browser = try await Browser.signedIn(client, as: "owner")
            for language in MessageCatalog.supported {
                _ = try await browser.post(client, "/language", [("language", language), ("back", "/today")])
                for path in ["/today?scope=team", "/reports", "/reports/funnel", "/reports/nps?model=nope"] {
                    let page = try await browser.get(client, path)
                    #expect(page.text.contains("<html lang=\"\(language)\">"), "\(language) \(path)")
                    for prefix in ["today_", "report_", "nav_", "error_"] {
                        #expect(!page.text.contains(">\(prefix)") && !page.text.contains(" \(prefix)"), "\(language) \(path) \(prefix)")
                    }
                }
            }
            let catalog = try MessageCatalog.load()
            let keys = Set(catalog.messages("en").keys.filter { $0.hasPrefix("today_") || $0.hasPrefix("report_") })
            #expect(keys.count > 40)
            for language in MessageCatalog.supported {
                #expect(keys.isSubset(of: Set(catalog.messages(language).keys)), "\(language)")
                if language != "en" {
                    #expect(catalog.text("nav_today", language) != catalog.text("nav_today", "en"), "\(language) is translated")
                }
            }
        }
    }
}

@Suite("Web: the report cache")
struct ReportCacheTests {
    /// A clock the test moves.
    final class Now: @unchecked Sendable {
        private let lock = NSLock()
        private var seconds: Int64 = 1_000_000
        var value: Timestamp { lock.withLock { Timestamp(seconds: seconds) } }
        func advance(_ by: Int64) { lock.withLock { seconds += by } }
    }

    /// Counts computations.
    actor Counter {
        var count = 0
        func next() -> Int { count += 1; return count }
    }

    static let key = ReportCache.Key(workspace: 1, kind: .funnel, model: "customer-journey", from: nil, to: nil, limit: 100)

    static func entry(_ number: Int, at: Timestamp) -> ReportCache.Entry {
        ReportCache.Entry(report: FunnelReport(model: JourneyModel(key: "m\(number)", names: LocalizedText(["en": "M"]), stages: []),
                                               options: ReportOptions(now: at), furthest: [:]),
                          stages: nil, computedAt: at)
    }

    @Test("a small workspace is computed on every request; a large one is served from the last result until it ages")
    func rules() async throws {
        let now = Now()
        let cache = ReportCache(now: { now.value })
        let counter = Counter()
        let compute: @Sendable () async throws -> ReportCache.Entry = { Self.entry(await counter.next(), at: now.value) }
        // small: computed each time, never kept
        for _ in 0..<2 { _ = try await cache.report(Self.key, customers: 10, compute: compute) }
        #expect(await counter.count == 2)
        #expect(await !cache.has(Self.key))
        // large: computed once (awaited with no budget), then served as it is
        guard case .ready(_, let first) = try await cache.report(Self.key, customers: 1_000_000, wait: nil, compute: compute) else {
            Issue.record("not ready"); return
        }
        #expect(!first)
        while await !cache.has(Self.key) { await Task.yield() }
        guard case .ready(let cached, let isCached) = try await cache.report(Self.key, customers: 1_000_000, compute: compute) else {
            Issue.record("not ready"); return
        }
        #expect(isCached && (cached.report as? FunnelReport)?.model == "m3")
        #expect(await counter.count == 3)
        // aged: the old result is served while one computation refreshes it
        now.advance(ReportCache.maxAge)
        guard case .ready(let stale, true) = try await cache.report(Self.key, customers: 1_000_000, compute: compute) else {
            Issue.record("not served from the cache"); return
        }
        #expect((stale.report as? FunnelReport)?.model == "m3")
        while await counter.count < 4 { await Task.yield() }
        var refreshed = ""
        while refreshed != "m4" {
            if case .ready(let entry, _) = try await cache.report(Self.key, customers: 1_000_000, compute: compute) {
                refreshed = (entry.report as? FunnelReport)?.model ?? ""
            }
            await Task.yield()
        }
        #expect(await counter.count == 4)
    }

    @Test("a large report not ready within the budget answers pending, and is served once computed")
    func pending() async throws {
        let cache = ReportCache()
        let gate = AsyncStream<Void>.makeStream()
        let compute: @Sendable () async throws -> ReportCache.Entry = {
            for await _ in gate.stream { break }
            return Self.entry(1, at: Timestamp(seconds: 5))
        }
        guard case .pending = try await cache.report(Self.key, customers: 1_000_000, compute: compute) else {
            Issue.record("expected pending"); return
        }
        gate.continuation.yield()
        while await !cache.has(Self.key) { await Task.yield() }
        guard case .ready(_, true) = try await cache.report(Self.key, customers: 1_000_000, compute: compute) else {
            Issue.record("expected the computed result"); return
        }
    }
}
