import Foundation
import NIOCore

/// An address block such as `10.0.0.0/8`, `192.168.1.7` (one host) or `fd00::/8`, for
/// `--carbon-allow`. Hand-written because NIO has no CIDR type: `inet_pton` parses the address,
/// and matching compares the first `prefix` bits. An IPv4-mapped IPv6 peer (`::ffff:10.1.2.3`,
/// as a dual-stack socket reports it) matches IPv4 blocks.
public struct CIDRBlock: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]
    public let prefix: Int

    /// Loopback, IPv4 and IPv6: the default allow list when a write token is set.
    public static let loopback: [CIDRBlock] = [try! CIDRBlock("127.0.0.0/8"), try! CIDRBlock("::1/128")]

    public struct ParseError: Error, CustomStringConvertible {
        public let text: String
        public var description: String {
            "'\(text)' is not an address block: use an IPv4 or IPv6 address with an optional /prefix, e.g. 10.0.0.0/8 or fd00::/8"
        }
    }

    public init(_ text: String) throws(ParseError) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = parts.first.map(String.init), let parsed = Self.parse(address) else { throw ParseError(text: text) }
        let bits = parsed.count * 8
        var prefix = bits
        if parts.count == 2 {
            guard let value = Int(parts[1]), (0...bits).contains(value), parts[1].allSatisfy(\.isASCII) else {
                throw ParseError(text: text)
            }
            prefix = value
        }
        self.bytes = parsed
        self.prefix = prefix
    }

    static func parse(_ address: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, address, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, address, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }

    public func contains(_ address: [UInt8]) -> Bool {
        var candidate = address
        // ::ffff:a.b.c.d is the IPv4 peer a.b.c.d.
        if bytes.count == 4, address.count == 16, address[0..<10].allSatisfy({ $0 == 0 }), address[10] == 0xFF, address[11] == 0xFF {
            candidate = Array(address[12...])
        }
        guard candidate.count == bytes.count else { return false }
        var remaining = prefix
        for (a, b) in zip(candidate, bytes) where remaining > 0 {
            let mask: UInt8 = remaining >= 8 ? 0xFF : ~(0xFF >> UInt8(remaining))
            if a & mask != b & mask { return false }
            remaining -= 8
        }
        return true
    }

    public func contains(_ address: SocketAddress) -> Bool {
        switch address {
        case .v4(let v4):
            var raw = v4.address.sin_addr
            return contains(withUnsafeBytes(of: &raw) { Array($0) })
        case .v6(let v6):
            var raw = v6.address.sin6_addr
            return contains(withUnsafeBytes(of: &raw) { Array($0) })
        case .unixDomainSocket: return false
        }
    }

    public var description: String { "\(bytes.count == 4 ? bytes.map(String.init).joined(separator: ".") : "ipv6")/\(prefix)" }
}
