import Foundation
import Hummingbird

/// The optional write token: when configured, a write must carry it as `Authorization: Bearer
/// TOKEN`, Influx 2's `Authorization: Token TOKEN`, or (Influx 1 clients) the password of Basic
/// auth or the `p` query parameter. Compared in constant time.
enum WriteAuth {
    static func check(_ request: Request, token: String?) throws(IngestError) {
        guard let token else { return }
        guard let presented = presentedToken(request) else {
            throw .unauthorized("this server requires a write token and the request carries none")
        }
        guard constantTimeEqual(Array(presented.utf8), Array(token.utf8)) else {
            throw .unauthorized("the write token does not match")
        }
    }

    static func presentedToken(_ request: Request) -> String? {
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2 {
                let scheme = parts[0].lowercased()
                let value = parts[1].trimmingCharacters(in: .whitespaces)
                if scheme == "bearer" || scheme == "token" { return value }
                if scheme == "basic", let data = Data(base64Encoded: value),
                    let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":")
                {
                    return String(text[text.index(after: colon)...])
                }
            }
            return nil
        }
        return request.uri.queryParameters.get("p")
    }

    /// True when equal; the time taken depends on the lengths only, not on where bytes differ.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        for i in 0..<max(a.count, b.count) {
            difference |= (i < a.count ? a[i] : 0) ^ (i < b.count ? b[i] : 0)
        }
        return difference == 0 && a.count == b.count
    }
}
