import Foundation
import NIOSSL
import PaladinCore
import PaladinStore

/// Sends a campaign's invitations through the workspace's SMTP relay and records each one sent (or failed).
public struct SurveyMailer: Sendable {
    /// What a send did.
    public struct Report: Sendable {
        public var sent: Int
        public var failed: [(customer: Int64, reason: String)]
        /// Invited customers without an email address (no link issued for them).
        public var withoutEmail: Int
    }

    let session: WorkspaceSession
    let publicURL: String
    /// Whom the relay's certificate must be signed by (the system's roots; tests trust their own certificate).
    var trustRoots: NIOSSLTrustRoots = .default
    /// Seconds one step of the SMTP conversation may take.
    var timeout: Int64 = 30

    /// A mailer acting in `session`; links start with `publicURL`.
    public init(session: WorkspaceSession, publicURL: String) {
        self.session = session
        self.publicURL = publicURL
    }

    /// Issues links to the invitations that have none yet and an email address, and mails each customer theirs,
    /// in their language (the workspace's when unknown). Fails at once when the workspace has no SMTP relay.
    public func send(campaign id: Int64) async throws -> Report {
        guard let smtp = try await session.surveySMTP() else {
            throw PaladinError.conflict("workspace '\(session.workspace.key)' has no SMTP relay: set one with `paladin surveys smtp --host H --port P --from ADDRESS`, or export the links with `paladin surveys links`")
        }
        let catalog = try MessageCatalog.load()
        let (links, withoutEmail) = try await session.issueSurveyLinks(id, withEmailOnly: true)
        let base = SurveyLinksCSV.base(publicURL)
        var messages: [SMTPClient.Message] = []
        for link in links {
            guard let email = link.email else { continue }
            let customer = try await session.customer(String(link.customerId))
            let language = MessageCatalog.known(customer.attributes["language"]) ?? MessageCatalog.known(session.workspace.language) ?? "en"
            let t = catalog.messages(language)
            let company = session.workspace.name
            let subject = (t["survey_title"] ?? "").replacingOccurrences(of: "{company}", with: company)
            let body = (t["survey_question"] ?? "").replacingOccurrences(of: "{company}", with: company) + "\n\n" + base + link.path + "\n"
            messages.append(.init(from: smtp.from, to: email, subject: subject, body: body))
        }
        var report = Report(sent: 0, failed: [], withoutEmail: withoutEmail)
        guard !messages.isEmpty else { return report }
        let results: [Result<Void, SMTPClient.Failure>]
        do {
            results = try await SMTPClient(smtp, timeout: timeout, trustRoots: trustRoots).send(messages)
        } catch {
            let reason = (error as? SMTPClient.Failure)?.description ?? "cannot reach \(smtp.host):\(smtp.port): \(error)"
            results = messages.map { _ in .failure(SMTPClient.Failure(description: reason)) }
        }
        for (link, result) in zip(links, results) {
            switch result {
            case .success:
                report.sent += 1
                try await session.recordSurveyDelivery(campaign: id, customer: link.customerId, recipient: link.email ?? "", sent: true, detail: nil)
            case .failure(let failure):
                report.failed.append((link.customerId, failure.description))
                try await session.recordSurveyDelivery(campaign: id, customer: link.customerId, recipient: link.email ?? "", sent: false, detail: failure.description)
            }
        }
        return report
    }

    /// Sends one test message to `address` through the workspace's relay, in `language`; the reason it failed, or nil
    /// when the relay took it. Fails at once when the workspace has no relay or the address is not one.
    public func sendTest(to address: String, language: String) async throws -> String? {
        guard let smtp = try await session.surveySMTP() else {
            throw PaladinError.conflict("workspace '\(session.workspace.key)' has no SMTP relay")
        }
        guard CustomerDraft.looksLikeEmail(address), !address.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "<" || $0 == ">" }) else {
            throw PaladinError.invalid(field: "to", message: "'\(address)' is not an email address")
        }
        let t = try MessageCatalog.load().messages(MessageCatalog.known(language) ?? "en")
        let company = session.workspace.name
        let message = SMTPClient.Message(
            from: smtp.from, to: address, subject: (t["smtp_test_subject"] ?? "").replacingOccurrences(of: "{company}", with: company),
            body: (t["smtp_test_body"] ?? "").replacingOccurrences(of: "{company}", with: company) + "\n")
        do {
            let results = try await SMTPClient(smtp, timeout: timeout, trustRoots: trustRoots).send([message])
            if case .failure(let failure) = results.first { return failure.description }
            return nil
        } catch {
            return (error as? SMTPClient.Failure)?.description ?? "cannot reach \(smtp.host):\(smtp.port): \(error)"
        }
    }
}
