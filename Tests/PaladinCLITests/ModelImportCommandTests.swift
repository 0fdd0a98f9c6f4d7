import Foundation
import Testing

/// A broken model document and the located message it must produce.
struct BrokenModel: Sendable, CustomTestStringConvertible {
    var name: String
    var yaml: String
    /// The message after `FILE:LINE: `.
    var message: String
    var line: Int

    var testDescription: String { name }

    static let all: [BrokenModel] = [
        BrokenModel(name: "duplicate stage keys", yaml: """
            key: tiny
            names: {en: Tiny}
            stages:
              - key: one
                names: {en: One}
              - key: one
                names: {en: One again}
            """, message: "stages[1].key: duplicate stage key 'one' (also at position 1)", line: 6),
        BrokenModel(name: "unknown state", yaml: """
            key: tiny
            names: {en: Tiny}
            states:
              - key: red
                names: {en: Red}
                color: "#ff0000"
            stages:
              - key: one
                names: {en: One}
                state: purple
            """, message: "stages[0].state: unknown state 'purple' (states: red)", line: 10),
        BrokenModel(name: "mirror of an unknown state", yaml: """
            key: tiny
            cyclic: true
            mirror_of: pro-customer
            names: {en: Tiny}
            stages:
              - key: one
                names: {en: One}
                mirrors: purple
            """, message: "stages[0].mirrors: 'purple' is not a state of 'pro-customer'", line: 8),
        BrokenModel(name: "mirror of a missing model", yaml: """
            key: tiny
            names: {en: Tiny}
            mirror_of: nothing-here
            stages:
              - key: one
                names: {en: One}
            """, message: "mirror_of: 'nothing-here' is not a model in this workspace", line: 3),
        BrokenModel(name: "duplicate marker keys", yaml: """
            key: customer-journey
            names: {en: Journey}
            stages:
              - key: one
                names: {en: One}
                markers:
                  - {key: seen, names: {en: Seen}}
              - key: two
                names: {en: Two}
                markers:
                  - {key: seen, names: {en: Seen again}}
            """, message: "stages[1].markers[0].key: duplicate marker key 'seen'", line: 11),
        BrokenModel(name: "YAML syntax", yaml: "key: tiny\nnames: {en: Tiny\nstages: [\n", message: "not valid YAML or JSON", line: 3),
    ]
}

@Suite("paladin models import of broken documents")
struct ModelImportCommandTests {
    @Test("a broken model is refused with FILE:LINE and nothing is written", arguments: BrokenModel.all)
    func brokenModel(_ broken: BrokenModel) async throws {
        try await withSandbox { cli in
            // given
            let file = try cli.write("model.yaml", broken.yaml)
            let before = try await cli.snapshot()
            // when
            let result = try await cli.run(["models", "import", file])
            // then
            #expect(result.status == 1)
            #expect(result.errorLines.first?.hasPrefix("error: \(file):\(broken.line): \(broken.message)") == true, "\(result)")
            #expect(result.stdout.isEmpty)
            #expect(try await cli.snapshot() == before)
        }
    }

    @Test("a field written twice is refused, naming the file, its line and the field, and nothing is written")
    func duplicateField() async throws {
        try await withSandbox { cli in
            let file = try cli.write("twice.yaml", "key: tiny\nnames: {en: Tiny}\nnames: {en: Again}\nstages:\n  - key: one\n    names: {en: One}\n")
            let before = try await cli.snapshot()
            let result = try await cli.run(["models", "import", file])
            #expect(result.status == 1)
            #expect(result.errorLines.count == 1)
            #expect(result.stderr.hasPrefix("error: \(file):2: ") || result.stderr.hasPrefix("error: \(file):3: "), "\(result)")
            #expect(result.stderr.contains("duplicate field(s): names"))
            #expect(try await cli.snapshot() == before)
        }
    }

    @Test("changing a model so that a model mirroring it breaks is refused, naming both, and the version stays")
    func brokenDependentMirror() async throws {
        try await withSandbox { cli in
            // given: pro-customer's 'blue' state renamed, which proc-guidance mirrors
            let yaml = try await cli.ok(["models", "export", "pro-customer"]).stdout
            let edited = yaml.replacingOccurrences(of: "\n- key: blue\n", with: "\n- key: teal\n")
                .replacingOccurrences(of: "\n  state: blue\n", with: "\n  state: teal\n")
            #expect(edited != yaml)
            let file = try cli.write("pro.yaml", edited)
            let before = try await cli.snapshot()
            // when
            let result = try await cli.run(["models", "import", file])
            // then
            #expect(result.status == 1)
            #expect(result.errorLines.count == 1)
            #expect(result.stderr.hasPrefix("error: \(file)"))
            #expect(result.stderr.contains("(model proc-guidance) stages[3].mirrors: 'blue' is not a state of 'pro-customer'"))
            #expect(try await cli.snapshot() == before)
            let models = try #require(try await cli.json(["models", "list"]) as? [[String: Any]])
            #expect(models.allSatisfy { $0["version"] as? Int == 1 })
        }
    }

    @Test("a model file that does not exist is named")
    func missingFile() async throws {
        try await withSandbox { cli in
            let result = try await cli.run(["models", "import", "absent.yaml"])
            #expect(result.status == 1)
            #expect(result.errorLines == ["error: cannot read 'absent.yaml': no such file or not readable"])
        }
    }

    @Test("a new valid model is added as version 1 and can be moved through")
    func addsNewModel() async throws {
        try await withSandbox { cli in
            let file = try cli.write("tiny.yaml", "key: tiny\nnames: {en: Tiny}\nstages:\n  - {key: one, names: {en: One}}\n  - {key: two, names: {en: Two}}\n")
            let added = try await cli.ok(["models", "import", file])
            try await cli.addCustomer("C-1", "Ana")
            #expect(added.stdout.contains("added model 'tiny' (version 1, 2 stages)"))
            #expect(try await cli.ok(["move", "C-1", "--model", "tiny", "--to", "two"]).stdout.contains("one → two (forward)"))
        }
    }
}
