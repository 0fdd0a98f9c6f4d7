import Foundation
import PaladinCore
import SQLKit

/// Survey campaigns, their invitations, answers and deliveries, of one workspace.
public struct SurveyStore: Sendable {
    let sql: any SQLDatabase
    let workspace: Int64

    /// The surveys of `workspace` in `sql`.
    public init(_ sql: any SQLDatabase, workspace: Int64) {
        self.sql = sql
        self.workspace = workspace
    }

    // MARK: - Campaigns

    func insert(_ campaign: SurveyCampaign) async throws {
        try await sql.insert(into: "survey_campaigns")
            .columns("workspace_id", "id", "name", "questions", "selection", "valid_until", "follow_up_days", "status", "created_by", "created_at")
            .values(SQLBind(workspace), SQLBind(campaign.id), SQLBind(campaign.name), SQLBind(Self.json(campaign.questions)),
                    SQLBind(Self.json(campaign.selection)), SQLBind(campaign.validUntil.description), SQLBind(Int64(campaign.followUpDays)),
                    SQLBind(campaign.status.rawValue), SQLBind(campaign.createdBy), SQLBind(campaign.createdAt.seconds))
            .run()
    }

    func insertInvitations(campaign: Int64, customers: [Int64], firstId: Int64) async throws {
        for (offset, customer) in customers.enumerated() {
            try await sql.insert(into: "survey_invitations").columns("workspace_id", "id", "campaign_id", "customer_id")
                .values(SQLBind(workspace), SQLBind(firstId + Int64(offset)), SQLBind(campaign), SQLBind(customer)).run()
        }
    }

    /// The campaign with `id` in this workspace.
    public func campaign(_ id: Int64) async throws -> SurveyCampaign? {
        try await sql.select().columns("*").from("survey_campaigns").where("workspace_id", .equal, workspace).where("id", .equal, id)
            .first().map(Self.campaign)
    }

    /// Every campaign with its counts, newest first.
    public func summaries() async throws -> [SurveyCampaignSummary] {
        let rows = try await sql.raw("""
            SELECT c.*, (SELECT COUNT(*) FROM survey_invitations i WHERE i.workspace_id = c.workspace_id AND i.campaign_id = c.id) AS invited,
              (SELECT COUNT(*) FROM survey_invitations i WHERE i.workspace_id = c.workspace_id AND i.campaign_id = c.id AND i.token_hash IS NOT NULL) AS issued,
              (SELECT COUNT(*) FROM survey_answers a WHERE a.workspace_id = c.workspace_id AND a.campaign_id = c.id) AS answered
            FROM survey_campaigns c WHERE c.workspace_id = \(bind: workspace) ORDER BY c.id DESC
            """).all()
        return try rows.map { row in
            SurveyCampaignSummary(
                campaign: try Self.campaign(row), invited: try row.decode(column: "invited", as: Int.self),
                issued: try row.decode(column: "issued", as: Int.self), answered: try row.decode(column: "answered", as: Int.self))
        }
    }

    func setStatus(_ id: Int64, _ status: SurveyCampaign.Status) async throws {
        try await sql.update("survey_campaigns").set("status", to: status.rawValue)
            .where("workspace_id", .equal, workspace).where("id", .equal, id).run()
    }

    // MARK: - Invitations

    /// The campaign's invitations not answered yet (all when `reissue`, else only those with no link yet), with
    /// the customer's name and email, in customer order.
    func invitationsToIssue(campaign: Int64, reissue: Bool) async throws -> [(id: Int64, link: IssuedSurveyLink)] {
        let issued: SQLQueryString = reissue ? "" : " AND i.token_hash IS NULL"
        let rows = try await sql.raw("""
            SELECT i.id, c.id AS customer_id, c.external_id, c.name, c.email FROM survey_invitations i
            JOIN customers c ON c.workspace_id = i.workspace_id AND c.id = i.customer_id
            WHERE i.workspace_id = \(bind: workspace) AND i.campaign_id = \(bind: campaign)
              AND NOT EXISTS (SELECT 1 FROM survey_answers a WHERE a.workspace_id = i.workspace_id AND a.invitation_id = i.id)
            """ + issued + " ORDER BY c.id").all()
        return try rows.map { row in
            (try row.decode(column: "id", as: Int64.self),
             IssuedSurveyLink(customerId: try row.decode(column: "customer_id", as: Int64.self),
                              externalId: try row.decode(column: "external_id", as: String?.self),
                              name: try row.decode(column: "name", as: String.self), email: try row.decode(column: "email", as: String?.self),
                              path: ""))
        }
    }

