import PaladinCore
import SQLKit

extension WorkspaceSession {
    /// Creates a campaign and one invitation per selected customer (links are issued later, by ``issueSurveyLinks``).
    public func createSurveyCampaign(_ draft: SurveyCampaignDraft) async throws -> SurveyCampaignSummary {
        let name = draft.name.trimmingSpaces
        guard !name.isEmpty, name.count <= 200 else { throw PaladinError.invalid(field: "name", message: "must be 1–200 characters") }
        guard draft.validUntil >= clock.now().date else {
            throw PaladinError.invalid(field: "valid_until", message: "\(draft.validUntil) is in the past")
        }
        guard (0...30).contains(draft.followUpDays) else {
            throw PaladinError.invalid(field: "follow_up_days", message: "must be 0–30 working days (0 and 1 both mean the next working day)")
        }
        guard draft.questions.count <= SurveyQuestion.maxQuestions else {
            throw PaladinError.invalid(field: "questions", message: "at most \(SurveyQuestion.maxQuestions) extra questions")
        }
        for (index, question) in draft.questions.enumerated() {
            if let problem = question.problem(index: index) { throw PaladinError.invalid(field: problem.field, message: problem.message) }
        }
        let keys = draft.questions.map(\.key)
        if Set(keys).count != keys.count { throw PaladinError.invalid(field: "questions", message: "two questions have the same key") }
        let customers = try await surveyCustomers(draft.selection)
        return try await database.transaction { sql in
            let id = try await IdAllocator(sql).reserve("survey_campaigns", workspace: self.id)
            let campaign = SurveyCampaign(
                id: id, name: name, questions: draft.questions, selection: draft.selection, validUntil: draft.validUntil,
                followUpDays: Swift.max(draft.followUpDays, 1), status: .open, createdBy: self.actor, createdAt: self.clock.now())
            let store = SurveyStore(sql, workspace: self.id)
            try await store.insert(campaign)
            let first = try await IdAllocator(sql).reserve("survey_invitations", count: customers.count, workspace: self.id)
            try await store.insertInvitations(campaign: id, customers: customers, firstId: first)
            return SurveyCampaignSummary(campaign: campaign, invited: customers.count, issued: 0, answered: 0)
        }
    }

    /// How many customers a selection picks (what a campaign made with it would invite), or the same refusal as
    /// ``createSurveyCampaign`` for a bad selection.
    public func surveyPreview(_ selection: SurveySelection) async throws -> Int {
        try await surveyCustomers(selection).count
    }

    /// The ids of the customers a selection picks (the customer list's own query), in id order; never empty.
    func surveyCustomers(_ selection: SurveySelection) async throws -> [Int64] {
        let store = CustomerStore(database.sql, workspace: id)
        if let list = selection.customers {
            if selection.model != nil || selection.stage != nil || selection.category != nil || selection.tag != nil {
                throw PaladinError.invalid(field: "selection.customers", message: "a list of customers stands alone (no model, stage, category or tag beside it)")
            }
            guard !list.isEmpty, list.count <= 100_000 else { throw PaladinError.invalid(field: "selection.customers", message: "must list 1–100000 customers") }
            var ids: [Int64] = []
            var seen = Set<Int64>()
            for (index, reference) in list.enumerated() {
                guard let customer = try await store.resolve(reference.trimmingSpaces) else {
                    throw PaladinError.invalid(field: "selection.customers[\(index)]", message: "no customer '\(reference)' in this workspace")
                }
                if seen.insert(customer.id).inserted { ids.append(customer.id) }
            }
            return ids
        }
        if selection.stage != nil, selection.model == nil {
            throw PaladinError.invalid(field: "selection.stage", message: "a stage needs its model")
        }
        if selection.model != nil, selection.category != nil {
            throw PaladinError.invalid(field: "selection.category", message: "give a model and stage or a category, not both")
        }
        var query = CustomerQuery(model: selection.model, stage: selection.stage, tag: selection.tag?.trimmingSpaces.lowercased(), sort: .id, limit: 5_000)
        if let category = selection.category {
            (query.model, query.stage) = ("value-category", category)
        }
        guard query.model != nil || query.tag != nil else {
            throw PaladinError.invalid(field: "selection", message: "choose customers by model and stage, category, tag or a list of customers")
        }
        if let key = query.model {
            let field = selection.category != nil ? "selection.category" : "selection.model"
            guard let model = try await ModelStore(database.sql, workspace: id).find(key)?.model else {
                throw PaladinError.invalid(field: field, message: "no model '\(key)' in this workspace")
            }
            if let stage = query.stage, model.stage(stage) == nil {
                let stages = model.stages.map(\.key).joined(separator: ", ")
                throw PaladinError.invalid(field: selection.category != nil ? field : "selection.stage", message: "no stage '\(stage)' in model '\(key)' (stages: \(stages))")
            }
        }
        var ids: [Int64] = []
        while true {
            let page = try await store.list(query)
            ids += page.map(\.id)
            guard page.count == query.limit, let last = page.last else { break }
            query.afterId = last.id
        }
        guard !ids.isEmpty else { throw PaladinError.invalid(field: "selection", message: "no customer matches this selection") }
        return ids
    }

