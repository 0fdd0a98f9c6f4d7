import PaladinCore
@testable import PaladinStore
import Testing

@Suite("Import is all or nothing")
struct ImportRejectionTests {
    /// Runs an import that must be rejected, and returns the rejection.
    func rejection(_ session: WorkspaceSession, _ kind: ImportKind, _ text: String, source: String) async -> ImportRejected? {
        do {
            let outcome = try await session.importText(kind, text, source: source)
            Issue.record("import was accepted: \(outcome.imported) rows")
            return nil
        } catch let rejected as ImportRejected {
            return rejected
        } catch {
            Issue.record("expected ImportRejected, got \(error)")
            return nil
        }
    }

    func seed(_ session: WorkspaceSession) async throws {
        try await session.importText(.customers, "external_id,name\nC-1,Ana\nC-2,Bob\n")
    }

    @Test("one bad row rejects the whole file, naming FILE:LINE: COLUMN, and nothing is written")
    func oneBadRow() async throws {
        try await withSession { session in
            // given
            try await seed(session)
            let before = try await Counts(session)
            let file = """
                customer,date,amount
                C-1,2026-01-01,10.00
                C-2,2026-13-45,abc
                C-1,2026-01-03,-5
                C-2,2026-01-04,7
                """
            // when
            let rejected = await rejection(session, .purchases, file, source: "sales.csv")
            // then
            let lines = try #require(rejected).description.split(separator: "\n").map(String.init)
            #expect(lines.count == 4)
            #expect(lines[0].hasPrefix("sales.csv:3: date: "))
            #expect(lines[1].hasPrefix("sales.csv:3: amount: "))
            #expect(lines[2].hasPrefix("sales.csv:4: amount: ") && lines[2].contains("negative"))
            #expect(lines[3].contains("2 bad rows; nothing was imported"))
            #expect(rejected?.badRows == 2)
            #expect(try await Counts(session) == before)
        }
    }

    @Test("a bad customer row rejects the good customers too")
    func badCustomerRow() async throws {
        try await withSession { session in
            // given
            let before = try await Counts(session)
            // when
            let rejected = await rejection(session, .customers, "external_id,name,email\nA,Ann,\nB,,b@x.example\nA,Again,\n", source: "people.csv")
            // then
            let text = try #require(rejected).description
            #expect(text.contains("people.csv:3: name: is empty"))
            #expect(text.contains("people.csv:4: external_id: 'A' appears again (first on line 2)"))
            #expect(try await Counts(session) == before)
        }
    }

    @Test("a header without a required column is rejected on line 1")
    func missingColumn() async throws {
        try await withSession { session in
            try await seed(session)
            let rejected = await rejection(session, .surveys, "customer,date\nC-1,2026-01-01\n", source: "nps.csv")
            #expect(rejected?.description.contains("nps.csv:1: score: missing column") == true)
            #expect(try await Counts(session).surveys == 0)
        }
    }

    @Test("skipInvalid imports the good rows and returns the rejected ones with their fields and reasons")
    func skipInvalid() async throws {
        try await withSession { session in
            // given
            try await seed(session)
            // when
            let outcome = try await session.importText(.surveys, """
                customer,date,score,comment
                C-1,2026-01-01,9,Good
                C-2,2026-01-02,11,Too high
                C-3,2026-01-03,5,
                C-2,2026-01-04,-1,Negative
                C-2,2026-01-05,0,Bad
                """, skipInvalid: true)
            // then
            #expect((outcome.rows, outcome.imported) == (5, 2))
            #expect(outcome.rejected.map(\.line) == [3, 4, 5])
            #expect(outcome.rejected[0].fields == ["C-2", "2026-01-02", "11", "Too high"])
            #expect(outcome.rejected[0].errors.map(\.column) == ["score"])
            #expect(outcome.rejected[1].errors.map(\.column) == ["customer"])
            #expect(outcome.header == ["customer", "date", "score", "comment"])
            #expect(try await Counts(session).surveys == 2)
        }
    }

    @Test("semicolons, a byte order mark and a quoted line break are read, and later line numbers stay right")
    func semicolonBOMAndNewline() async throws {
        try await withSession { session in
            // given
            let file = "\u{FEFF}external_id;name;note\nA;\"Ann\nMarie\";first\nB;Bob;\"says \"\"hi\"\"\"\nC;;third\n"
            // when
            let rejected = await rejection(session, .customers, file, source: "eu.csv")
            let outcome = try await session.importText(.customers, file, source: "eu.csv", skipInvalid: true)
            // then
            #expect(rejected?.description.hasPrefix("eu.csv:5: name: is empty") == true)
            #expect(outcome.rejected.map(\.line) == [5])
            #expect(outcome.imported == 2)
            let ann = try await session.customer("A")
            #expect(ann.name == "Ann\nMarie")
            #expect(ann.attributes == ["note": "first"])
            #expect(try await session.customer("B").attributes == ["note": "says \"hi\""])
        }
    }

    @Test("at most 100 problems are listed, then how many more there are")
    func hundredProblems() async throws {
        try await withSession { session in
            // given: 150 rows, each with one bad amount
            try await seed(session)
            var file = "customer,date,amount\n"
            for day in 1...150 { file += "C-1,2026-01-01,x\(day)\n" }
            // when
            let rejected = await rejection(session, .costs, file, source: "many.csv")
            // then
            let lines = try #require(rejected).description.split(separator: "\n").map(String.init)
            #expect(lines.count == 102)
            #expect(lines.prefix(100).allSatisfy { $0.hasPrefix("many.csv:") && $0.contains(": amount: ") })
            #expect(lines[99].hasPrefix("many.csv:101: amount:"))
            #expect(lines[100] == "… and 50 more problems")
            #expect(lines[101].hasPrefix("150 bad rows"))
            #expect(try await Counts(session).costs == 0)
        }
    }
}
