import Foundation
import NIOCore
import NIOPosix
@testable import PaladinServer
import PaladinCore
import PaladinStore
import Testing

/// A tiny SMTP server on loopback that keeps what it receives; it refuses recipients whose address contains "refuse".
actor SMTPSink {
    struct Mail: Sendable {
        var from = ""
        var to: [String] = []
        var data = ""
    }

    private(set) var mails: [Mail] = []

    func keep(_ mail: Mail) { mails.append(mail) }

    /// Serves on 127.0.0.1 (a free port, passed to `body`) while `body` runs.
    static func serving<T: Sendable>(_ body: @Sendable (SMTPSink, Int) async throws -> T) async throws -> T {
        let sink = SMTPSink()
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        let port = try #require(server.channel.localAddress?.port)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        try? await sink.converse(connection)
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

    private func converse(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async throws {
        try await connection.executeThenClose { inbound, outbound in
            func reply(_ text: String) async throws { try await outbound.write(ByteBuffer(string: text + "\r\n")) }
            try await reply("220 sink ready")
            var pending = ""
            var mail = Mail()
            var inData = false
            for try await buffer in inbound {
                pending += String(buffer: buffer)
                while let range = pending.range(of: "\r\n") {
                    let line = String(pending[..<range.lowerBound])
                    pending.removeSubrange(..<range.upperBound)
                    if inData {
                        if line == "." {
                            await self.keep(mail)
                            mail = Mail()
                            inData = false
                            try await reply("250 kept")
                        } else {
                            mail.data += (line.hasPrefix(".") ? String(line.dropFirst()) : line) + "\n"
                        }
                        continue
                    }
                    let verb = line.prefix(4).uppercased()
                    switch verb {
                    case "EHLO": try await reply("250-sink\r\n250 8BITMIME")
                    case "MAIL":
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