    /// Every campaign with its counts, newest first.
    public func surveyCampaigns() async throws -> [SurveyCampaignSummary] {
        try await SurveyStore(database.sql, workspace: id).summaries()
    }

    /// The campaign with `id`, or not found (as for another workspace's campaign).
    public func surveyCampaign(_ id: Int64) async throws -> SurveyCampaign {
        guard let campaign = try await SurveyStore(database.sql, workspace: self.id).campaign(id) else {
            throw PaladinError.notFound("no survey campaign \(id) in this workspace")
        }
        return campaign
    }

    /// The campaign named by `reference` (its id), or not found.
    public func surveyCampaign(reference: String) async throws -> SurveyCampaign {
        guard let id = Int64(reference.trimmingSpaces) else { throw PaladinError.notFound("no survey campaign '\(reference)' in this workspace") }
        return try await surveyCampaign(id)
    }

    /// Issues a link to every invitation with none yet (with `reissue`, new links for every unanswered invitation: the
    /// old ones stop working). Links are shown only now: only their hashes are kept. Also returns how many
    /// invitations kept the link they had.
    public func issueSurveyLinks(_ campaignId: Int64, reissue: Bool = false) async throws -> (links: [IssuedSurveyLink], kept: Int) {
        let (links, kept, _) = try await issue(campaignId, reissue: reissue, withEmailOnly: false)
        return (links, kept)
    }

    /// Issues a link to every invitation with none yet whose customer has an email address (to mail them); also
    /// returns how many such invitations have no address.
    public func issueSurveyLinks(_ campaignId: Int64, withEmailOnly: Bool) async throws -> (links: [IssuedSurveyLink], withoutEmail: Int) {
        let (links, _, withoutEmail) = try await issue(campaignId, reissue: false, withEmailOnly: withEmailOnly)
        return (links, withoutEmail)
    }

    private func issue(_ campaignId: Int64, reissue: Bool, withEmailOnly: Bool) async throws -> ([IssuedSurveyLink], Int, Int) {
        let campaign = try await surveyCampaign(campaignId)
        guard campaign.isAnswerable(today: clock.now().date) else {
            throw PaladinError.conflict("survey campaign \(campaignId) is \(campaign.status == .closed ? "closed" : "past its last day (\(campaign.validUntil))"): no new links")
        }
        return try await database.transaction { sql in
            let key = try await SurveyLinkKey.load(sql)
            let store = SurveyStore(sql, workspace: self.id)
            let now = self.clock.now()
            var links: [IssuedSurveyLink] = []
            var withoutEmail = 0
            for (invitation, base) in try await store.invitationsToIssue(campaign: campaignId, reissue: reissue) {
                if withEmailOnly, base.email == nil {
                    withoutEmail += 1
                    continue
                }
                let link = SurveyLink.generate()
                try await store.setToken(invitation: invitation, hash: link.hash, at: now)
                var issued = base
                issued.path = "/s/" + link.text(key: key)
                links.append(issued)
            }
            let kept = try await store.issuedCount(campaign: campaignId) - links.count
            return (links, kept, withoutEmail)
        }
    }

