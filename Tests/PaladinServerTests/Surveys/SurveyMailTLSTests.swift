import Foundation
import NIOCore
import NIOSSL
@testable import PaladinServer
import PaladinCore
import PaladinStore
import Testing

/// A throwaway self-signed certificate for 127.0.0.1 and localhost, made by `openssl` when a test runs: a test key,
/// used nowhere else and never kept.
enum TestCertificate {
    static func make() throws -> (certificate: NIOSSLCertificate, key: NIOSSLPrivateKey) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("paladin-cert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let key = directory.appendingPathComponent("key.pem").path, certificate = directory.appendingPathComponent("cert.pem").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                             "-keyout", key, "-out", certificate, "-days", "2", "-subj", "/CN=localhost",
                             "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "openssl could not make a test certificate")
        let chain = try NIOSSLCertificate.fromPEMFile(certificate)
        return (try #require(chain.first), try NIOSSLPrivateKey(file: key, format: .pem))
    }

    /// The server side of the sink.
    static func serverContext(_ pair: (certificate: NIOSSLCertificate, key: NIOSSLPrivateKey)) throws -> NIOSSLContext {
        try NIOSSLContext(configuration: .makeServerConfiguration(certificateChain: [.certificate(pair.certificate)], privateKey: .privateKey(pair.key)))
    }
}

/// Survey invitations through relays that want TLS and a sign-in, as real mail providers do.
@Suite struct SurveyMailTLSTests {
    /// A workspace with two customers with addresses invited to a campaign; `body` gets the session and the campaign.
    func withCampaign(_ body: (WorkspaceSession, Int64) async throws -> Void) async throws {
        let database = try await PaladinDatabase.open(.sqliteMemory, create: true)
        do {
            _ = try await Setup.initialize(database, workspace: "acme", name: "Acme", clock: .system)
            let session = try await WorkspaceSession.open(database, workspace: "acme", actor: "manager@acme.test")
            _ = try await session.addCustomer(CustomerDraft(externalId: "A-1", name: "Ana", email: "ana@example.test"))
            _ = try await session.addCustomer(CustomerDraft(externalId: "A-2", name: "Bo", email: "bo@example.test"))
            let campaign = try await session.createSurveyCampaign(SurveyCampaignDraft(
                name: "TLS", validUntil: Clock.system.now().date.adding(days: 5), selection: SurveySelection(customers: ["A-1", "A-2"])))
            try await body(session, campaign.campaign.id)
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }

    func mailer(_ session: WorkspaceSession, trusting certificate: NIOSSLCertificate?) -> SurveyMailer {
        var mailer = SurveyMailer(session: session, publicURL: "https://crm.example.test")
        if let certificate { mailer.trustRoots = .certificates([certificate]) }
        mailer.timeout = 10
        return mailer
    }

    func deliveries(_ session: WorkspaceSession) async throws -> [(status: String, detail: String?)] {
        try await session.database.sql.raw("SELECT status, detail FROM survey_deliveries ORDER BY invitation_id").all().map {
            (try $0.decode(column: "status", as: String.self), try $0.decode(column: "detail", as: String?.self))
        }
    }

    @Test func startTLSThenAuthPlainThenTheMessages() async throws {
        let pair = try TestCertificate.make()
        let options = SMTPSink.Options(tls: try TestCertificate.serverContext(pair), accounts: ["mailer": "s3cret pass"])
        try await withCampaign { session, id in
            try await SMTPSink.serving(options) { sink, port in
                try await session.setSurveySMTP(SMTPSettings(host: "127.0.0.1", port: port, from: "surveys@acme.test",
                                                             security: .auto, user: "mailer", password: "s3cret pass"))
                let report = try await mailer(session, trusting: pair.certificate).send(campaign: id)
                #expect(report.sent == 2 && report.failed.isEmpty, "\(report.failed)")
                let mails = await sink.mails
                #expect(mails.count == 2)
                #expect(mails.allSatisfy { $0.secure && $0.user == "mailer" })
                // the conversation: EHLO in clear, STARTTLS, then EHLO again and AUTH only once encrypted
                let steps = await sink.steps
                #expect(Array(steps.prefix(4)) == [.init(verb: "EHLO", secure: false), .init(verb: "STARTTLS", secure: false),
                                                   .init(verb: "EHLO", secure: true), .init(verb: "AUTH", secure: true)])
                #expect(steps.filter { $0.verb == "AUTH" || $0.verb == "MAIL" }.allSatisfy { $0.secure })
                // nothing of the credentials travelled in clear
                let clear = await sink.clearText
                #expect(!clear.contains(Data("\0mailer\0s3cret pass".utf8).base64EncodedString()) && !clear.contains("s3cret"))
            }
            #expect(try await deliveries(session).map(\.status) == ["sent", "sent"])
        }
    }

