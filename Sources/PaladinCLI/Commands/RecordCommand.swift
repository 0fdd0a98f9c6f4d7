import ArgumentParser
import PaladinCore
import PaladinStore

struct RecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record evidence: a purchase, a cost to serve or a survey answer.",
        subcommands: [Purchase.self, Cost.self, Survey.self])

    struct Purchase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a purchase.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "External id or numeric id.") var customer: String
        @Option(help: "Amount, e.g. 1250.00 (not negative).") var amount: String
        @Option(help: "Currency (default: the workspace's).") var currency: String?
        @Option(help: "When (ISO 8601; default now).") var date: String?
        @Option(help: "Order or invoice number.") var reference: String?

        func run() async throws {
            let (money, at) = try await CommandFailure.mapping {
                (try parseAmount(amount, option: "--amount"), try date.map { try parseTimestamp($0, option: "--date") })
            }
            let purchase = try await global.withSession {
                try await $0.addPurchase(customer, amount: money, currency: currency, at: at, reference: reference)
            }
            Output.line("recorded purchase \(purchase.id): \(purchase.amount) \(purchase.currency) for customer \(purchase.customerId)")
        }
    }

    struct Cost: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a cost to serve.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "External id or numeric id.") var customer: String
        @Option(help: "Amount, e.g. 80.00 (not negative).") var amount: String
        @Option(help: "support, care, logistics, discount or other.") var category = "other"
        @Option(help: "When (ISO 8601; default now).") var date: String?
        @Option var note: String?

        func run() async throws {
            let (money, at, kind): (Money, Timestamp?, CostCategory) = try await CommandFailure.mapping {
                (try parseAmount(amount, option: "--amount"), try date.map { try parseTimestamp($0, option: "--date") },
                 try parseChoice(category, option: "--category"))
            }
            let cost = try await global.withSession { try await $0.addCost(customer, amount: money, category: kind, at: at, note: note) }
            Output.line("recorded cost \(cost.id): \(cost.amount) (\(cost.category.rawValue)) for customer \(cost.customerId)")
        }
    }

    struct Survey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record an answer to 'would you recommend us?' (0–10).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "External id or numeric id.") var customer: String
        @Option(help: "0 to 10.") var score: Int
        @Option(help: "Why.") var comment: String?
        @Option(help: "When (ISO 8601; default now).") var date: String?

        func run() async throws {
            let at = try await CommandFailure.mapping { try date.map { try parseTimestamp($0, option: "--date") } }
            let response = try await global.withSession { try await $0.addSurvey(customer, score: score, comment: comment, at: at) }
            Output.line("recorded score \(response.score) (\(response.segment.rawValue)) for customer \(response.customerId)")
        }
    }
}

struct FollowUpsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "follow-ups",
        abstract: "List open follow-ups (overdue first) or mark one done.",
        subcommands: [List.self, Done.self], defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List follow-ups.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Include done ones.") var all = false
        @Option(help: "Only those assigned to this person.") var assignee: String?
        @Option(help: "table, json or csv.") var format = OutputFormat.table

        func run() async throws {
            let (followUps, today) = try await global.withSession { session in
                (try await session.followUps(includeDone: all).filter { assignee == nil || $0.assignee == assignee }, session.clock.now().date)
            }
            if format == .json {
                Output.line(Output.json(followUps))
                return
            }
            Output.rows(format, ["id", "customer", "due", "status", "assignee", "note"], followUps.map { followUp in
                let status = followUp.doneAt != nil ? "done" : (followUp.isOverdue(today: today) ? "overdue" : (followUp.due == today ? "due today" : "open"))
                return [String(followUp.id), String(followUp.customerId), followUp.due.description, status, followUp.assignee ?? "", followUp.note ?? ""]
            })
        }
    }

    struct Done: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a follow-up done.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The follow-up id.") var id: Int64

        func run() async throws {
            try await global.withSession { try await $0.completeFollowUp(id) }
            Output.line("follow-up \(id) done")
        }
    }
}
