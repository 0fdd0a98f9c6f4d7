import Foundation
import PaladinCore
import SQLKit

/// The public side of a campaign: what a link opens and what its answer does. Nobody is signed in: the link alone
/// finds the workspace, the campaign and the customer.
public struct SurveyAnswering: Sendable {
    let database: PaladinDatabase
    let clock: Clock

    /// Answering over `database`; "today" (expiry, follow-up due dates) comes from `clock`.
    public init(database: PaladinDatabase, clock: Clock = .system) {
        self.database = database
        self.clock = clock
    }

    /// Why a link cannot be answered.
    public enum LinkProblem: Error, Sendable, Hashable {
        /// Malformed or its signature does not hold: changed or mistyped.
        case tampered
        /// Well-formed and signed, but no invitation has it (replaced by a newer link, or its campaign deleted).
        case unknown
        /// Past its campaign's last day.
        case expired
        /// Its campaign was closed.
        case closed
        /// The form's token does not belong to this link (a forged or stale form).
        case badFormToken
    }

    /// What the answer page shows: nothing internal of the company (no owner, stage, campaign name or other customer).
    public struct Invitation: Sendable {
        /// The company's name as the workspace spells it.
        public var company: String
        /// The customer's language when known (`language` attribute), else the workspace's.
        public var language: String
        public var questions: [SurveyQuestion]
        public var validUntil: CivilDate
        /// The answer given, once there is one.
        public var answer: SurveyAnswerRecord?
        /// The answer form's token.
        public var formToken: String
    }

    /// The fields of a submitted answer as sent (the page checks nothing itself).
    public struct Submission: Sendable {
        public var formToken: String
        public var score: String?
        public var comment: String?
        /// Answers to the extra questions by key.
        public var extra: [String: String]
        /// The language the page was shown in.
        public var language: String

        public init(formToken: String, score: String?, comment: String?, extra: [String: String], language: String) {
            self.formToken = formToken
            self.score = score
            self.comment = comment
            self.extra = extra
            self.language = language
        }
    }

    /// The submission's problems, every one (field and message key).
    public struct InvalidAnswer: Error, Sendable {
        public var problems: [SurveyAnswerProblem]
    }

    /// The invitation a link opens, or why it cannot.
    public func open(_ text: String) async throws -> Invitation {
        let key = try await SurveyLinkKey.load(database.sql)
        guard let link = SurveyLink.verify(text, key: key) else { throw LinkProblem.tampered }
        let found = try await find(link, sql: database.sql)
        try check(found.campaign)
        return found.invitation(key: key, link: link, answer: try await SurveyStore(database.sql, workspace: found.workspace).answer(invitation: found.id))
    }

