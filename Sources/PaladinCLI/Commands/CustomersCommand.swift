import ArgumentParser
import PaladinCore
import PaladinStore
import PaladinViews

struct CustomersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "customers",
        abstract: "Add, list and show customers.",
        subcommands: [Add.self, List.self, Show.self, Edit.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a customer; they enter every guided model at its first stage.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Name (required).") var name: String
        @Option(help: "The customer's id in your other systems (unique).") var externalId: String?
        @Option var email: String?
        @Option var phone: String?
        @Option var company: String?
        @Option(help: "Who looks after the customer.") var owner: String?
        @Option(help: "A tag; repeat for several.") var tag: [String] = []
        @Option(help: "person or organisation.") var kind = "person"
        @Option(help: "table or json.") var format = OutputFormat.table

        func run() async throws {
            guard let kind = CustomerKind(rawValue: kind) else {
                Output.error("--kind: '\(self.kind)' is not person or organisation")
                throw ExitCode.failure
            }
            let draft = CustomerDraft(
                externalId: externalId, name: name, kind: kind, email: email, phone: phone, company: company, owner: owner, tags: tag)
            let customer = try await global.withSession { try await $0.addCustomer(draft) }
            if format == .json {
                Output.line(Output.json(CustomerView(customer)))
            } else {
                Output.line("added customer \(customer.id)\(customer.externalId.map { " (\($0))" } ?? ""): \(customer.name)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List customers, filtered and sorted.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only customers placed in this model (with --stage: at that stage).") var model: String?
        @Option(help: "Only customers at this stage of --model.") var stage: String?
        @Option var owner: String?
        @Option var tag: String?
        @Option(help: "Text to find in name, external id, email or company.") var search: String?
        @Option(help: "name, id, created or updated.") var sort = "name"
        @Option var limit = 100
        @Option var offset = 0
        @Option(help: "table, json or csv.") var format = OutputFormat.table

        func validate() throws {
            if stage != nil, model == nil { throw ValidationError("--stage needs --model") }
            if limit < 1 || limit > 100_000 { throw ValidationError("--limit must be between 1 and 100000") }
            if offset < 0 { throw ValidationError("--offset must not be negative") }
            if CustomerSort(rawValue: sort) == nil { throw ValidationError("--sort must be one of name, id, created, updated") }
        }

        func run() async throws {
            let query = CustomerQuery(
                model: model, stage: stage, owner: owner, tag: tag, text: search,
                sort: CustomerSort(rawValue: sort) ?? .name, limit: limit, offset: offset)
            let customers = try await global.withSession { session in
                if let model {
                    let journeyModel = try await session.model(model)
                    if let stage, journeyModel.stage(stage) == nil {
                        throw PaladinError.notFound(MoveRefusal.unknownStage(model: model, stage: stage, known: journeyModel.stages.map(\.key)).description)
                    }
                }
                return try await session.customers(query)
            }
            let views = customers.map(CustomerView.init)
            if format == .json {
                Output.line(Output.json(views))
            } else {
                Output.rows(format, CustomerView.header, views.map(\.row))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a customer: positions and markers, playbook, interactions, moves, economics.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "External id or numeric id.") var customer: String
        @Option(help: "table or json.") var format = OutputFormat.table

        func run() async throws {
            let view = try await global.withSession { session in
                CustomerDetailView(try await session.detail(customer), language: session.workspace.language, now: session.clock.now())
            }
            if format == .json {
                Output.line(Output.json(view))
            } else {
                Output.line(CustomerText.render(view))
            }
        }
    }

    struct Edit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a customer's fields or tags; an empty value clears an optional field.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "External id or numeric id.") var customer: String
        @Option var name: String?
        @Option var externalId: String?
        @Option var email: String?
        @Option var phone: String?
        @Option var company: String?
        @Option(help: "Who looks after the customer.") var owner: String?
        @Option(help: "A tag to add; repeat for several.") var addTag: [String] = []
        @Option(help: "A tag to remove; repeat for several.") var removeTag: [String] = []
        @Option(help: "table or json.") var format = OutputFormat.table

        func run() async throws {
            let changes = CustomerChanges(
                externalId: externalId, name: name, email: email, phone: phone, company: company, owner: owner,
                addTags: addTag, removeTags: removeTag)
            let updated = try await global.withSession { try await $0.updateCustomer(customer, changes: changes) }
            if format == .json {
                Output.line(Output.json(CustomerView(updated)))
            } else {
                Output.line("customer \(updated.id) is at version \(updated.version): \(updated.name)")
            }
        }
    }
}
