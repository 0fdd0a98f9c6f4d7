import Foundation
import NIOCore
import NIOPosix

/// A plain SMTP client for a relay (RFC 5321 without authentication or TLS): one connection, several messages.
/// Every reply is checked; a refusal names the command and the server's answer.
struct SMTPClient {
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
    /// Seconds one exchange may take.
    let timeout: Int64

    init(host: String, port: Int, timeout: Int64 = 30) {
        self.host = host
        self.port = port
        self.timeout = timeout
    }

    /// Sends `messages` over one connection; the result of each, in order (a refused recipient fails only its message).
    func send(_ messages: [Message]) async throws -> [Result<Void, Failure>] {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(timeout))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var session = Session(inbound: inbound.makeAsyncIterator(), outbound: outbound)
            try await session.expect(220, after: "connect")
            try await session.command("EHLO paladin.localhost", expect: 250)
            var results: [Result<Void, Failure>] = []
            for message in messages {
                do {
                    try await session.command("MAIL FROM:<\(message.from)>", expect: 250)
                    try await session.command("RCPT TO:<\(message.to)>", expect: 250)
                    try await session.command("DATA", expect: 354)
                    try await session.command(Self.data(message) + ".", expect: 250)
                    results.append(.success(()))
                } catch let failure as Failure {
                    results.append(.failure(failure))
                    try await session.command("RSET", expect: 250)
                }
            }
            try? await session.command("QUIT", expect: 221)
            return results
        }
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

    /// The conversation: commands out, replies in (multi-line replies joined).
    struct Session {
        var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
        let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
        var pending = ""

        mutating func command(_ line: String, expect code: Int) async throws {
            try await outbound.write(ByteBuffer(string: line.hasSuffix("\r\n") ? line : line + "\r\n"))
            try await expect(code, after: String(line.prefix(while: { $0 != " " && $0 != "\r" })))
        }

        mutating func expect(_ code: Int, after what: String) async throws {
            let reply = try await readReply()
            guard reply.code == code else { throw Failure(description: "\(what): the server answered '\(reply.text)'") }
        }

        private mutating func readReply() async throws -> (code: Int, text: String) {
            var lines: [String] = []
            while true {
                while let range = pending.range(of: "\r\n") {
                    let line = String(pending[..<range.lowerBound])
                    pending.removeSubrange(..<range.upperBound)
                    lines.append(line)
                    // The last line of a reply has a space (or nothing) after its code.
                    if line.count < 4 || line[line.index(line.startIndex, offsetBy: 3)] == " " {
                        return (Int(line.prefix(3)) ?? 0, lines.joined(separator: " "))
                    }
                }
                guard let buffer = try await inbound.next() else { throw Failure(description: "the SMTP server closed the connection") }
                pending += String(buffer: buffer)
                if pending.utf8.count > 64 * 1024 { throw Failure(description: "the SMTP server's reply is too long") }
            }
        }
    }
}
