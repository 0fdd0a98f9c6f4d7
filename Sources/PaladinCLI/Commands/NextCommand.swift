import ArgumentParser
import PaladinCore
import PaladinStore
import PaladinViews

struct NextCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "next",
        abstract: "The next best actions: the customers who need attention most, or one customer, each action with its reason.",
        discussion: """
            Action kinds, most urgent first: follow_up_overdue, follow_up_due, disinvest, stalled (in the stall zone), \
            ready_to_move, stalled (elsewhere), win_back, invite_to_advocate, focus, meet_marker, playbook.
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only the customers this person owns (their owner field).") var owner: String?
    @Option(help: "How many customers, 1–500 (default 20).") var limit: String?
    @Option(help: "One customer's actions (external id or numeric id), instead of the list.") var customer: String?
    @Option(help: "table, json or csv.") var format = "table"

    func run() async throws {
        try await CommandFailure.mapping {
            guard let format = OutputFormat(rawValue: format) else {
                throw UserInputError("--format", "'\(self.format)' is not one of table, json, csv")
            }
            if let owner, owner.trimmingSpaces.isEmpty { throw UserInputError("--owner", "is empty") }
            var count = 20
            if let limit {
                guard let value = Int(limit.trimmingSpaces), (1...500).contains(value) else {
                    throw UserInputError("--limit", "'\(limit)' is not a whole number from 1 to 500")
                }
                count = value
            }
            if let customer {
                guard owner == nil, limit == nil else {
                    throw UserInputError("--customer", "shows one customer; leave out --owner and --limit")
                }
                let guidance = CustomerGuidanceView(try await global.withSession { try await $0.next(customer) })
                if format == .json {
                    Output.line(Output.json(guidance))
                } else {
                    Output.rows(format, CustomerGuidanceView.header, guidance.rows)
                }
                return
            }
            let list = try await global.withSession { try await $0.nextActions(owner: owner, limit: count) }.map(CustomerGuidanceView.init)
            if format == .json {
                Output.line(Output.json(list))
            } else {
                Output.rows(format, CustomerGuidanceView.header, list.flatMap(\.rows))
            }
        }
    }
}
