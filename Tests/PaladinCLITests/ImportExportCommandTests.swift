import Foundation
import Testing

@Suite("paladin import and export")
struct ImportExportCommandTests {
    static let customers = "external_id,name,email,tags,region\nC-1,Ana Popescu,ana@popescu.example,vip,north\nC-2,Bogdan Ionescu,,,south\n"
    static let purchases = "customer,date,amount,currency,reference\nC-1,2026-01-15,1250.50,EUR,INV-1\nC-2,2026-02-01T10:30:00Z,99.99,RON,INV-2\n"

    @Test("import then export round-trips into a second database")
    func roundTrip() async throws {
        try await withSandbox { cli in
            // given
            let customersFile = try cli.write("customers.csv", Self.customers)
            let purchasesFile = try cli.write("purchases.csv", Self.purchases)
            // when
            let imported = try await cli.ok(["import", "customers", customersFile])
            try await cli.ok(["import", "purchases", purchasesFile])
            try await cli.ok(["log", "C-1", "--channel", "email", "--kind", "message", "--summary", "Sent offer",
                              "--marker", "customer-journey:expectations-stated", "--follow-up", "2030-01-01", "--date", "2026-03-01"])
            try await cli.ok(["record", "cost", "C-2", "--amount", "12.5", "--date", "2026-03-02", "--category", "logistics"])
            try await cli.ok(["record", "survey", "C-1", "--score", "10", "--date", "2026-03-03"])
            // then
            #expect(imported.stdout.contains("imported 2 of 2 customers rows") && imported.stdout.contains("(2 new, 0 updated)"))
            let copy = cli.path("copy.sqlite")
            #expect(try await cli.run(["init"], db: copy).status == 0)
            for kind in ["customers", "purchases", "costs", "surveys", "interactions"] {
                let exported = try await cli.ok(["export", kind]).stdout
                let file = try cli.write("\(kind)-export.csv", exported)
                let result = try await cli.run(["import", kind, file], db: copy)
                #expect(result.status == 0, "\(kind): \(result)")
                #expect(try await cli.run(["export", kind], db: copy).stdout == exported, "\(kind) differs after the round trip")
            }
            let json = try #require(try JSONSerialization.jsonObject(with: Data(try await cli.ok(["export", "purchases", "--format", "json"]).stdout.utf8)) as? [[String: Any]])
            #expect(json.compactMap { $0["amount"] as? String } == ["1250.50", "99.99"])
            #expect(json.first?["customer"] as? String == "C-1")
        }
    }

    @Test("a file with a bad row is refused with FILE:LINE: COLUMN lines and nothing is imported")
    func badRowRefused() async throws {
        try await withSandbox { cli in
            // given
            try await cli.ok(["import", "customers", try cli.write("customers.csv", Self.customers)])
            let file = try cli.write("sales.csv", "customer,date,amount\nC-1,2026-01-15,10\nC-2,2026-01-16,ten\nC-1,2026-01-17,5\n")
            let before = try await cli.snapshot()
            let purchasesBefore = try await cli.ok(["export", "purchases"]).stdout
            // when
            let refused = try await cli.run(["import", "purchases", file])
            // then
            #expect(refused.status != 0)
            #expect(refused.errorLines.first?.hasPrefix("error: \(file):3: amount: ") == true)
            #expect(refused.errorLines.count == 2)
            #expect(refused.stderr.contains("nothing was imported"))
            #expect(try await cli.snapshot() == before)
            #expect(try await cli.ok(["export", "purchases"]).stdout == purchasesBefore)
            #expect(!FileManager.default.fileExists(atPath: file + ".rejected.csv"))
        }
    }