    /// Records the answer once: evidence (a survey response with its comment), a follow-up for the owner of a
    /// detractor, a champion candidate for a promoter who bought again. A second answer changes nothing and returns
    /// the recorded one with `recorded` false.
    public func answer(_ text: String, _ submission: Submission) async throws -> (Invitation, recorded: Bool) {
        let key = try await SurveyLinkKey.load(database.sql)
        guard let link = SurveyLink.verify(text, key: key) else { throw LinkProblem.tampered }
        guard SurveyLink.constantTimeEqual(submission.formToken, link.formToken(key: key)) else { throw LinkProblem.badFormToken }
        let preview = try await find(link, sql: database.sql)
        try check(preview.campaign)
        var problems: [SurveyAnswerProblem] = []
        let score = submission.score.flatMap { Int($0.trimmingSpaces) }
        if submission.score?.trimmingSpaces.nilIfEmpty == nil {
            problems.append(.init(field: "score", message: "required"))
        } else if score.map(SurveyResponse.isValidScore) != true {
            problems.append(.init(field: "score", message: "scale"))
        }
        var extra: [String: String] = [:]
        for question in preview.campaign.questions {
            switch question.accept(submission.extra[question.key]) {
            case .success(let value): if let value { extra[question.key] = value }
            case .failure(let problem): problems.append(problem)
            }
        }
        // An answer given already wins over the problems of a second one.
        if let recorded = try await SurveyStore(database.sql, workspace: preview.workspace).answer(invitation: preview.id) {
            return (preview.invitation(key: key, link: link, answer: recorded), false)
        }
        guard problems.isEmpty, let score else { throw InvalidAnswer(problems: problems) }
        let answers = extra
        let comment = submission.comment.map { String($0.trimmingSpaces.prefix(SurveyQuestion.maxTextLength)) }?.nilIfEmpty
        do {
            let (answer, recorded) = try await database.transaction { sql -> (SurveyAnswerRecord, Bool) in
                let found = try await find(link, sql: sql)
                let store = SurveyStore(sql, workspace: found.workspace)
                if let recorded = try await store.answer(invitation: found.id) { return (recorded, false) }
                let answer = try await record(found, score: score, comment: comment, extra: answers, language: submission.language, sql: sql)
                try await store.insertAnswer(invitation: found.id, campaign: found.campaign.id, answer)
                return (answer, true)
            }
            return (preview.invitation(key: key, link: link, answer: answer), recorded)
        } catch let error as LinkProblem {
            throw error
        } catch {
            // Two submits at once: the unique answer per invitation refused the second; show the first.
            if let recorded = try await SurveyStore(database.sql, workspace: preview.workspace).answer(invitation: preview.id) {
                return (preview.invitation(key: key, link: link, answer: recorded), false)
            }
            throw error
        }
    }

    private func record(
        _ found: Found, score: Int, comment: String?, extra: [String: String], language: String, sql: any SQLDatabase
    ) async throws -> SurveyAnswerRecord {
        let workspace = found.workspace
        let now = clock.now()
        let response = try await WorkspaceSession.recordSurvey(customer: found.customer, score: score, comment: comment, at: now, sql: sql, workspace: workspace)
        let evidence = EvidenceStore(sql, workspace: workspace)
        let quoted = comment.map { " — “\($0)”" } ?? ""
        let interactionId = try await IdAllocator(sql).reserve("interactions", workspace: workspace)
        try await evidence.insert([Interaction(
            id: interactionId, customerId: found.customer, at: now, channel: .other, kind: .note,
            summary: "Answered the survey: \(score)/10\(quoted)", actor: "survey")])
        var followUpId: Int64?
        if NPSSegment(score: score) == .detractor {
            let id = try await IdAllocator(sql).reserve("follow_ups", workspace: workspace)
            try await evidence.insert([FollowUp(
                id: id, customerId: found.customer, interactionId: interactionId,
                due: WorkingDays.adding(found.campaign.followUpDays, to: now.date), assignee: found.owner,
                note: "Detractor survey answer (\(score)/10)\(quoted): call the customer, listen, and fix what went wrong")])
            followUpId = id
        }
        var champion = false
        if score >= 9 {
            let purchaseDays = try await sql.raw("""
                SELECT COUNT(DISTINCT at / 86400) AS n FROM purchases WHERE workspace_id = \(bind: workspace) AND customer_id = \(bind: found.customer)
                """).first()?.decode(column: "n", as: Int.self) ?? 0
            if purchaseDays >= 2 {
                champion = true
                // The same recommendation a score run makes, with this answer as its evidence (the next run restates it).
                let run = try await sql.raw("SELECT COALESCE(MAX(id), 0) AS id FROM score_runs WHERE workspace_id = \(bind: workspace)")
                    .first()?.decode(column: "id", as: Int64.self) ?? 0
                try await sql.raw("""
                    DELETE FROM recommendations WHERE workspace_id = \(bind: workspace) AND customer_id = \(bind: found.customer) AND kind = 'champion_candidate'
                    """).run()
                try await sql.insert(into: "recommendations").columns("workspace_id", "customer_id", "kind", "reason", "run_id")
                    .values(SQLBind(workspace), SQLBind(found.customer), SQLBind("champion_candidate"),
                            SQLBind("promoter: answered \(score)/10 to a survey on \(now.date)\(quoted), and bought again (\(purchaseDays - 1) repeat purchase days): invite them to advocate"),
                            SQLBind(run)).run()
            }
        }
        let answer = SurveyAnswerRecord(
            customerId: found.customer, customerName: found.customerName, score: score, comment: comment, extra: extra, language: language,
            answeredAt: now, surveyResponseId: response.id, followUpId: followUpId, championCandidate: champion)
        if let owner = try await WorkspaceStore(sql).find(id: workspace) {
            try await WebhookEvents(sql, workspace: owner).record([.surveyAnswered(answer, campaign: found.campaign.id)], at: now)
        }
        return answer
    }

