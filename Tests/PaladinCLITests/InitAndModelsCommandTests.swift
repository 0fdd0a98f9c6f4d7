import Foundation
import Testing

@Suite("paladin init, demo and models")
struct InitAndModelsCommandTests {
    @Test("init creates the database with the built-in models; a second init installs none")
    func initTwice() async throws {
        try await withSandbox(initialised: false) { cli in
            // when
            let first = try await cli.ok(["init", "--workspace", "acme"])
            let second = try await cli.ok(["init", "--workspace", "acme"])
            // then
            #expect(FileManager.default.fileExists(atPath: cli.db))
            #expect(first.stdout.contains("created workspace 'acme'"))
            #expect(first.stdout.contains("installed models: pro-customer, proc-guidance, buying-process, customer-journey, engagement-ladder, value-category, relationship-type"))
            #expect(second.stdout.contains("built-in models already installed"))
            #expect(second.stderr.isEmpty)
        }
    }

    @Test("--help lists every command")
    func help() async throws {
        try await withSandbox(initialised: false) { cli in
            let help = try await cli.run(["--help"], withDB: false)
            #expect(help.status == 0)
            for command in ["init", "models", "customers", "move", "mark", "log", "record", "follow-ups", "import", "export", "demo", "check"] {
                #expect(help.stdout.contains("  \(command) "), "--help does not list \(command)")
            }
        }
    }

    @Test("demo fills a workspace with the customers asked for, and check agrees with it")
    func demo() async throws {
        try await withSandbox(initialised: false) { cli in
            // when
            let demo = try await cli.ok(["demo", "--customers", "30"])
            // then
            #expect(demo.stdout.contains(": 30 customers,"))
            #expect(demo.stdout.contains("[customer-journey]"))
            let customers = try #require(try await cli.json(["customers", "list"]) as? [[String: Any]])
            #expect(customers.count == 30)
            #expect(try await cli.ok(["check"]).stdout.contains("ok: every position agrees"))
            let again = try await cli.ok(["demo", "--customers", "30"])
            #expect(again.stdout.contains("already has customers"))
            #expect(try #require(try await cli.json(["customers", "list"]) as? [Any]).count == 30)
        }
    }

    @Test("models list shows the seven models, as a table and as JSON")
    func modelsList() async throws {
        try await withSandbox { cli in
            let table = try await cli.ok(["models", "list"])
            let rows = table.stdout.split(separator: "\n").dropFirst(2)
            #expect(rows.count == 7)
            #expect(rows.first?.hasPrefix("pro-customer") == true)
            let models = try #require(try await cli.json(["models", "list"]) as? [[String: Any]])
            #expect(models.compactMap { $0["key"] as? String } == [
                "pro-customer", "proc-guidance", "buying-process", "customer-journey", "engagement-ladder", "value-category", "relationship-type",
            ])
            #expect(models.allSatisfy { $0["version"] as? Int == 1 && $0["built_in"] as? Bool == true })
        }
    }

    @Test("models show --format json has the key, kind, states with colours and stages with their markers")
    func modelsShowJSON() async throws {
        try await withSandbox { cli in
            // when
            let journey = try #require(try await cli.json(["models", "show", "customer-journey"]) as? [String: Any])
            let pro = try #require(try await cli.json(["models", "show", "pro-customer"]) as? [String: Any])
            // then
            #expect(journey["key"] as? String == "customer-journey")
            #expect(journey["kind"] as? String == "guided")
            #expect(journey["cyclic"] as? Bool == false)
            #expect((journey["states"] as? [Any])?.isEmpty == true)
            let stages = try #require(journey["stages"] as? [[String: Any]])
            #expect(stages.compactMap { $0["key"] as? String } == ["assess", "admit", "affirm", "activate", "acclimate", "accomplish", "adopt", "advocate"])
            #expect(stages[0]["state"] is NSNull)
            let markers = try #require(stages[1]["markers"] as? [[String: Any]])
            #expect(markers.compactMap { $0["key"] as? String } == ["need-admitted", "purchase-completed"])
            #expect(markers.allSatisfy { $0["required"] as? Bool == true })
            #expect(pro["cyclic"] as? Bool == true)
            let states = try #require(pro["states"] as? [[String: Any]])
            #expect(states.compactMap { $0["key"] as? String } == ["red", "amber", "green", "blue"])
            #expect(states.allSatisfy { ($0["color"] as? String)?.hasPrefix("#") == true })
            #expect((pro["stages"] as? [[String: Any]])?.first?["state"] as? String == "red")
        }
    }

    @Test("an exported model, edited and imported again, becomes version 2 with the new stage name")
    func modelsExportEditImport() async throws {
        try await withSandbox { cli in
            // given
            let yaml = try await cli.ok(["models", "export", "customer-journey"]).stdout
            #expect(yaml.contains("\n    en: Assess\n"))
            let edited = try cli.write("journey.yaml", yaml.replacingOccurrences(of: "\n    en: Assess\n", with: "\n    en: First look\n"))
            // when
            let imported = try await cli.ok(["models", "import", edited])
            // then
            #expect(imported.stdout.contains("updated model 'customer-journey' (version 2, 8 stages)"))
            let models = try #require(try await cli.json(["models", "list"]) as? [[String: Any]])
            #expect(models.first { $0["key"] as? String == "customer-journey" }?["version"] as? Int == 2)
            let shown = try #require(try await cli.json(["models", "show", "customer-journey"]) as? [String: Any])
            let first = try #require((shown["stages"] as? [[String: Any]])?.first)
            #expect((first["names"] as? [String: String])?["en"] == "First look")
            #expect(first["key"] as? String == "assess")
        }
    }
}