    /// The campaign's response rate, NPS, answers with comments, and the follow-ups it created.
    public func surveyResults(_ campaignId: Int64) async throws -> SurveyResults {
        let campaign = try await surveyCampaign(campaignId)
        let store = SurveyStore(database.sql, workspace: id)
        let summary = try await store.summaries().first { $0.campaign.id == campaignId }
        let answers = try await store.answers(campaign: campaignId)
        let deliveries = try await store.deliveryCounts(campaign: campaignId)
        return SurveyResults(
            campaign: campaign, invited: summary?.invited ?? 0, issued: summary?.issued ?? 0, answered: answers.count,
            promoters: answers.filter { $0.segment == .promoter }.count, passives: answers.filter { $0.segment == .passive }.count,
            detractors: answers.filter { $0.segment == .detractor }.count, sent: deliveries.sent, failed: deliveries.failed,
            answers: answers, followUps: try await store.followUps(campaign: campaignId))
    }

    /// Closes a campaign: its links stop taking answers.
    public func closeSurveyCampaign(_ campaignId: Int64) async throws -> SurveyCampaign {
        _ = try await surveyCampaign(campaignId)
        try await database.transaction { sql in try await SurveyStore(sql, workspace: self.id).setStatus(campaignId, .closed) }
        return try await surveyCampaign(campaignId)
    }

    /// Sets (or with nil, removes) the SMTP relay invitations are sent through.
    public func setSurveySMTP(_ settings: SMTPSettings?) async throws {
        if let settings {
            guard !settings.host.trimmingSpaces.isEmpty, !settings.host.contains(where: { $0 == " " || $0 == "\r" || $0 == "\n" }) else {
                throw PaladinError.invalid(field: "--smtp-host", message: "must be a host name or address")
            }
            guard (1...65_535).contains(settings.port) else { throw PaladinError.invalid(field: "--smtp-port", message: "must be 1–65535") }
            guard CustomerDraft.looksLikeEmail(settings.from), !settings.from.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "<" || $0 == ">" }) else {
                throw PaladinError.invalid(field: "--from", message: "'\(settings.from)' is not an email address")
            }
            if let user = settings.user {
                guard !user.isEmpty, user.count <= 320, !user.contains(where: { $0.isNewline || $0 == "\0" }) else {
                    throw PaladinError.invalid(field: "--smtp-user", message: "must be 1–320 characters on one line")
                }
                guard let password = settings.password, !password.isEmpty else {
                    throw PaladinError.invalid(field: "--smtp-password-stdin", message: "a user name needs its password")
                }
                guard password.count <= 1_000, !password.contains(where: { $0.isNewline || $0 == "\0" }) else {
                    throw PaladinError.invalid(field: "--smtp-password-stdin", message: "must be at most 1000 characters on one line")
                }
                guard settings.security != .plain else {
                    throw PaladinError.invalid(field: "--smtp-tls", message: "a password is never sent over plain SMTP: choose auto, starttls or tls")
                }
            } else if settings.password != nil {
                throw PaladinError.invalid(field: "--smtp-user", message: "a password needs its user name")
            }
        }
        try await database.transaction { sql in try await SurveyStore(sql, workspace: self.id).setSMTP(settings, at: self.clock.now()) }
    }

    /// The workspace's SMTP relay, if configured.
    public func surveySMTP() async throws -> SMTPSettings? { try await SurveyStore(database.sql, workspace: id).smtp() }

    /// Records an invitation email sent (or failed) to the invitation of `customer` in the campaign.
    public func recordSurveyDelivery(campaign: Int64, customer: Int64, recipient: String, sent: Bool, detail: String?) async throws {
        try await database.transaction { sql in
            guard let row = try await sql.raw("""
                SELECT id FROM survey_invitations WHERE workspace_id = \(bind: self.id) AND campaign_id = \(bind: campaign) AND customer_id = \(bind: customer)
                """).first() else { throw PaladinError.notFound("customer \(customer) is not invited by survey campaign \(campaign)") }
            let invitation = try row.decode(column: "id", as: Int64.self)
            try await SurveyStore(sql, workspace: self.id).recordDelivery(
                invitation: invitation, recipient: recipient, sent: sent, detail: detail, at: self.clock.now())
            // A link that was never delivered is forgotten, so the next send issues a new one.
            if !sent {
                try await sql.raw("""
                    UPDATE survey_invitations SET token_hash = NULL, issued_at = NULL WHERE workspace_id = \(bind: self.id) AND id = \(bind: invitation)
                    """).run()
            }
        }
    }
}
