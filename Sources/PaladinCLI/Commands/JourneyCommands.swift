import ArgumentParser
import PaladinCore
import PaladinStore

struct MoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "move",
        abstract: "Move a customer to a stage of a model, under the marker rules.",
        discussion: """
            Forward one stage needs every required marker of the current stage met; --force with --reason overrides \
            (recorded). Skipping stages or moving back needs --reason. A cyclic model wraps from its last stage to its \
            first. A derived model is moved by hand only as an override with --reason, until --clear-override. \
            A refused move exits with status 3 and lists the unmet markers.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "External id or numeric id.") var customer: String
    @Option(help: "The model key.") var model: String
    @Option(help: "The target stage key.") var to: String?
    @Option(help: "The decision the customer took.") var decision: String?
    @Flag(help: "Move on although required markers are unmet (needs --reason).") var force = false
    @Option(help: "Why (needed to force, skip, go back or override a derived model).") var reason: String?
    @Flag(help: "Clear a manual override of a derived model.") var clearOverride = false

    func validate() throws {
        if clearOverride, to != nil { throw ValidationError("give either --to or --clear-override, not both") }
        if !clearOverride, to == nil { throw ValidationError("missing --to STAGE") }
    }

    func run() async throws {
        let move = try await global.withSession { session in
            if clearOverride { return try await session.clearOverride(customer, model: model, reason: reason) }
            return try await session.move(
                customer, model: model, request: MoveRequest(to: to ?? "", decision: decision, force: force, reason: reason))
        }
        var text = "moved customer \(move.customerId) in \(move.model): \(move.from ?? "—") → \(move.to ?? "—") (\(move.kind.rawValue))"
        if !move.overriddenMarkers.isEmpty { text += "; overrode unmet markers: \(move.overriddenMarkers.joined(separator: ", "))" }
        if !move.skippedStages.isEmpty { text += "; skipped: \(move.skippedStages.joined(separator: ", "))" }
        Output.line(text)
    }
}

struct MarkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mark", abstract: "Record that a customer has met a marker of a model.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "External id or numeric id.") var customer: String
    @Option(help: "The model key.") var model: String
    @Option(help: "The marker key.") var marker: String
    @Option(help: "What showed it.") var note: String?

    func run() async throws {
        let record = try await global.withSession { try await $0.mark(customer, model: model, marker: marker, note: note) }
        if let record {
            Output.line("marker \(record.model):\(record.marker) met by customer \(record.customerId)")
        } else {
            Output.line("marker \(model):\(marker) was already met in the current cycle; nothing recorded")
        }
    }
}

struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log", abstract: "Log an interaction, the markers it showed and an optional follow-up.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "External id or numeric id.") var customer: String
    @Option(help: "in_person, phone, email, letter, chat, video or other.") var channel: String
    @Option(help: "meeting, call, message, complaint or note.") var kind: String
    @Option(help: "What happened.") var summary: String
    @Option(help: "A marker it showed, as MODEL:MARKER; repeat for several.") var marker: [String] = []
    @Option(help: "The decision the customer took.") var decision: String?
    @Option(help: "Follow-up due date (YYYY-MM-DD).") var followUp: String?
    @Option(help: "Who does the follow-up (default: the customer's owner).") var assignee: String?
    @Option(help: "When it happened (ISO 8601; default now).") var date: String?

    func run() async throws {
        let entry: InteractionEntry = try await CommandFailure.mapping {
            InteractionEntry(
                channel: try parseChoice(channel, option: "--channel"), kind: try parseChoice(kind, option: "--kind"),
                summary: summary, at: try date.map { try parseTimestamp($0, option: "--date") },
                markers: try marker.map { text in
                    guard let reference = MarkerReference(parsing: text) else { throw UserInputError("--marker", "'\(text)' is not MODEL:MARKER") }
                    return reference
                },
                decision: decision, followUp: try followUp.map { try parseTimestamp($0, option: "--follow-up").date },
                assignee: assignee)
        }
        let (interaction, markers, scheduled) = try await global.withSession { try await $0.log(customer, entry: entry) }
        var text = "logged interaction \(interaction.id) (\(interaction.channel.rawValue)/\(interaction.kind.rawValue)) for customer \(interaction.customerId)"
        if !markers.isEmpty { text += "; markers met: \(markers.map { "\($0.model):\($0.marker)" }.joined(separator: ", "))" }
        if let scheduled { text += "; follow-up #\(scheduled.id) due \(scheduled.due)" }
        Output.line(text)
    }
}

/// Parses a value of a closed list named by `option`, accepting dashes for underscores.
func parseChoice<T: RawRepresentable & CaseIterable>(_ text: String, option: String) throws -> T where T.RawValue == String {
    let normal = text.trimmingSpaces.lowercased().replacingOccurrences(of: "-", with: "_")
    guard let value = T(rawValue: normal) else {
        throw UserInputError(option, "'\(text)' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    return value
}

/// Parses an ISO 8601 date or date-time named by `option`.
func parseTimestamp(_ text: String, option: String) throws -> Timestamp {
    switch DateParser().parse(text) {
    case .success(let seconds): return Timestamp(seconds: seconds)
    case .failure(let failure): throw UserInputError(option, failure.message)
    }
}

/// Parses an amount such as `1234.50` named by `option`.
func parseAmount(_ text: String, option: String) throws -> Money {
    switch AmountParser().parse(text) {
    case .success(let cents): return Money(cents: cents)
    case .failure(let failure): throw UserInputError(option, failure.message)
    }
}
