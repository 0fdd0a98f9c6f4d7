import Foundation
import NIOCore
import NIOPosix
import NIOSSL
@testable import PaladinServer
import PaladinCore
import PaladinStore
import Testing

/// A tiny SMTP server on loopback that keeps what it receives; it refuses recipients whose address contains "refuse".
/// With ``Options`` it offers STARTTLS or speaks TLS from the first byte (with a test certificate), and asks for a
/// sign-in (AUTH PLAIN and LOGIN) before it takes mail; every command is kept with whether it came encrypted.
actor SMTPSink {
    struct Mail: Sendable {
        var from = ""
        var to: [String] = []
        var data = ""
        /// Whether the message came over TLS, and the user signed in when it came.
        var secure = false
        var user: String?
    }

    /// A command as received: its verb and whether the connection was encrypted then.
    struct Step: Sendable, Equatable {
        let verb: String
        let secure: Bool
    }

    struct Options: Sendable {
        /// The server's TLS: offered as STARTTLS, or from the first byte with `implicit`.
        var tls: NIOSSLContext?
        var implicit = false
        /// Users and passwords; when any, mail is taken only after AUTH.
        var accounts: [String: String] = [:]
        /// The AUTH mechanisms advertised.
        var mechanisms = ["PLAIN", "LOGIN"]
        /// Whether to say hello at all (false: a relay that never answers).
        var greets = true
    }

    private(set) var mails: [Mail] = []
    private(set) var steps: [Step] = []
    /// Every line received, as received (to check a password never travels in clear).
    private(set) var clearText = ""

    func keep(_ mail: Mail) { mails.append(mail) }
    func record(_ step: Step) { steps.append(step) }
    func heard(_ line: String) { clearText += line + "\n" }

    /// Serves on 127.0.0.1 (a free port, passed to `body`) while `body` runs.
    static func serving<T: Sendable>(_ options: Options = Options(), _ body: @Sendable (SMTPSink, Int) async throws -> T) async throws -> T {
        let sink = SMTPSink()
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if options.implicit, let tls = options.tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls))
                    }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let port = try #require(server.channel.localAddress?.port)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        try? await sink.converse(connection, options)
                    }
                }
                return nil
            }
            let result = try await body(sink, port)
            group.cancelAll()
            try? await server.channel.close()
            return result
        }
    }

    private func converse(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>, _ options: Options) async throws {
        let channel = connection.channel
        try await connection.executeThenClose { inbound, outbound in
            func reply(_ text: String) async throws { try await outbound.write(ByteBuffer(string: text + "\r\n")) }
            var secure = options.implicit
            if options.greets { try await reply("220 sink ready") }
            var pending = ""
            var mail = Mail()
            var inData = false
            var user: String?
            var login: (step: Int, user: String)?
            func check(_ name: String, _ password: String) -> Bool { options.accounts[name] == password }
            for try await buffer in inbound {
                pending += String(buffer: buffer)
                while let range = pending.range(of: "\r\n") {
                    let line = String(pending[..<range.lowerBound])
                    pending.removeSubrange(..<range.upperBound)
                    if !secure { await self.heard(line) }
                    if inData {
                        if line == "." {
                            mail.secure = secure
                            mail.user = user
                            await self.keep(mail)
                            mail = Mail()
                            inData = false
                            try await reply("250 kept")
                        } else {
                            mail.data += (line.hasPrefix(".") ? String(line.dropFirst()) : line) + "\n"
                        }
                        continue
                    }
                    if let current = login {
                        let text = String(decoding: Data(base64Encoded: line) ?? Data(), as: UTF8.self)
                        if current.step == 0 {
                            login = (1, text)
                            try await reply("334 UGFzc3dvcmQ6")
                        } else {
                            login = nil
                            if check(current.user, text) {
                                user = current.user
                                try await reply("235 welcome")
                            } else { try await reply("535 5.7.8 authentication failed") }
                        }
                        continue
                    }
                    let verb = String(line.prefix(while: { $0 != " " })).uppercased()
                    await self.record(Step(verb: verb, secure: secure))
                    switch verb {
                    case "EHLO":
                        var lines = ["250-sink", "250-8BITMIME"]
                        if options.tls != nil, !secure { lines.append("250-STARTTLS") }
                        if !options.accounts.isEmpty { lines.append("250-AUTH " + options.mechanisms.joined(separator: " ")) }
                        lines.append("250 SMTPUTF8")
                        try await reply(lines.joined(separator: "\r\n"))
                    case "STARTTLS":
                        guard let tls = options.tls, !secure else {
                            try await reply("502 no TLS here")
                            continue
                        }
                        // The go-ahead leaves in clear, and TLS starts before the next byte is read.
                        try await channel.eventLoop.submit {
                            channel.writeAndFlush(ByteBuffer(string: "220 go ahead\r\n"), promise: nil)
                            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls), position: .first)
                        }.get()
                        secure = true
                    case "AUTH":
                        let parts = line.split(separator: " ").map(String.init)
                        if parts.count >= 2, parts[1].uppercased() == "LOGIN", options.mechanisms.contains("LOGIN") {
                            login = (0, "")
                            try await reply("334 VXNlcm5hbWU6")
                        } else if parts.count == 3, parts[1].uppercased() == "PLAIN", options.mechanisms.contains("PLAIN") {
                            let fields = String(decoding: Data(base64Encoded: parts[2]) ?? Data(), as: UTF8.self)
                                .split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
                            if fields.count == 3, check(fields[1], fields[2]) {
                                user = fields[1]
                                try await reply("235 welcome")
                            } else { try await reply("535 5.7.8 authentication failed") }
                        } else { try await reply("504 unrecognised mechanism") }
                    case "MAIL":
                        if !options.accounts.isEmpty, user == nil {
                            try await reply("530 5.7.0 authentication required")
                            continue
                        }
                        mail.from = line
                        try await reply("250 ok")
                    case "RCPT":
                        if line.contains("refuse") { try await reply("550 no such mailbox") } else {
                            mail.to.append(line)
                            try await reply("250 ok")
                        }
                    case "DATA":
                        inData = true
                        try await reply("354 go ahead")
                    case "RSET":
                        mail = Mail()
                        try await reply("250 reset")
                    case "QUIT":
                        try await reply("221 bye")
                        return
                    default: try await reply("502 unknown")
                    }
                }
            }
        }
    }
}

