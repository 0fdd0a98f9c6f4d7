import ArgumentParser
import Foundation
import PaladinCore
import PaladinServer
import PaladinStore

/// `paladin surveys`: campaigns customers answer themselves through a signed link.
struct SurveysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "surveys",
        abstract: "Survey campaigns: pick customers, issue one signed link each, read the results.",
        discussion: """
            Links start with the public base URL customers reach the server at: --public-url, else $PALADIN_PUBLIC_URL,
            else http://127.0.0.1:8080. Only the SHA-256 of each link's secret is kept, so a link is shown once, when
            it is issued; --reissue replaces the links of unanswered invitations (the old ones stop working).
            """,
        subcommands: [Create.self, List.self, Links.self, Results.self, Close.self, SMTP.self, Send.self])

    /// The public base URL of links: the flag, else `PALADIN_PUBLIC_URL`, else the default address of `paladin serve`.
    static func publicURL(_ flag: String?) throws -> String {
        let url = flag ?? ProcessInfo.processInfo.environment["PALADIN_PUBLIC_URL"] ?? "http://127.0.0.1:8080"
        guard url.hasPrefix("http://") || url.hasPrefix("https://"), !url.contains(where: { $0 == " " || $0 == "?" || $0 == "#" }) else {
            throw UserInputError("--public-url", "'\(url)' is not an http:// or https:// address")
        }
        return url
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a campaign: the recommend question 0–10 with \"why?\", plus optional questions; one invitation per chosen customer.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The campaign's name (internal: customers never see it).") var name: String
        @Option(help: "The last day its links can be answered (YYYY-MM-DD).") var validUntil: String
        @Option(help: "Customers in this model (with --stage: at that stage).") var model: String?
        @Option(help: "The stage of --model.") var stage: String?
        @Option(help: "Customers in this value category (a stage of value-category).") var category: String?
        @Option(help: "Customers with this tag.") var tag: String?
        @Option(help: "A customer (id or external id); repeat for a list.") var customer: [String] = []
        @Option(help: "A JSON file of extra questions: [{\"key\",\"kind\":\"scale|choice|text\",\"label\",\"min\",\"max\",\"choices\",\"required\"}].")
        var questions: String?
        @Option(help: "Working days after the answer a detractor's follow-up is due (default 1: the next working day).") var followUpDays = 1

        func run() async throws {
            let draft: SurveyCampaignDraft = try await CommandFailure.mapping {
                guard let until = CivilDate(iso: validUntil) else { throw UserInputError("--valid-until", "'\(validUntil)' is not a date (YYYY-MM-DD)") }
                var extra: [SurveyQuestion] = []
                if let questions {
                    guard let data = FileManager.default.contents(atPath: questions) else { throw UserInputError("--questions", "cannot read \(questions)") }
                    do { extra = try JSONDecoder().decode([SurveyQuestion].self, from: data) } catch {
                        throw UserInputError("--questions", "\(questions) is not a JSON list of questions: \(error)")
                    }
                }
                let selection = customer.isEmpty
                    ? SurveySelection(model: model, stage: stage, category: category, tag: tag)
                    : SurveySelection(model: model, stage: stage, category: category, tag: tag, customers: customer)
                return SurveyCampaignDraft(name: name, validUntil: until, questions: extra, selection: selection, followUpDays: followUpDays)
            }
            let summary = try await global.withSession { try await $0.createSurveyCampaign(draft) }
            Output.line("created survey campaign \(summary.campaign.id) '\(summary.campaign.name)': \(summary.invited) customers invited, valid until \(summary.campaign.validUntil)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the campaigns with their response counts.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "table, json or csv.") var format = OutputFormat.table

        func run() async throws {
            let summaries = try await global.withSession { try await $0.surveyCampaigns() }
            if format == .json { return Output.line(SurveyJSON.list(summaries)) }
            Output.rows(format, ["id", "name", "status", "valid_until", "invited", "issued", "answered"], summaries.map {
                [String($0.campaign.id), $0.campaign.name, $0.campaign.status.rawValue, $0.campaign.validUntil.description,
                 String($0.invited), String($0.issued), String($0.answered)]
            })
        }
    }

    struct Links: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue the campaign's links (customer, email, link) for the company's own mail tool; shown once.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The campaign's id.") var campaign: String
        @Option(help: "csv, json or table.") var format = OutputFormat.csv
        @Option(help: "The public base URL of the links (default: $PALADIN_PUBLIC_URL, else http://127.0.0.1:8080).") var publicURL: String?
        @Flag(help: "New links for every unanswered invitation; the old links stop working.") var reissue = false

        func run() async throws {
            let base = try await CommandFailure.mapping { try SurveysCommand.publicURL(publicURL) }
            let (links, kept) = try await global.withSession { session in
                try await session.issueSurveyLinks(try await session.surveyCampaign(reference: campaign).id, reissue: reissue)
            }
            switch format {
            case .csv: Output.write(SurveyJSON.linksCSV(links, base: base))
            case .json: Output.line(SurveyJSON.links(links, kept: kept, base: base))
            case .table:
                Output.rows(.table, ["customer_id", "name", "email", "link"], links.map {
                    [String($0.customerId), $0.name, $0.email ?? "", SurveyLinksCSVBase.join(base, $0.path)]
                })
            }
            if kept > 0 {
                Output.note("\(kept) invitation(s) kept the link issued before (not shown again); --reissue replaces them")
            }
        }
    }

    struct Results: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A campaign's response rate, NPS, answers and the follow-ups it created.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The campaign's id.") var campaign: String
        @Option(help: "table or json.") var format = OutputFormat.table

        func run() async throws {
            let results = try await global.withSession { session in
                try await session.surveyResults(try await session.surveyCampaign(reference: campaign).id)
            }
            if format == .json { return Output.line(SurveyJSON.results(results)) }
            let nps = results.nps.map { String(format: "%.1f", $0) } ?? "–"
            Output.line("\(results.campaign.name) (\(results.campaign.status.rawValue), valid until \(results.campaign.validUntil))")
            Output.line("answered \(results.answered) of \(results.invited) invited (\(String(format: "%.1f", results.responseRate * 100)) %), \(results.issued) links issued, \(results.sent) emails sent")
            Output.line("NPS \(nps): \(results.promoters) promoters, \(results.passives) passives, \(results.detractors) detractors; \(results.championCandidates) champion candidates")
            if format == .csv || !results.answers.isEmpty {
                Output.rows(format == .csv ? .csv : .table, ["customer_id", "customer", "score", "comment", "answered_at", "follow_up", "champion"], results.answers.map {
                    [String($0.customerId), $0.customerName, String($0.score), $0.comment ?? "", $0.answeredAt.description,
                     $0.followUpId.map(String.init) ?? "", $0.championCandidate ? "yes" : ""]
                })
            }
            if !results.followUps.isEmpty {
                Output.line("follow-ups created:")
                Output.rows(.table, ["id", "customer", "due", "assignee", "done"], results.followUps.map {
                    [String($0.followUp.id), $0.customerName, $0.followUp.due.description, $0.followUp.assignee ?? "", $0.followUp.doneAt == nil ? "no" : "yes"]
                })
            }
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a campaign: its links take no more answers.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The campaign's id.") var campaign: String

        func run() async throws {
            let closed = try await global.withSession { session in
                try await session.closeSurveyCampaign(try await session.surveyCampaign(reference: campaign).id)
            }
            Output.line("closed survey campaign \(closed.id) '\(closed.name)'")
        }
    }
}