    func setToken(invitation: Int64, hash: String, at: Timestamp) async throws {
        try await sql.update("survey_invitations").set("token_hash", to: hash).set("issued_at", to: at.seconds)
            .where("workspace_id", .equal, workspace).where("id", .equal, invitation).run()
    }

    /// How many invitations of the campaign have a link (answered or not).
    func issuedCount(campaign: Int64) async throws -> Int {
        try await sql.raw("""
            SELECT COUNT(*) AS n FROM survey_invitations WHERE workspace_id = \(bind: workspace) AND campaign_id = \(bind: campaign) AND token_hash IS NOT NULL
            """).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    // MARK: - Answers

    /// The answer to an invitation, if there is one.
    func answer(invitation: Int64) async throws -> SurveyAnswerRecord? {
        try await answers(where: "a.invitation_id = \(bind: invitation)").first
    }

    /// The campaign's answers, newest first.
    func answers(campaign: Int64) async throws -> [SurveyAnswerRecord] {
        try await answers(where: "a.campaign_id = \(bind: campaign)")
    }

    private func answers(where condition: SQLQueryString) async throws -> [SurveyAnswerRecord] {
        try await sql.raw("""
            SELECT a.*, c.name FROM survey_answers a JOIN customers c ON c.workspace_id = a.workspace_id AND c.id = a.customer_id
            WHERE a.workspace_id = \(bind: workspace)
            """ + " AND " + condition + " ORDER BY a.answered_at DESC, a.invitation_id DESC").all().map { row in
            SurveyAnswerRecord(
                customerId: try row.decode(column: "customer_id", as: Int64.self), customerName: try row.decode(column: "name", as: String.self),
                score: try row.decode(column: "score", as: Int.self), comment: try row.decode(column: "comment", as: String?.self),
                extra: (try? JSONDecoder().decode([String: String].self, from: Data(try row.decode(column: "extra_answers", as: String.self).utf8))) ?? [:],
                language: try row.decode(column: "language", as: String.self),
                answeredAt: Timestamp(seconds: try row.decode(column: "answered_at", as: Int64.self)),
                surveyResponseId: try row.decode(column: "survey_response_id", as: Int64.self),
                followUpId: try row.decode(column: "follow_up_id", as: Int64?.self),
                championCandidate: try row.decode(column: "champion_candidate", as: Int.self) != 0)
        }
    }

    func insertAnswer(invitation: Int64, campaign: Int64, _ answer: SurveyAnswerRecord) async throws {
        try await sql.insert(into: "survey_answers")
            .columns("workspace_id", "invitation_id", "campaign_id", "customer_id", "score", "comment", "extra_answers", "language",
                     "answered_at", "survey_response_id", "follow_up_id", "champion_candidate")
            .values(SQLBind(workspace), SQLBind(invitation), SQLBind(campaign), SQLBind(answer.customerId), SQLBind(answer.score),
                    SQLBind(answer.comment), SQLBind(Self.json(answer.extra)), SQLBind(answer.language), SQLBind(answer.answeredAt.seconds),
                    SQLBind(answer.surveyResponseId), SQLBind(answer.followUpId), SQLBind(answer.championCandidate ? 1 : 0))
            .run()
    }

    /// The follow-ups the campaign's detractor answers created, by due date, done ones included.
    func followUps(campaign: Int64) async throws -> [SurveyFollowUp] {
        try await sql.raw("""
            SELECT f.*, c.name FROM survey_answers a
            JOIN follow_ups f ON f.workspace_id = a.workspace_id AND f.id = a.follow_up_id
            JOIN customers c ON c.workspace_id = a.workspace_id AND c.id = a.customer_id
            WHERE a.workspace_id = \(bind: workspace) AND a.campaign_id = \(bind: campaign) ORDER BY f.due_on, f.id
            """).all().map { row in
            SurveyFollowUp(
                followUp: FollowUp(
                    id: try row.decode(column: "id", as: Int64.self), customerId: try row.decode(column: "customer_id", as: Int64.self),
                    interactionId: try row.decode(column: "interaction_id", as: Int64?.self),
                    due: CivilDate(iso: try row.decode(column: "due_on", as: String.self)) ?? CivilDate(daysSinceEpoch: 0),
                    assignee: try row.decode(column: "assignee", as: String?.self), note: try row.decode(column: "note", as: String?.self),
                    doneAt: try row.decode(column: "done_at", as: Int64?.self).map(Timestamp.init(seconds:))),
                customerName: try row.decode(column: "name", as: String.self))
        }
    }

    // MARK: - Deliveries and SMTP

    /// Records an email sent (or failed) for an invitation.
    func recordDelivery(invitation: Int64, recipient: String, sent: Bool, detail: String?, at: Timestamp) async throws {
        let id = try await IdAllocator(sql).reserve("survey_deliveries", workspace: workspace)
        try await sql.insert(into: "survey_deliveries").columns("workspace_id", "id", "invitation_id", "recipient", "status", "detail", "at")
            .values(SQLBind(workspace), SQLBind(id), SQLBind(invitation), SQLBind(recipient), SQLBind(sent ? "sent" : "failed"),
                    SQLBind(detail), SQLBind(at.seconds)).run()
    }

    /// Emails sent and failed for a campaign.
    func deliveryCounts(campaign: Int64) async throws -> (sent: Int, failed: Int) {
        let rows = try await sql.raw("""
            SELECT d.status, COUNT(*) AS n FROM survey_deliveries d JOIN survey_invitations i ON i.workspace_id = d.workspace_id AND i.id = d.invitation_id
            WHERE d.workspace_id = \(bind: workspace) AND i.campaign_id = \(bind: campaign) GROUP BY d.status
            """).all()
        var result = (sent: 0, failed: 0)
        for row in rows {
            let n = try row.decode(column: "n", as: Int.self)
            if try row.decode(column: "status", as: String.self) == "sent" { result.sent = n } else { result.failed = n }
        }
        return result
    }

    /// The workspace's SMTP relay, if configured.
    public func smtp() async throws -> SMTPSettings? {
        try await sql.select().columns("*").from("survey_smtp").where("workspace_id", .equal, workspace).first().map { row in
            SMTPSettings(host: try row.decode(column: "host", as: String.self), port: try row.decode(column: "port", as: Int.self),
                         from: try row.decode(column: "from_address", as: String.self),
                         security: SMTPSecurity(rawValue: try row.decode(column: "tls_mode", as: String.self)) ?? .plain,
                         user: try row.decode(column: "user_name", as: String?.self),
                         password: try row.decode(column: "password", as: String?.self))
        }
    }

    func setSMTP(_ settings: SMTPSettings?, at: Timestamp) async throws {
        try await sql.delete(from: "survey_smtp").where("workspace_id", .equal, workspace).run()
        guard let settings else { return }
        try await sql.insert(into: "survey_smtp")
            .columns("workspace_id", "host", "port", "from_address", "tls_mode", "user_name", "password", "updated_at")
            .values(SQLBind(workspace), SQLBind(settings.host), SQLBind(Int64(settings.port)), SQLBind(settings.from),
                    SQLBind(settings.security.rawValue), SQLBind(settings.user), SQLBind(settings.password), SQLBind(at.seconds)).run()
    }

    // MARK: - Rows

    static func campaign(_ row: any SQLRow) throws -> SurveyCampaign {
        let decoder = JSONDecoder()
        return SurveyCampaign(
            id: try row.decode(column: "id", as: Int64.self), name: try row.decode(column: "name", as: String.self),
            questions: (try? decoder.decode([SurveyQuestion].self, from: Data(try row.decode(column: "questions", as: String.self).utf8))) ?? [],
            selection: (try? decoder.decode(SurveySelection.self, from: Data(try row.decode(column: "selection", as: String.self).utf8))) ?? SurveySelection(),
            validUntil: CivilDate(iso: try row.decode(column: "valid_until", as: String.self)) ?? CivilDate(daysSinceEpoch: 0),
            followUpDays: try row.decode(column: "follow_up_days", as: Int.self),
            status: SurveyCampaign.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .closed,
            createdBy: try row.decode(column: "created_by", as: String.self),
            createdAt: Timestamp(seconds: try row.decode(column: "created_at", as: Int64.self)))
    }

    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}

/// How the connection to the relay is secured.
public enum SMTPSecurity: String, Sendable, Hashable, CaseIterable {
    /// STARTTLS when the relay offers it, plain otherwise (a password is then never sent).
    case auto
    /// STARTTLS, required: a relay that does not offer it is refused.
    case starttls
    /// TLS from the first byte (implicit TLS, usually port 465).
    case tls
    /// Plain SMTP, never encrypted (a relay on the same machine or network; no password is sent).
    case plain
}

/// The SMTP relay the workspace sends invitations through. Its `description` never shows the password.
public struct SMTPSettings: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// The sender address.
    public var from: String
    public var security: SMTPSecurity
    /// The user name and password it signs in with (AUTH PLAIN or LOGIN, only over TLS), if any.
    public var user: String?
    public var password: String?

    public init(host: String, port: Int, from: String, security: SMTPSecurity = .auto, user: String? = nil, password: String? = nil) {
        self.host = host
        self.port = port
        self.from = from
        self.security = security
        self.user = user
        self.password = password
    }

    public var description: String {
        "\(host):\(port) (\(security.rawValue)) from \(from)" + (user.map { " as \($0)" + (password == nil ? "" : " with a password") } ?? "")
    }
}