    @Test func implicitTLSWithAuthLogin() async throws {
        let pair = try TestCertificate.make()
        let options = SMTPSink.Options(tls: try TestCertificate.serverContext(pair), implicit: true, accounts: ["mailer": "pw"], mechanisms: ["LOGIN"])
        try await withCampaign { session, id in
            try await SMTPSink.serving(options) { sink, port in
                try await session.setSurveySMTP(SMTPSettings(host: "127.0.0.1", port: port, from: "surveys@acme.test",
                                                             security: .tls, user: "mailer", password: "pw"))
                let report = try await mailer(session, trusting: pair.certificate).send(campaign: id)
                #expect(report.sent == 2, "\(report.failed)")
                #expect(await sink.steps.allSatisfy { $0.secure })
                #expect(await sink.mails.allSatisfy { $0.secure && $0.user == "mailer" })
            }
        }
    }

    @Test func aRelayWithAnUntrustedCertificateIsRefusedAndRecorded() async throws {
        let pair = try TestCertificate.make()
        let options = SMTPSink.Options(tls: try TestCertificate.serverContext(pair), accounts: ["mailer": "pw"])
        try await withCampaign { session, id in
            try await SMTPSink.serving(options) { sink, port in
                try await session.setSurveySMTP(SMTPSettings(host: "127.0.0.1", port: port, from: "surveys@acme.test",
                                                             security: .starttls, user: "mailer", password: "pw"))
                // the system's trust roots do not know the self-signed certificate
                let report = try await mailer(session, trusting: nil).send(campaign: id)
                #expect(report.sent == 0 && report.failed.count == 2)
                #expect(report.failed.first?.reason.contains("certificate could not be verified") == true, "\(report.failed)")
                #expect(await sink.mails.isEmpty)
                #expect(!(await sink.steps.contains { $0.verb == "AUTH" }))
            }
            let recorded = try await deliveries(session)
            #expect(recorded.map(\.status) == ["failed", "failed"])
            #expect(recorded.allSatisfy { $0.detail?.contains("TLS with 127.0.0.1:") == true && $0.detail?.contains("pw") == false })
            #expect(try await session.surveyResults(id).sent == 0)
        }
    }

    @Test func aWrongPasswordFailsEveryMessageAndMarksNoneSent() async throws {
        let pair = try TestCertificate.make()
        let options = SMTPSink.Options(tls: try TestCertificate.serverContext(pair), accounts: ["mailer": "right"])
        try await withCampaign { session, id in
            try await SMTPSink.serving(options) { sink, port in
                try await session.setSurveySMTP(SMTPSettings(host: "127.0.0.1", port: port, from: "surveys@acme.test",
                                                             user: "mailer", password: "wrong-password"))
                let report = try await mailer(session, trusting: pair.certificate).send(campaign: id)
                #expect(report.sent == 0 && report.failed.count == 2)
                #expect(await sink.mails.isEmpty)
            }
            let recorded = try await deliveries(session)
            #expect(recorded.map(\.status) == ["failed", "failed"])
            let detail = try #require(recorded.first?.detail)
            #expect(detail.contains("AUTH PLAIN (user mailer)") && detail.contains("535"))
            #expect(!detail.contains("wrong-password") && !detail.contains(Data("\0mailer\0wrong-password".utf8).base64EncodedString()))
            #expect(try await session.surveyResults(id).sent == 0)
            // the links of failed invitations are forgotten: a later send issues new ones
            #expect(try await session.surveyResults(id).issued == 0)
        }
    }