@Suite struct SurveyMailTests {
    @Test func invitationsGoThroughTheWorkspacesRelayAndAreRecorded() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("paladin-mail-\(UUID().uuidString).sqlite").path
        let database = try await PaladinDatabase.open(.sqliteFile(path), create: true)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try await Setup.initialize(database, workspace: "acme", name: "Acme", clock: .system)
            let session = try await WorkspaceSession.open(database, workspace: "acme", actor: "manager@acme.test")
            _ = try await session.addCustomer(CustomerDraft(externalId: "A-1", name: "Ana", email: "ana@example.test", attributes: ["language": "ro"]))
            _ = try await session.addCustomer(CustomerDraft(externalId: "A-2", name: "Bo", email: "refuse@example.test"))
            _ = try await session.addCustomer(CustomerDraft(externalId: "A-3", name: "Cy"))
            let campaign = try await session.createSurveyCampaign(SurveyCampaignDraft(
                name: "Mail", validUntil: Clock.system.now().date.adding(days: 5), selection: SurveySelection(customers: ["A-1", "A-2", "A-3"])))
            let id = campaign.campaign.id

            // without a relay: a clear refusal, nothing issued
            await #expect(throws: PaladinError.self) { _ = try await SurveyMailer(session: session, publicURL: "https://crm.example.test").send(campaign: id) }
            #expect(try await session.surveyResults(id).issued == 0)