extension SurveysCommand {
    struct SMTP: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "smtp",
            abstract: "Set the workspace's SMTP relay invitations are sent through (TLS, sign-in); --clear removes it.",
            discussion: """
            --smtp-tls: auto (STARTTLS when the relay offers it; the default), starttls (required), tls (implicit TLS, \
            port 465 by default) or plain (never encrypted, no password). The relay's certificate is always verified. \
            --smtp-password-stdin reads the password from stdin (one line); it is kept in the database like webhook \
            secrets and never shown. Setting the relay again with the same --smtp-user keeps the stored password.
            """)
        @OptionGroup var global: GlobalOptions
        @Option(name: .customLong("smtp-host"), help: "The relay's host.") var host: String?
        @Option(name: .customLong("smtp-port"), help: "The relay's port (default 25; 465 with --smtp-tls tls).") var port: Int?
        @Option(name: .customLong("smtp-tls"), help: "auto, starttls, tls or plain (default auto).") var tls = "auto"
        @Option(name: .customLong("smtp-user"), help: "The user name to sign in with (AUTH PLAIN or LOGIN, over TLS only).") var user: String?
        @Flag(name: .customLong("smtp-password-stdin"), help: "Read the password from stdin (one line).") var passwordStdin = false
        @Option(help: "The sender address.") var from: String?
        @Flag(help: "Remove the relay: invitations are then exported with `surveys links` only.") var clear = false

        func run() async throws {
            let entered: SMTPSettings? = try await CommandFailure.mapping {
                if clear { return nil }
                guard let host else { throw UserInputError("--smtp-host", "is required (or --clear)") }
                guard let from else { throw UserInputError("--from", "is required (or --clear)") }
                guard let security = SMTPSecurity(rawValue: tls) else { throw UserInputError("--smtp-tls", "'\(tls)' is not one of auto, starttls, tls, plain") }
                if passwordStdin, user == nil { throw UserInputError("--smtp-user", "is required with --smtp-password-stdin") }
                let password = passwordStdin ? MembersCommand.Add.readPassword() : nil
                return SMTPSettings(host: host, port: port ?? (security == .tls ? 465 : 25), from: from, security: security, user: user, password: password)
            }
            let settings = try await global.withSession { session in
                var settings = entered
                // The same user without a new password keeps the stored one.
                if var kept = settings, kept.user != nil, kept.password == nil, let stored = try await session.surveySMTP(), stored.user == kept.user {
                    kept.password = stored.password
                    settings = kept
                }
                try await session.setSurveySMTP(settings)
                return settings
            }
            Output.line(settings.map { "invitations are sent through \($0)" } ?? "no SMTP relay: export links with `paladin surveys links`")
        }
    }

    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mail each invited customer with an email address their link (through the workspace's SMTP relay); records what was sent.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The campaign's id.") var campaign: String
        @Option(help: "The public base URL of the links (default: $PALADIN_PUBLIC_URL, else http://127.0.0.1:8080).") var publicURL: String?

        func run() async throws {
            let base = try await CommandFailure.mapping { try SurveysCommand.publicURL(publicURL) }
            let report = try await global.withSession { session in
                try await SurveyMailer(session: session, publicURL: base).send(campaign: try await session.surveyCampaign(reference: campaign).id)
            }
            Output.line("sent \(report.sent) invitation(s); \(report.failed.count) failed; \(report.withoutEmail) customer(s) without an email address")
            for failure in report.failed { Output.note("customer \(failure.customer): \(failure.reason)") }
            if !report.failed.isEmpty { throw ExitCode.failure }
        }
    }
}

/// Joins a base URL and a link's path.
enum SurveyLinksCSVBase {
    static func join(_ base: String, _ path: String) -> String {
        var text = base
        while text.hasSuffix("/") { text.removeLast() }
        return text + path
    }
}
