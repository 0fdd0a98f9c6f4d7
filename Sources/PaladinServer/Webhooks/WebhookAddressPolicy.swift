#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import NIOPosix

/// Which hosts webhook deliveries may reach. A workspace owner types the URL, so by default a delivery never goes to
/// the server's own network: loopback, private (RFC 1918, unique-local), link-local (cloud metadata at 169.254.169.254),
/// carrier-grade NAT, multicast and reserved addresses are refused (server-side request forgery). The host is resolved
/// before every attempt and every address it resolves to must be public; redirects are never followed.
///
/// What this does not close: the HTTP client resolves the name again when it connects, so a name whose DNS answer
/// changes between the two lookups (DNS rebinding) could still slip through. Production installations should also
/// deny the server's egress to internal networks at the firewall — see the README.
public enum WebhookAddressPolicy: Sendable, Equatable {
    /// Public addresses only (the default).
    case publicOnly
    /// Any address: for tests and for installations whose receivers live on a private network.
    case any

    /// Why `host` may not be reached, or nil when it may. Resolves the name on NIO's blocking-I/O thread pool.
    func refusal(host: String) async -> String? {
        guard self == .publicOnly else { return nil }
        let addresses: [[UInt8]]
        do {
            addresses = try await NIOThreadPool.singleton.runIfActive { try Self.resolve(host) }
        } catch {
            return "cannot resolve \(host)"
        }
        guard !addresses.isEmpty else { return "cannot resolve \(host)" }
        if let blocked = addresses.first(where: { !Self.isPublic($0) }) {
            return "refused: \(host) resolves to \(Self.describe(blocked)), which is not a public address"
        }
        return nil
    }

    /// The IPv4 (4 bytes) and IPv6 (16 bytes) addresses of `host` (an IP literal, bracketed or not, or a name).
    static func resolve(_ host: String) throws -> [[UInt8]] {
        let name = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &list) == 0, let first = list else { throw ResolutionFailed() }
        defer { freeaddrinfo(first) }
        var addresses: [[UInt8]] = []
        var next: UnsafeMutablePointer<addrinfo>? = first
        while let entry = next {
            if let socket = entry.pointee.ai_addr {
                switch Int32(socket.pointee.sa_family) {
                case AF_INET:
                    socket.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
                        var raw = v4.pointee.sin_addr
                        addresses.append(withUnsafeBytes(of: &raw) { Array($0) })
                    }
                case AF_INET6:
                    socket.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                        var raw = v6.pointee.sin6_addr
                        addresses.append(withUnsafeBytes(of: &raw) { Array($0) })
                    }
                default: break
                }
            }
            next = entry.pointee.ai_next
        }
        return addresses
    }

    struct ResolutionFailed: Error {}

    /// Whether an address (4 or 16 bytes, network order) is globally reachable, i.e. none of the special-purpose
    /// ranges of the IANA registries that lead into the server's own host or network.
    static func isPublic(_ address: [UInt8]) -> Bool {
        switch address.count {
        case 4: return isPublicV4(address)
        case 16: return isPublicV6(address)
        default: return false
        }
    }

    private static func isPublicV4(_ a: [UInt8]) -> Bool {
        switch (a[0], a[1], a[2]) {
        case (0, _, _), (10, _, _), (127, _, _): return false             // "this network", private, loopback
        case (100, 64...127, _): return false                             // carrier-grade NAT
        case (169, 254, _): return false                                  // link-local (cloud metadata)
        case (172, 16...31, _): return false                              // private
        case (192, 0, 0), (192, 0, 2), (192, 88, 99): return false        // IETF protocol, TEST-NET-1, 6to4 relay
        case (192, 168, _): return false                                  // private
        case (198, 18...19, _), (198, 51, 100), (203, 0, 113): return false // benchmarking, TEST-NET-2/3
        case (224...255, _, _): return false                              // multicast, reserved, broadcast
        default: return true
        }
    }

    private static func isPublicV6(_ a: [UInt8]) -> Bool {
        let zeroPrefix = a[0..<10].allSatisfy { $0 == 0 }
        if zeroPrefix, a[10] == 0xFF, a[11] == 0xFF { return isPublicV4(Array(a[12...])) }   // IPv4-mapped
        if a[0..<12].allSatisfy({ $0 == 0 }) { return false }                                  // ::, ::1, IPv4-compatible
        if a[0] == 0x00, a[1] == 0x64, a[2] == 0xFF, a[3] == 0x9B { return isPublicV4(Array(a[12...])) } // NAT64
        if a[0] & 0xFE == 0xFC { return false }                                               // unique local fc00::/7
        if a[0] == 0xFE, a[1] & 0xC0 == 0x80 { return false }                                 // link-local fe80::/10
        if a[0] == 0xFE, a[1] & 0xC0 == 0xC0 { return false }                                 // site-local fec0::/10
        if a[0] == 0xFF { return false }                                                      // multicast
        if a[0] == 0x20, a[1] == 0x01, a[2] == 0x0D, a[3] == 0xB8 { return false }            // documentation
        if a[0] == 0x20, a[1] == 0x02 { return isPublicV4(Array(a[2..<6])) }                  // 6to4
        if a[0] == 0x01, a[1] == 0x00, a[2...7].allSatisfy({ $0 == 0 }) { return false }      // discard-only 100::/64
        return true
    }

    /// An address in its usual text form.
    static func describe(_ address: [UInt8]) -> String {
        if address.count == 4 { return address.map(String.init).joined(separator: ".") }
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        var raw = in6_addr()
        withUnsafeMutableBytes(of: &raw) { $0.copyBytes(from: address) }
        guard inet_ntop(AF_INET6, &raw, &text, socklen_t(text.count)) != nil else { return "an IPv6 address" }
        return String(cString: text)
    }
}
