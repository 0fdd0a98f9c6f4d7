import Foundation
import PaladinCore
import PaladinStore
import Testing

/// `paladin surveys create|links|results`.
@Suite struct SurveyCommandTests {
    @Test func linksExportAsCSVWithThePublicURL() async throws {
        try await withSandbox { sandbox in
            // given
            try await sandbox.ok(["customers", "add", "--name", "Ana Pop", "--external-id", "C-1", "--email", "ana@example.test", "--tag", "vip"])
            try await sandbox.ok(["customers", "add", "--name", "Bo, Ltd", "--external-id", "C-2", "--tag", "vip"])
            try await sandbox.ok(["customers", "add", "--name", "Cy", "--external-id", "C-3"])
            let until = Clock.system.now().date.adding(days: 10).description
            let created = try await sandbox.ok(["surveys", "create", "--name", "Spring", "--valid-until", until, "--tag", "vip"])
            #expect(created.stdout.contains("created survey campaign 1 'Spring': 2 customers invited"))
            // when
            let links = try await sandbox.ok(["surveys", "links", "1", "--format", "csv", "--public-url", "https://crm.example.test/"])
            // then: a header, one line per invited customer, quoted where needed, links under the public URL
            let lines = links.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first == "customer_id,external_id,name,email,link")
            #expect(lines.count == 3)
            #expect(lines[1].hasPrefix("1,C-1,Ana Pop,ana@example.test,https://crm.example.test/s/"))
            #expect(lines[2].hasPrefix("2,C-2,\"Bo, Ltd\",,https://crm.example.test/s/"))
            // a second export shows no link again, and says why
            let again = try await sandbox.ok(["surveys", "links", "1", "--format", "csv"])
            #expect(again.stdout == "customer_id,external_id,name,email,link\n")
            #expect(again.stderr.contains("2 invitation(s) kept the link issued before"))
            // the environment gives the base URL too
            let results = try await sandbox.json(["surveys", "results", "1"])
            let object = try #require(results as? [String: Any])
            #expect((object["campaign"] as? [String: Any])?["issued"] as? Int == 2)
            #expect(object["nps"] is NSNull)
            let table = try await sandbox.ok(["surveys", "results", "1"])
            #expect(table.stdout.contains("answered 0 of 2 invited"))
            let list = try await sandbox.ok(["surveys", "list", "--format", "csv"])
            #expect(list.stdout.contains("1,Spring,open,\(until),2,2,0"))
        }
    }

    @Test func theRelayTakesAUserAndAPasswordFromStdinAndNeverPrintsIt() async throws {
        try await withSandbox { sandbox in
            let set = try await sandbox.run([
                "surveys", "smtp", "--smtp-host", "smtp.example.test", "--smtp-tls", "tls", "--smtp-user", "mailer", "--from", "s@acme.test",
                "--smtp-password-stdin",
            ], input: "pw-secret\n")
            #expect(set.status == 0, "\(set)")
            #expect(set.stdout.contains("smtp.example.test:465 (tls) from s@acme.test as mailer with a password"), "\(set)")
            #expect(!set.stdout.contains("pw-secret") && !set.stderr.contains("pw-secret"))
            // the same user again without a password keeps the stored one
            let again = try await sandbox.ok(["surveys", "smtp", "--smtp-host", "smtp.example.test", "--smtp-port", "587", "--smtp-user", "mailer", "--from", "s@acme.test"])
            #expect(again.stdout.contains("smtp.example.test:587 (auto) from s@acme.test as mailer with a password"), "\(again)")
            let cases: [([String], String?, String)] = [
                (["--smtp-tls", "ssl"], nil, "--smtp-tls"),
                (["--smtp-password-stdin"], "pw", "--smtp-user"),
                (["--smtp-tls", "plain", "--smtp-user", "u", "--smtp-password-stdin"], "pw", "--smtp-tls"),
                (["--smtp-user", "other"], nil, "--smtp-password-stdin"),
            ]
            for (extra, input, named) in cases {
                let result = try await sandbox.run(["surveys", "smtp", "--smtp-host", "h.example.test", "--from", "s@acme.test"] + extra, input: input)
                #expect(result.status != 0, "\(extra): \(result)")
                #expect(result.stderr.contains(named), "\(extra): \(result)")
                #expect(!result.stderr.contains("pw\n"))
            }
        }
    }

    @Test func badInputNamesTheOptionAndWritesNothing() async throws {
        try await withSandbox { sandbox in
            try await sandbox.ok(["customers", "add", "--name", "Ana", "--external-id", "C-1"])
            let cases: [([String], String)] = [
                (["surveys", "create", "--name", "X", "--valid-until", "someday", "--customer", "C-1"], "--valid-until"),
                (["surveys", "create", "--name", "X", "--valid-until", "2001-01-01", "--customer", "C-1"], "valid_until"),
                (["surveys", "create", "--name", "X", "--valid-until", "2099-01-01", "--customer", "C-9"], "selection.customers[0]"),
                (["surveys", "create", "--name", "X", "--valid-until", "2099-01-01", "--questions", "missing.json", "--customer", "C-1"], "--questions"),
                (["surveys", "links", "7"], "no survey campaign"),
                (["surveys", "links", "x", "--public-url", "ftp://x"], "--public-url"),
            ]
            for (arguments, named) in cases {
                let result = try await sandbox.run(arguments)
                #expect(result.status == 1, "\(arguments): \(result)")
                #expect(result.stderr.contains(named), "\(arguments): \(result)")
            }
            let list = try await sandbox.ok(["surveys", "list", "--format", "csv"])
            #expect(list.stdout == "id,name,status,valid_until,invited,issued,answered\n")
        }
    }
}