    @Test("--skip-invalid imports the good rows and writes the bad ones with a reason to FILE.rejected.csv")
    func skipInvalid() async throws {
        try await withSandbox { cli in
            // given
            try await cli.ok(["import", "customers", try cli.write("customers.csv", Self.customers)])
            let file = try cli.write("nps.csv", "customer;date;score;comment\nC-1;2026-01-15;9;Good\nC-2;2026-01-16;11;\"Too; high\"\nC-9;2026-01-17;5;Who\n")
            // when
            let result = try await cli.ok(["import", "surveys", file, "--skip-invalid"])
            // then
            #expect(result.stdout.contains("imported 1 of 3 surveys rows"))
            #expect(result.stdout.contains("rejected 2 rows; written with reasons to \(file).rejected.csv"))
            let rejected = try String(contentsOfFile: file + ".rejected.csv", encoding: .utf8)
            let lines = rejected.split(separator: "\n").map(String.init)
            #expect(lines.first == "customer,date,score,comment,reason")
            #expect(lines.count == 3)
            #expect(lines[1].hasPrefix("C-2,2026-01-16,11,Too; high,score: '11' is not a whole number from 0 to 10"))
            #expect(lines[2].hasPrefix("C-9,2026-01-17,5,Who,customer: no customer with external id 'C-9'"))
            let surveys = try await cli.ok(["export", "surveys"]).stdout.split(separator: "\n")
            #expect(surveys.count == 2)
        }
    }

    @Test("a missing import file is named and nothing is written")
    func missingImportFile() async throws {
        try await withSandbox { cli in
            let before = try await cli.snapshot()
            let result = try await cli.run(["import", "customers", "nowhere.csv"])
            #expect(result.status != 0)
            #expect(result.errorLines == ["error: cannot read 'nowhere.csv': no such file or not readable"])
            #expect(try await cli.snapshot() == before)
        }
    }

    @Test("re-importing changed customers updates them without duplicates")
    func reimport() async throws {
        try await withSandbox { cli in
            let file = try cli.write("customers.csv", Self.customers)
            try await cli.ok(["import", "customers", file])
            let changed = try cli.write("changed.csv", "external_id,name\nC-1,Ana Marin\nC-3,Carla\n")
            let result = try await cli.ok(["import", "customers", changed])
            #expect(result.stdout.contains("(1 new, 1 updated)"))
            let all = try #require(try await cli.json(["customers", "list", "--sort", "id"]) as? [[String: Any]])
            #expect(all.compactMap { $0["name"] as? String } == ["Ana Marin", "Bogdan Ionescu", "Carla"])
        }
    }

    @Test("malformed CSV is refused naming FILE:LINE, and nothing is written", arguments: [
        ("customer,date,amount\nC-1,2026-01-01,\"10\nC-1,2026-01-02,5\n", ":2: unterminated quoted field"),
        ("customer,date,amount\nC-1,2026-01-01,\"1,234.56\"\nC-1,2026-01-01,5,extra\n", ":3: has 4 fields but the header has 3"),
        ("customer,when,value,date\nC-1,2026-01-01,5,2026-01-01\n", ":1: date: appears twice in the header"),
        ("", ":1: the file is empty"),
    ])
    func malformedCSV(text: String, problem: String) async throws {
        try await withSandbox { cli in
            // given
            try await cli.ok(["import", "customers", try cli.write("customers.csv", Self.customers)])
            let file = try cli.write("bad.csv", text)
            let before = try await cli.snapshot()
            // when
            let result = try await cli.run(["import", "purchases", file])
            // then
            #expect(result.status == 1)
            #expect(result.errorLines.first?.hasPrefix("error: \(file)\(problem)") == true, "\(result)")
            #expect(try await cli.snapshot() == before)
        }
    }

    @Test("an unusable --date-format is named as the option, and nothing is written")
    func badDateFormat() async throws {
        try await withSandbox { cli in
            try await cli.ok(["import", "customers", try cli.write("customers.csv", Self.customers)])
            let file = try cli.write("eu.csv", "customer,date,amount\nC-1,01.02.2026,5\n")
            let before = try await cli.snapshot()
            let result = try await cli.run(["import", "purchases", file, "--date-format", "QQ.MM"])
            #expect(result.status == 1)
            #expect(result.errorLines.count == 1, "\(result)")
            #expect(result.errorLines.first?.hasPrefix("error: --date-format: unknown token 'QQ'") == true, "\(result)")
            #expect(try await cli.snapshot() == before)
            try await cli.ok(["import", "purchases", file, "--date-format", "DD.MM.YYYY"])
            #expect(try await cli.ok(["export", "purchases"]).stdout.contains("C-1,2026-02-01T00:00:00Z,5.00,EUR,"))
        }
    }
}