    @Test func noPasswordTravelsWithoutTLSAndRequiredSTARTTLSIsRequired() async throws {
        try await withCampaign { session, id in
            // a relay that offers no STARTTLS
            try await SMTPSink.serving(SMTPSink.Options(accounts: ["mailer": "pw"])) { sink, port in
                try await session.setSurveySMTP(SMTPSettings(host: "127.0.0.1", port: port, from: "s@acme.test", user: "mailer", password: "pw"))
                let auto = try await mailer(session, trusting: nil).send(campaign: id)
                #expect(auto.sent == 0 && auto.failed.first?.reason.contains("never sent over an unencrypted connection") == true, "\(auto.failed)")
                try await session.setSurveySMTP(SMTPSettings(host: "127.0.0.1", port: port, from: "s@acme.test", security: .starttls))
                let required = try await mailer(session, trusting: nil).send(campaign: id)
                #expect(required.failed.first?.reason.contains("does not offer STARTTLS") == true, "\(required.failed)")
                #expect(!(await sink.steps.contains { $0.verb == "AUTH" || $0.verb == "MAIL" }))
                #expect(!(await sink.clearText.contains("cHc")))  // base64 of "pw" never seen
            }
        }
    }

    @Test func aRelayThatNeverAnswersTimesOut() async throws {
        try await withCampaign { session, id in
            try await SMTPSink.serving(SMTPSink.Options(greets: false)) { _, port in
                try await session.setSurveySMTP(SMTPSettings(host: "127.0.0.1", port: port, from: "s@acme.test", security: .plain))
                var mailer = mailer(session, trusting: nil)
                mailer.timeout = 1
                let report = try await mailer.send(campaign: id)
                #expect(report.sent == 0)
                #expect(report.failed.first?.reason.contains("did not answer within 1 s (the greeting)") == true, "\(report.failed)")
            }
        }
    }

    @Test func credentialsAreCheckedAndNeverPrinted() async throws {
        let database = try await PaladinDatabase.open(.sqliteMemory, create: true)
        _ = try await Setup.initialize(database, workspace: "acme", name: "Acme", clock: .system)
        let session = try await WorkspaceSession.open(database, workspace: "acme", actor: "t")
        for (settings, field) in [
            (SMTPSettings(host: "mail", port: 587, from: "a@b.test", user: "u"), "--smtp-password-stdin"),
            (SMTPSettings(host: "mail", port: 587, from: "a@b.test", password: "p"), "--smtp-user"),
            (SMTPSettings(host: "mail", port: 587, from: "a@b.test", security: .plain, user: "u", password: "p"), "--smtp-tls"),
            (SMTPSettings(host: "mail", port: 587, from: "a@b.test", user: "u\r\nRSET", password: "p"), "--smtp-user"),
            (SMTPSettings(host: "mail", port: 587, from: "a@b.test", user: "u", password: "p\nq"), "--smtp-password-stdin"),
        ] {
            do {
                try await session.setSurveySMTP(settings)
                Issue.record("\(settings) was taken")
            } catch PaladinError.invalid(let named, let message) {
                #expect(named == field)
                #expect(!message.contains("p\nq"))
            }
        }
        #expect(try await session.surveySMTP() == nil)
        let good = SMTPSettings(host: "smtp.example.test", port: 465, from: "a@b.test", security: .tls, user: "u", password: "hunter22")
        try await session.setSurveySMTP(good)
        #expect(try await session.surveySMTP() == good)
        #expect(!"\(good)".contains("hunter22") && "\(good)".contains("as u with a password"))
        await database.close()
    }
}
