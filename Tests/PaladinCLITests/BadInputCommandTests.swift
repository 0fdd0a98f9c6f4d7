import Foundation
import Testing

/// A command that must fail with one clear message and write nothing.
struct BadInput: Sendable, CustomTestStringConvertible {
    var arguments: [String]
    /// Text the single stderr line must contain (the thing named).
    var names: String
    /// The exit status, when it is a specific one.
    var status: Int32 = 1

    var testDescription: String { arguments.joined(separator: " ") }

    static let log = ["log", "A1", "--channel", "phone", "--kind", "call", "--summary", "Called"]
    static let move = ["move", "A1", "--model", "customer-journey"]

    static let all: [BadInput] = [
        BadInput(arguments: ["move", "NOPE", "--model", "customer-journey", "--to", "admit"], names: "no customer 'NOPE' in workspace 'default'"),
        BadInput(arguments: ["move", "A1", "--model", "nope", "--to", "admit"], names: "no model 'nope' in this workspace"),
        BadInput(arguments: move + ["--to", "nowhere"], names: "model 'customer-journey' has no stage 'nowhere'", status: 1),
        BadInput(arguments: ["mark", "A1", "--model", "customer-journey", "--marker", "nope"], names: "model 'customer-journey' has no marker 'nope'"),
        BadInput(arguments: ["mark", "NOPE", "--model", "customer-journey", "--marker", "expectations-stated"], names: "no customer 'NOPE'"),
        BadInput(arguments: log + ["--marker", "customer-journey:nope"], names: "has no marker 'nope'"),
        BadInput(arguments: log + ["--marker", "nope:expectations-stated"], names: "no model 'nope'"),
        BadInput(arguments: log + ["--marker", "expectations-stated"], names: "--marker: 'expectations-stated' is not MODEL:MARKER"),
        BadInput(arguments: move + ["--to", "admit"], names: "unmet required markers: expectations-stated", status: 3),
        BadInput(arguments: move + ["--to", "affirm"], names: "skipping stages needs a reason", status: 3),
        BadInput(arguments: ["move", "A1", "--model", "engagement-ladder", "--to", "client"], names: "needs a reason", status: 3),
        BadInput(arguments: ["move", "A1", "--model", "engagement-ladder", "--clear-override"], names: "no manual override in model 'engagement-ladder'", status: 3),
        BadInput(arguments: ["record", "survey", "A1", "--score", "11"], names: "--score: 11 is outside 0–10"),
        BadInput(arguments: ["record", "survey", "A1", "--score=-1"], names: "--score: -1 is outside 0–10"),
        BadInput(arguments: ["record", "purchase", "A1", "--amount=-5"], names: "--amount: must not be negative"),
        BadInput(arguments: ["record", "cost", "A1", "--amount=-0.01"], names: "--amount: must not be negative"),
        BadInput(arguments: ["record", "purchase", "A1", "--amount", "lots"], names: "--amount: "),
        BadInput(arguments: ["record", "purchase", "A1", "--amount", "10", "--currency", "euro"], names: "--currency: 'EURO'"),
        BadInput(arguments: ["record", "purchase", "A1", "--amount", "10", "--date", "2024-13-45"], names: "--date: '2024-13-45' is not a valid date"),
        BadInput(arguments: ["record", "cost", "A1", "--amount", "10", "--category", "bananas"], names: "--category: 'bananas' is not one of"),
        BadInput(arguments: log + ["--follow-up", "tomorrow"], names: "--follow-up: 'tomorrow' is not a valid date"),
        BadInput(arguments: ["log", "A1", "--channel", "pigeon", "--kind", "call", "--summary", "x"], names: "--channel: 'pigeon' is not one of"),
        BadInput(arguments: ["log", "A1", "--channel", "phone", "--kind", "call", "--summary", "  "], names: "--summary: is empty"),
        BadInput(arguments: ["customers", "add", "--name", "Other", "--external-id", "A1"], names: "a customer with external id 'A1' already exists"),
        BadInput(arguments: ["customers", "add", "--name", "Other", "--email", "not-an-email"], names: "email: 'not-an-email' is not an email address"),
        BadInput(arguments: ["customers", "add", "--name", "Other", "--kind", "robot"], names: "--kind: 'robot'"),
        BadInput(arguments: ["customers", "add", "--name", "Other", "--workspace", "nowhere"], names: "no workspace 'nowhere' in this database"),
        BadInput(arguments: ["customers", "list", "--model", "customer-journey", "--stage", "nowhere"], names: "has no stage 'nowhere'"),
        BadInput(arguments: ["follow-ups", "done", "99"], names: "no open follow-up 99"),
    ]
}

@Suite("Bad input: one clear message, a non-zero exit, nothing written")
struct BadInputCommandTests {
    @Test(arguments: BadInput.all)
    func refused(_ input: BadInput) async throws {
        try await withSandbox { cli in
            // given
            try await cli.addCustomer("A1", "Ana")
            let before = try await cli.snapshot()
            // when
            let result = try await cli.run(input.arguments)
            // then
            #expect(result.status == input.status, "\(result)")
            #expect(result.errorLines.count == 1, "\(result)")
            #expect(result.errorLines.first?.hasPrefix("error: ") == true)
            #expect(result.stderr.contains(input.names), "\(result)")
            #expect(result.stdout.isEmpty)
            #expect(try await cli.snapshot() == before)
        }
    }

    @Test("a negative value written as a separate argument is refused as a missing value, writing nothing",
          arguments: [["record", "survey", "A1", "--score", "-1"], ["record", "purchase", "A1", "--amount", "-5"]])
    func negativeAsSeparateArgument(_ arguments: [String]) async throws {
        try await withSandbox { cli in
            try await cli.addCustomer("A1", "Ana")
            let before = try await cli.snapshot()
            let result = try await cli.run(arguments)
            #expect(result.status != 0)
            #expect(result.stderr.contains(arguments[3]))
            #expect(try await cli.snapshot() == before)
        }
    }
}
