import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS
import PaladinStore

/// An SMTP client for the workspace's relay (RFC 5321): one connection, several messages. STARTTLS (RFC 3207) when the
/// relay offers it or the settings require it, or TLS from the first byte (implicit TLS, port 465); the relay's
/// certificate is verified against the system's trust roots. AUTH PLAIN or LOGIN (RFC 4954) only once the connection
/// is encrypted. Every step has a time limit; every reply is checked; a refusal names the step and the server's answer
/// (never the password, which no message, log or error carries).
struct SMTPClient: Sendable {
    /// A message to send.
    struct Message: Sendable {
        let from: String
        let to: String
        let subject: String
        let body: String
    }

    /// A reply the client did not expect, or a connection that failed.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let host: String
    let port: Int
    let security: SMTPSecurity
    let user: String?
    let password: String?
    /// Seconds one step (connecting, the TLS handshake with the greeting, one command and its reply) may take.
    let timeout: Int64
    /// Whom a relay's certificate must be signed by (tests trust their throwaway certificate here).
    let trustRoots: NIOSSLTrustRoots

    init(_ settings: SMTPSettings, timeout: Int64 = 30, trustRoots: NIOSSLTrustRoots = .default) {
        host = settings.host
        port = settings.port
        security = settings.security
        user = settings.user
        password = settings.password
        self.timeout = timeout
        self.trustRoots = trustRoots
    }

    private var relay: String { "\(host):\(port)" }

