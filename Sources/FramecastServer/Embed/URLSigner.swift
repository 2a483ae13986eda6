import Crypto
import Foundation
import FramecastCore

/// Signed URLs for private charts on public pages: `expires` (epoch seconds) and `sig`, an
/// HMAC-SHA256 over the path and every other query parameter in order, so no part of the URL
/// can be changed without the key. The signed text is the decoded parameters re-encoded one
/// way (RFC 3986 unreserved characters kept), so a proxy that re-encodes the URL does not break it.
public struct URLSigner: Sendable {
    public static let expiresParameter = "expires"
    public static let signatureParameter = "sig"
    let key: SymmetricKey

    public init(key: [UInt8]) {
        self.key = SymmetricKey(data: key)
    }

    /// Reads a key file: at least 16 bytes of secret (its bytes as they are, trailing newline dropped).
    public init(keyFile path: String) throws(SigningError) {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadableKey(path) }
        var bytes = Array(data)
        while let last = bytes.last, last == 0x0A || last == 0x0D { bytes.removeLast() }
        guard bytes.count >= 16 else { throw .keyTooShort(path, bytes.count) }
        self.init(key: bytes)
    }

    /// The query with `expires` and `sig` added (any earlier ones replaced).
    public func sign(path: String, query: [(String, String)], expires: Int64) -> [(String, String)] {
        var pairs = query.filter { $0.0 != Self.expiresParameter && $0.0 != Self.signatureParameter }
        pairs.append((Self.expiresParameter, String(expires)))
        pairs.append((Self.signatureParameter, signature(path: path, query: pairs)))
        return pairs
    }

    /// Checks `sig` and `expires` of a request's query; `now` in epoch seconds.
    public func verify(path: String, query: [(String, String)], now: Int64) throws(SigningError) {
        guard let signature = query.last(where: { $0.0 == Self.signatureParameter })?.1 else { throw .missing }
        let signed = query.filter { $0.0 != Self.signatureParameter }
        guard let expiresText = signed.last(where: { $0.0 == Self.expiresParameter })?.1, let expires = Int64(expiresText) else {
            throw .missingExpiry
        }
        let expected = self.signature(path: path, query: signed)
        guard Self.constantTimeEqual(Array(expected.utf8), Array(signature.utf8)) else { throw .invalid }
        guard expires > now else { throw .expired(expires) }
    }

    func signature(path: String, query: [(String, String)]) -> String {
        let text = path + "?" + Self.canonical(query)
        let mac = HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: key)
        return Data(mac).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// `name=value&…` with both sides percent-encoded except RFC 3986 unreserved characters.
    public static func canonical(_ query: [(String, String)]) -> String {
        query.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }

    public static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}

/// Why a signed URL was refused (403) or a key could not be used.
public enum SigningError: Error, Sendable, Equatable, CustomStringConvertible {
    case missing
    case missingExpiry
    case invalid
    case expired(Int64)
    case unreadableKey(String)
    case keyTooShort(String, Int)

    public var description: String {
        switch self {
        case .missing:
            return "this chart shows private series: the URL needs a signature (create one with `framecast sign URL --key-file F`)"
        case .missingExpiry: return "the signed URL has no valid 'expires' parameter: sign it again"
        case .invalid: return "the URL's signature does not match: the URL was changed after signing, or signed with another key"
        case .expired(let expires):
            return "the signed URL expired at \(Date(timeIntervalSince1970: Double(expires)).formatted(.iso8601)): sign it again"
        case .unreadableKey(let path): return "cannot read key file '\(path)'"
        case .keyTooShort(let path, let count):
            return "key file '\(path)' holds \(count) bytes; use at least 16 random bytes (e.g. head -c 32 /dev/urandom > \(path))"
        }
    }
}
