import Foundation
import Testing

@Suite("paladin move, mark, log and check")
struct JourneyCommandTests {
    func move(_ cli: Sandbox, _ customer: String, to stage: String, _ extra: [String] = []) async throws -> RunResult {
        try await cli.run(["move", customer, "--model", "customer-journey", "--to", stage] + extra)
    }

    /// The customer's row for `model` in `customers show --format json`.
    func position(_ cli: Sandbox, _ customer: String, _ model: String = "customer-journey") async throws -> [String: Any] {
        let detail = try #require(try await cli.json(["customers", "show", customer]) as? [String: Any])
        return try #require((detail["positions"] as? [[String: Any]])?.first { $0["model"] as? String == model })
    }

    @Test("a move past unmet markers exits with status 3, lists the marker keys, and writes nothing")
    func refusedMove() async throws {
        try await withSandbox { cli in
            // given
            try await cli.addCustomer("C-1", "Ana")
            try await cli.ok(["mark", "C-1", "--model", "customer-journey", "--marker", "expectations-stated"])
            try await move(cli, "C-1", to: "admit").expectSuccess()
            let before = try await cli.snapshot()
            // when
            let refused = try await move(cli, "C-1", to: "affirm")
            // then
            #expect(refused.status == 3)
            #expect(refused.errorLines.count == 1)
            #expect(refused.stderr.hasPrefix("error: refused: stage 'admit' has unmet required markers: need-admitted"))
            #expect(refused.stderr.contains("purchase-completed"))
            #expect(refused.stdout.isEmpty)
            #expect(try await cli.snapshot() == before)
            #expect(try await position(cli, "C-1")["stage"] as? String == "admit")
        }
    }

    @Test("after mark the move succeeds and is in the move history")
    func markThenMove() async throws {
        try await withSandbox { cli in
            // given
            try await cli.addCustomer("C-1", "Ana")
            let marked = try await cli.ok(["mark", "C-1", "--model", "customer-journey", "--marker", "expectations-stated", "--note", "Wants delivery in a week"])
            let again = try await cli.ok(["mark", "C-1", "--model", "customer-journey", "--marker", "expectations-stated"])
            // when
            let moved = try await move(cli, "C-1", to: "admit", ["--decision", "Buys the starter pack"])
            // then
            #expect(marked.stdout.contains("marker customer-journey:expectations-stated met by customer 1"))
            #expect(again.stdout.contains("already met"))
            #expect(moved.status == 0)
            #expect(moved.stdout.contains("assess → admit (forward)"))
            let history = try await cli.ok(["export", "moves"]).stdout
            #expect(history.contains("C-1,customer-journey,assess,admit,forward,"))
            #expect(history.contains(",cli-tester,Buys the starter pack,"))
            #expect(try await position(cli, "C-1")["stage"] as? String == "admit")
            #expect(try await cli.ok(["check"]).stdout.hasPrefix("ok:"))
        }
    }

    @Test("--force without --reason is refused and writes nothing")
    func forceWithoutReason() async throws {
        try await withSandbox { cli in
            try await cli.addCustomer("C-1", "Ana")
            let before = try await cli.snapshot()
            let refused = try await move(cli, "C-1", to: "admit", ["--force"])
            #expect(refused.status == 3)
            #expect(refused.errorLines == ["error: forcing a move past unmet markers needs a reason"])
            #expect(try await cli.snapshot() == before)
        }
    }

    @Test("--force --reason moves on and records the overridden markers and the reason")
    func forceWithReason() async throws {
        try await withSandbox { cli in
            // given
            try await cli.addCustomer("C-1", "Ana")
            // when
            let forced = try await move(cli, "C-1", to: "admit", ["--force", "--reason", "Signed on the phone"])
            // then
            #expect(forced.status == 0)
            #expect(forced.stdout.contains("overrode unmet markers: expectations-stated"))
            let detail = try #require(try await cli.json(["customers", "show", "C-1"]) as? [String: Any])
            let last = try #require((detail["moves"] as? [[String: Any]])?.first)
            #expect(last["kind"] as? String == "forward")
            #expect(last["reason"] as? String == "Signed on the phone")
            #expect(last["overridden_markers"] as? [String] == ["expectations-stated"])
            #expect(try await cli.ok(["export", "moves"]).stdout.contains(",cli-tester,,Signed on the phone,expectations-stated,\n"))
        }
    }

    @Test("log records the interaction, its MODEL:KEY markers and a follow-up")
    func logWithMarkerAndFollowUp() async throws {
        try await withSandbox { cli in
            // given
            try await cli.addCustomer("C-1", "Ana")
            // when
            let logged = try await cli.ok(["log", "C-1", "--channel", "in-person", "--kind", "meeting", "--summary", "Kick-off",
                                           "--marker", "customer-journey:expectations-stated", "--marker", "pro-customer:problem-named",
                                           "--follow-up", "2030-03-01", "--date", "2026-01-10T09:30:00Z"])
            // then
            #expect(logged.stdout.contains("logged interaction 1 (in_person/meeting) for customer 1"))
            #expect(logged.stdout.contains("markers met: customer-journey:expectations-stated, pro-customer:problem-named"))
            #expect(logged.stdout.contains("follow-up #1 due 2030-03-01"))
            let interactions = try await cli.ok(["export", "interactions"]).stdout
            #expect(interactions.contains("C-1,2026-01-10T09:30:00Z,in_person,meeting,Kick-off,customer-journey:expectations-stated pro-customer:problem-named,,2030-03-01"))
            let markers = try #require(try await position(cli, "C-1")["markers"] as? [[String: Any]])
            #expect(markers.first { $0["key"] as? String == "expectations-stated" }?["met"] as? Bool == true)
            #expect(try await move(cli, "C-1", to: "admit").status == 0)
        }
    }

    @Test("a derived model is overridden with a reason and cleared again")
    func derivedOverride() async throws {
        try await withSandbox { cli in
            try await cli.addCustomer("C-1", "Ana")
            let noReason = try await cli.run(["move", "C-1", "--model", "value-category", "--to", "loyal"])
            let override = try await cli.run(["move", "C-1", "--model", "value-category", "--to", "loyal", "--reason", "Key account"])
            let placed = try await position(cli, "C-1", "value-category")
            let clear = try await cli.run(["move", "C-1", "--model", "value-category", "--clear-override"])
            #expect(noReason.status == 3 && noReason.stderr.contains("override"))
            #expect(override.status == 0 && override.stdout.contains("(override)"))
            #expect(placed["stage"] as? String == "loyal" && placed["is_override"] as? Bool == true)
            #expect(clear.status == 0 && clear.stdout.contains("(clear)"))
            #expect(try await cli.ok(["check"]).status == 0)
        }
    }
}

extension RunResult {
    /// Records an issue (with the output) unless the run succeeded.
    func expectSuccess(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(status == 0, "\(self)", sourceLocation: sourceLocation)
    }
}