    /// Sends `messages` over one connection; the result of each, in order (a refused recipient fails only its message).
    /// Throws a ``Failure`` when the connection, TLS or sign-in fails: then no message was sent.
    func send(_ messages: [Message]) async throws -> [Result<Void, Failure>] {
        let tls: NIOSSLContext
        do {
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.trustRoots = trustRoots
            configuration.minimumTLSVersion = .tlsv12
            tls = try NIOSSLContext(configuration: configuration)
        } catch {
            throw Failure(description: "cannot prepare TLS for \(relay): \(error)")
        }
        let implicit = security == .tls
        let implicitHandshake = NIOLockedValueBox<EventLoopFuture<Void>?>(nil)
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(timeout))
                .connect(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if implicit {
                            let handshake = try self.addTLS(tls, to: channel)
                            implicitHandshake.withLockedValue { $0 = handshake }
                        }
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw Failure(description: "cannot reach \(relay): \(error)")
        }
        let underlying = channel.channel
        let watchdog = Watchdog(channel: underlying, seconds: timeout)
        do {
            return try await channel.executeThenClose { inbound, outbound in
                var session = Session(inbound: inbound.makeAsyncIterator(), outbound: outbound, watchdog: watchdog)
                if let handshake = implicitHandshake.withLockedValue({ $0 }) {
                    watchdog.arm("the TLS handshake")
                    try await handshake.get()
                }
                try await session.expect(220, after: "the greeting")
                var offers = try await session.ehlo()
                var encrypted = implicit
                if !implicit, security != .plain {
                    let offered = offers.contains { $0.uppercased() == "STARTTLS" }
                    if security == .starttls, !offered {
                        throw Failure(description: "\(relay) does not offer STARTTLS, which the relay's settings require (TLS mode starttls)")
                    }
                    if offered {
                        try await session.command("STARTTLS", expect: 220)
                        let handshake = try await underlying.eventLoop.submit { try self.addTLS(tls, to: underlying) }.get()
                        // Nothing more is said before the handshake is over (a refused certificate is told as such).
                        watchdog.arm("the TLS handshake")
                        try await handshake.get()
                        encrypted = true
                        offers = try await session.ehlo()
                    }
                }
                if let user, let password {
                    guard encrypted else {
                        throw Failure(description: "\(relay) did not offer STARTTLS: the password is never sent over an unencrypted connection")
                    }
                    try await session.authenticate(user: user, password: password, offers: offers)
                }
                var results: [Result<Void, Failure>] = []
                for message in messages {
                    do {
                        try await session.command("MAIL FROM:<\(message.from)>", expect: 250)
                        try await session.command("RCPT TO:<\(message.to)>", expect: 250)
                        try await session.command("DATA", expect: 354)
                        try await session.command(Self.data(message) + ".", expect: 250, label: "the message")
                        results.append(.success(()))
                    } catch {
                        // A refused message fails alone; a lost connection or a timeout fails it and every one after it.
                        if let failure = error as? Failure, failure.description != Session.connectionLost, watchdog.expired == nil {
                            results.append(.failure(failure))
                            do {
                                try await session.command("RSET", expect: 250)
                                continue
                            } catch {}
                        }
                        let reason = explain(error, watchdog: watchdog)
                        while results.count < messages.count { results.append(.failure(reason)) }
                        break
                    }
                }
                try? await session.command("QUIT", expect: 221)
                watchdog.disarm()
                return results
            }
        } catch {
            watchdog.disarm()
            throw explain(error, watchdog: watchdog)
        }
    }

    /// Puts TLS first in `channel`'s pipeline (on its event loop); the returned future completes when the handshake
    /// is over, or fails with the reason it failed.
    private func addTLS(_ context: NIOSSLContext, to channel: any Channel) throws -> EventLoopFuture<Void> {
        let handler = try tlsHandler(context)
        let promise = channel.eventLoop.makePromise(of: Void.self)
        try channel.pipeline.syncOperations.addHandler(handler, position: .first)
        try channel.pipeline.syncOperations.addHandler(HandshakeWatcher(promise), position: .after(handler))
        return promise.futureResult
    }

    /// Completes its promise when the TLS handshake completes, fails it with the first error or the connection's end;
    /// passes everything on.
    final class HandshakeWatcher: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = ByteBuffer
        typealias InboundOut = ByteBuffer
        private let promise: EventLoopPromise<Void>
        private var done = false

        init(_ promise: EventLoopPromise<Void>) { self.promise = promise }

        private func finish(_ error: (any Error)?) {
            guard !done else { return }
            done = true
            if let error { promise.fail(error) } else { promise.succeed(()) }
        }

        func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
            if let tls = event as? TLSUserEvent, case .handshakeCompleted = tls { finish(nil) }
            context.fireUserInboundEventTriggered(event)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            finish(error)
            context.fireErrorCaught(error)
        }

        func channelInactive(context: ChannelHandlerContext) {
            finish(Failure(description: Session.connectionLost))
            context.fireChannelInactive()
        }

        func handlerRemoved(context: ChannelHandlerContext) { finish(Failure(description: Session.connectionLost)) }
    }

    /// A TLS client handler checking the relay's certificate against its host name (or its address, for an IP).
    private func tlsHandler(_ context: NIOSSLContext) throws -> NIOSSLClientHandler {
        let isAddress = (try? SocketAddress(ipAddress: host, port: 0)) != nil
        return try NIOSSLClientHandler(context: context, serverHostname: isAddress ? nil : host)
    }

    /// A failure a person can act on: a timeout names its step, a TLS failure says whether the certificate was refused.
    private func explain(_ error: any Error, watchdog: Watchdog) -> Failure {
        if let step = watchdog.expired { return Failure(description: "\(relay) did not answer within \(timeout) s (\(step))") }
        if let failure = error as? Failure { return failure }
        let text = String(describing: error)
        if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate") {
            return Failure(description: "TLS with \(relay) refused: the relay's certificate could not be verified (not signed by a trusted authority, expired, or not issued for \(host))")
        }
        if error is NIOSSLError || error is BoringSSLError {
            return Failure(description: "TLS with \(relay) failed: \(text)")
        }
        return Failure(description: "the conversation with \(relay) failed: \(text)")
    }

    /// Headers and body, lines ending CRLF, a leading dot doubled (RFC 5321 4.5.2).
    static func data(_ message: Message) -> String {
        let subject = "=?utf-8?B?\(Data(message.subject.utf8).base64EncodedString())?="
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        var lines = [
            "From: <\(message.from)>", "To: <\(message.to)>", "Subject: \(subject)", "Date: \(formatter.string(from: Date()))",
            "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit", "",
        ]
        lines += message.body.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(".") ? "." + $0 : String($0) }
        return lines.map { $0 + "\r\n" }.joined()
    }

    /// Closes the connection when one step takes longer than its limit, remembering which step it was.
    final class Watchdog: Sendable {
        private let channel: any Channel
        private let seconds: Int64
        private let state = NIOLockedValueBox<(task: Scheduled<Void>?, expired: String?)>((nil, nil))

        init(channel: any Channel, seconds: Int64) {
            self.channel = channel
            self.seconds = seconds
            arm("connecting")
        }

        /// Starts the clock for `step` (stopping the previous one's).
        func arm(_ step: String) {
            let channel = self.channel
            let state = self.state
            let task = channel.eventLoop.scheduleTask(in: .seconds(seconds)) {
                state.withLockedValue { $0.expired = step }
                channel.close(promise: nil)
            }
            state.withLockedValue {
                $0.task?.cancel()
                $0.task = task
            }
        }

        func disarm() { state.withLockedValue { $0.task?.cancel() } }

        /// The step that ran out of time, if one did.
        var expired: String? { state.withLockedValue { $0.expired } }
    }

    /// The conversation: commands out, replies in (multi-line replies joined).
    struct Session {
        static let connectionLost = "the SMTP server closed the connection"

        var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
        let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
        let watchdog: Watchdog
        var pending = ""

        /// Sends `line` and checks the reply's code; a refusal names `label` (by default the command's verb).
        mutating func command(_ line: String, expect code: Int, label: String? = nil) async throws {
            let what = label ?? String(line.prefix(while: { $0 != " " && $0 != "\r" && $0 != ":" }))
            watchdog.arm(what)
            try await outbound.write(ByteBuffer(string: line.hasSuffix("\r\n") ? line : line + "\r\n"))
            try await expect(code, after: what)
        }

        mutating func expect(_ code: Int, after what: String) async throws {
            watchdog.arm(what)
            let reply = try await readReply()
            guard reply.code == code else { throw Failure(description: "\(what): the server answered '\(reply.lines.joined(separator: " "))'") }
        }

        /// EHLO; the extensions the relay offers (the reply's lines after the first, without their code).
        mutating func ehlo() async throws -> [String] {
            watchdog.arm("EHLO")
            try await outbound.write(ByteBuffer(string: "EHLO paladin.localhost\r\n"))
            let reply = try await readReply()
            guard reply.code == 250 else { throw Failure(description: "EHLO: the server answered '\(reply.lines.joined(separator: " "))'") }
            return reply.lines.dropFirst().map { String($0.dropFirst(4)).trimmingCharacters(in: .whitespaces) }
        }

        /// AUTH PLAIN when offered (or when nothing is said), else AUTH LOGIN. The credentials travel only inside
        /// base64 lines whose refusals are labelled without them.
        mutating func authenticate(user: String, password: String, offers: [String]) async throws {
            let mechanisms = Set(offers.filter { $0.uppercased().hasPrefix("AUTH") }
                .flatMap { $0.dropFirst(5).split(separator: " ").map { $0.uppercased() } })
            func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
            if mechanisms.contains("PLAIN") || !mechanisms.contains("LOGIN") {
                try await command("AUTH PLAIN " + base64("\0\(user)\0\(password)"), expect: 235, label: "AUTH PLAIN (user \(user))")
            } else {
                try await command("AUTH LOGIN", expect: 334, label: "AUTH LOGIN")
                try await command(base64(user), expect: 334, label: "AUTH LOGIN (user \(user))")
                try await command(base64(password), expect: 235, label: "AUTH LOGIN (password of \(user))")
            }
        }

        private mutating func readReply() async throws -> (code: Int, lines: [String]) {
            var lines: [String] = []
            while true {
                while let range = pending.range(of: "\r\n") {
                    let line = String(pending[..<range.lowerBound])
                    pending.removeSubrange(..<range.upperBound)
                    lines.append(line)
                    // The last line of a reply has a space (or nothing) after its code.
                    if line.count < 4 || line[line.index(line.startIndex, offsetBy: 3)] == " " {
                        return (Int(line.prefix(3)) ?? 0, lines)
                    }
                }
                guard let buffer = try await inbound.next() else { throw Failure(description: Self.connectionLost) }
                pending += String(buffer: buffer)
                if pending.utf8.count > 64 * 1024 { throw Failure(description: "the SMTP server's reply is too long") }
            }
        }
    }
}