    private func check(_ campaign: SurveyCampaign) throws {
        if campaign.status == .closed { throw LinkProblem.closed }
        if clock.now().date > campaign.validUntil { throw LinkProblem.expired }
    }

    /// An invitation found by its link, with what answering needs.
    struct Found {
        var workspace: Int64
        var id: Int64
        var customer: Int64
        var customerName: String
        var owner: String?
        var language: String
        var company: String
        var campaign: SurveyCampaign

        func invitation(key: SurveyLinkKey, link: SurveyLink, answer: SurveyAnswerRecord?) -> Invitation {
            Invitation(company: company, language: language, questions: campaign.questions, validUntil: campaign.validUntil,
                       answer: answer, formToken: link.formToken(key: key))
        }
    }

    private func find(_ link: SurveyLink, sql: any SQLDatabase) async throws -> Found {
        guard let row = try await sql.raw("""
            SELECT i.workspace_id, i.id AS invitation_id, i.customer_id, c.name AS customer_name, c.owner, c.attributes,
              w.name AS company, w.language AS workspace_language, k.*
            FROM survey_invitations i
            JOIN survey_campaigns k ON k.workspace_id = i.workspace_id AND k.id = i.campaign_id
            JOIN customers c ON c.workspace_id = i.workspace_id AND c.id = i.customer_id
            JOIN workspaces w ON w.id = i.workspace_id
            WHERE i.token_hash = \(bind: link.hash)
            """).first() else { throw LinkProblem.unknown }
        let attributes = (try? JSONDecoder().decode([String: String].self, from: Data(try row.decode(column: "attributes", as: String.self).utf8))) ?? [:]
        let spoken = attributes["language"]?.trimmingSpaces.lowercased().nilIfEmpty
        let workspaceLanguage = try row.decode(column: "workspace_language", as: String.self)
        return Found(
            workspace: try row.decode(column: "workspace_id", as: Int64.self), id: try row.decode(column: "invitation_id", as: Int64.self),
            customer: try row.decode(column: "customer_id", as: Int64.self), customerName: try row.decode(column: "customer_name", as: String.self),
            owner: try row.decode(column: "owner", as: String?.self),
            language: spoken ?? workspaceLanguage,
            company: try row.decode(column: "company", as: String.self), campaign: try SurveyStore.campaign(row))
    }
}

extension WebhookEvent {
    /// `survey.answered` for an answer to a campaign's link, with what it set in motion.
    static func surveyAnswered(_ answer: SurveyAnswerRecord, campaign: Int64) -> WebhookEvent {
        WebhookEvent(type: .surveyAnswered, customerId: answer.customerId, data: [
            "campaign_id": .int(campaign), "score": .int(Int64(answer.score)), "segment": .string(answer.segment.rawValue),
            "comment": .of(answer.comment), "answered_at": .of(answer.answeredAt), "survey_response_id": .int(answer.surveyResponseId),
            "follow_up_id": .of(answer.followUpId), "champion_candidate": .bool(answer.championCandidate),
        ])
    }
}