            try await SMTPSink.serving { sink, port in
                try await session.setSurveySMTP(SMTPSettings(host: "127.0.0.1", port: port, from: "surveys@acme.test"))
                let report = try await SurveyMailer(session: session, publicURL: "https://crm.example.test/").send(campaign: id)
                #expect(report.sent == 1)
                #expect(report.failed.count == 1)
                #expect(report.withoutEmail == 1)
                let mails = await sink.mails
                #expect(mails.count == 1)
                let mail = try #require(mails.first)
                #expect(mail.to == ["RCPT TO:<ana@example.test>"])
                #expect(mail.from == "MAIL FROM:<surveys@acme.test>")
                #expect(mail.data.contains("https://crm.example.test/s/"))
                #expect(mail.data.contains("Cât de probabil este să recomandați Acme"))  // the customer's language
                #expect(mail.data.contains("Subject: =?utf-8?B?"))
            }
            // recorded: one sent, one failed (its link forgotten, so a later send issues a new one)
            let results = try await session.surveyResults(id)
            #expect(results.sent == 1 && results.failed == 1)
            #expect(results.issued == 1)
            let failed = try await database.sql.raw("SELECT recipient, status, detail FROM survey_deliveries WHERE status = 'failed'").first()
            #expect(try failed?.decode(column: "recipient", as: String.self) == "refuse@example.test")
            #expect(try failed?.decode(column: "detail", as: String.self).contains("550") == true)
        } catch {
            await database.close()
            throw error
        }
        await database.close()
    }

    @Test func aBadRelayIsRefused() async throws {
        let database = try await PaladinDatabase.open(.sqliteMemory, create: true)
        _ = try await Setup.initialize(database, workspace: "acme", name: "Acme", clock: .system)
        let session = try await WorkspaceSession.open(database, workspace: "acme", actor: "t")
        for (settings, field) in [
            (SMTPSettings(host: "", port: 25, from: "a@b.test"), "--smtp-host"),
            (SMTPSettings(host: "mail", port: 0, from: "a@b.test"), "--smtp-port"),
            (SMTPSettings(host: "mail", port: 25, from: "not an address"), "--from"),
        ] {
            do {
                try await session.setSurveySMTP(settings)
                Issue.record("\(settings) was taken")
            } catch PaladinError.invalid(let named, _) {
                #expect(named == field)
            }
        }
        #expect(try await session.surveySMTP() == nil)
        await database.close()
    }
}

@Suite struct SurveySendRouteTests {
    @Test func theAPISendsThroughTheRelay() async throws {
        try await Fixture.withApp { client, fixture in
            let acme = try await WorkspaceSession.open(fixture.database, workspace: "acme", actor: "test")
            _ = try await acme.addCustomer(CustomerDraft(externalId: "A-5", name: "Eva", email: "eva@example.test"))
            let campaign = try await SurveyScenario.create(client, fixture, customers: ["A-1", "A-5"])
            // no relay yet: 409, nothing issued
            let refused = try await client.call(.post, "/api/v1/surveys/\(campaign)/send", token: fixture.tokens["manager"])
            #expect(refused.isProblem(.conflict))
            #expect(try await client.call(.post, "/api/v1/surveys/\(campaign)/send", token: fixture.tokens["agent"]).isProblem(.forbidden))
            #expect(try await client.call(.post, "/api/v1/surveys/\(campaign)/send", token: fixture.tokens["globex"]).isProblem(.notFound))
            try await SMTPSink.serving { sink, port in
                try await acme.setSurveySMTP(SMTPSettings(host: "127.0.0.1", port: port, from: "surveys@acme.test"))
                let sent = try await client.call(.post, "/api/v1/surveys/\(campaign)/send", token: fixture.tokens["manager"])
                #expect(sent.status == .ok, "\(sent.text)")
                #expect(sent.object["sent"] as? Int == 1 && sent.object["without_email"] as? Int == 1)
                #expect((sent.object["failed"] as? [Any])?.isEmpty == true)
                let mails = await sink.mails
                #expect(mails.map(\.to) == [["RCPT TO:<eva@example.test>"]])
                // the mailed link opens the answer page
                let body = try #require(mails.first?.data)
                let start = try #require(body.range(of: "/s/"))
                let path = String(body[start.lowerBound...].prefix { !$0.isWhitespace })
                let page = try await client.execute(uri: path, method: .get, headers: [:], body: nil)
                #expect(page.status == .ok && page.text.contains("id=\"survey-form\""))
                // sending again mails nobody twice
                let again = try await client.call(.post, "/api/v1/surveys/\(campaign)/send", token: fixture.tokens["manager"])
                #expect(again.object["sent"] as? Int == 0)
                #expect(await sink.mails.count == 1)
                // the campaign page offers the send button once a relay is set
                var browser = try await Browser.signedIn(client, as: "owner")
                let page2 = try await browser.get(client, "/surveys/\(campaign)")
                #expect(page2.text.contains("action=\"/surveys/\(campaign)/send\""))
                let web = try await browser.post(client, "/surveys/\(campaign)/send", [])
                #expect(web.status == .seeOther)
                #expect(web.headers[.location] == "/surveys/\(campaign)?done=survey_sent")
            }
            let results = try await client.call(.get, "/api/v1/surveys/\(campaign)", token: fixture.tokens["viewer"])
            #expect(results.object["emails_sent"] as? Int == 1)
        }
    }
}
