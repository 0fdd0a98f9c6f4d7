@testable import PaladinServer
import Testing

@Suite("Which addresses webhook deliveries may reach")
struct WebhookAddressPolicyTests {
    static func v4(_ text: String) -> [UInt8] { text.split(separator: ".").map { UInt8($0)! } }

    @Test("IPv4: private, loopback, link-local, CGNAT, test, multicast and broadcast ranges are refused; public ones pass",
          arguments: [
              ("10.1.2.3", false), ("127.0.0.1", false), ("0.0.0.0", false), ("169.254.169.254", false), ("172.16.0.1", false),
              ("172.31.255.255", false), ("192.168.1.1", false), ("100.64.0.1", false), ("100.127.255.254", false), ("198.18.0.1", false),
              ("192.0.2.10", false), ("224.0.0.1", false), ("255.255.255.255", false),
              ("8.8.8.8", true), ("1.1.1.1", true), ("172.32.0.1", true), ("100.128.0.1", true), ("192.169.0.1", true), ("93.184.216.34", true),
          ])
    func ipv4(address: String, isPublic: Bool) {
        #expect(WebhookAddressPolicy.isPublic(Self.v4(address)) == isPublic, "\(address)")
    }

    @Test("IPv6: loopback, unspecified, unique-local, link-local, multicast, documentation and mapped private IPv4 are refused")
    func ipv6() throws {
        func address(_ text: String) throws -> [UInt8] { try #require(try WebhookAddressPolicy.resolve(text).first) }
        for refused in ["::1", "::", "fd00::1", "fe80::1", "ff02::1", "2001:db8::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::a00:1", "2002:a00:1::1"] {
            #expect(WebhookAddressPolicy.isPublic(try address(refused)) == false, "\(refused)")
        }
        for allowed in ["2606:4700:4700::1111", "::ffff:8.8.8.8", "2a00:1450:4001::1"] {
            #expect(WebhookAddressPolicy.isPublic(try address(allowed)), "\(allowed)")
        }
        #expect(WebhookAddressPolicy.describe(try address("fe80::1")) == "fe80::1")
    }

    @Test("names are resolved, every address must be public; the permissive policy refuses nothing")
    func resolution() async throws {
        #expect(await WebhookAddressPolicy.publicOnly.refusal(host: "localhost")?.contains("not a public address") == true)
        #expect(await WebhookAddressPolicy.publicOnly.refusal(host: "[::1]")?.contains("::1") == true)
        #expect(await WebhookAddressPolicy.publicOnly.refusal(host: "no-such-host.invalid") == "cannot resolve no-such-host.invalid")
        #expect(await WebhookAddressPolicy.publicOnly.refusal(host: "8.8.8.8") == nil)
        #expect(await WebhookAddressPolicy.any.refusal(host: "127.0.0.1") == nil)
    }
}
