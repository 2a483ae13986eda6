import Foundation
import FramecastCore
import FramecastServer
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Signed URLs and private series")
struct SignedURLTests {
    let signer = URLSigner(key: Array("0123456789abcdef-test-key".utf8))
    let now: Int64 = 1_800_000_000

    func sign(_ path: String, _ query: [(String, String)], expires: Int64) -> [(String, String)] {
        signer.sign(path: path, query: query, expires: expires)
    }

    @Test("valid, expired, tampered, wrong key and missing signatures")
    func verify() throws {
        let query = [("series", "billing.*"), ("from", "-7d")]
        let signed = sign("/embed", query, expires: now + 60)
        try signer.verify(path: "/embed", query: signed, now: now)
        #expect(throws: SigningError.expired(now + 60)) { try signer.verify(path: "/embed", query: signed, now: now + 61) }
        var tampered = signed
        tampered[1] = ("from", "-30d")
        #expect(throws: SigningError.invalid) { try signer.verify(path: "/embed", query: tampered, now: now) }
        #expect(throws: SigningError.invalid) { try signer.verify(path: "/render", query: signed, now: now) }
        var added = signed
        added.insert(("series", "secret.*"), at: 0)
        #expect(throws: SigningError.invalid) { try signer.verify(path: "/embed", query: added, now: now) }
        var extended = signed
        extended[2] = ("expires", String(now + 999_999))
        #expect(throws: SigningError.invalid) { try signer.verify(path: "/embed", query: extended, now: now) }
        let other = URLSigner(key: Array("another-key-of-16-bytes".utf8))
        #expect(throws: SigningError.invalid) { try other.verify(path: "/embed", query: signed, now: now) }
        #expect(throws: SigningError.missing) { try signer.verify(path: "/embed", query: query, now: now) }
        #expect(throws: SigningError.missingExpiry) {
            try signer.verify(path: "/embed", query: query + [("sig", "x")], now: now)
        }
    }

    @Test("the signature survives percent-encoding differences but not a changed value")
    func encoding() throws {
        let signed = sign("/render", [("series", "a b/c*"), ("title", "Ümlaut & co")], expires: now + 1)
        let canonical = URLSigner.canonical(signed)
        #expect(canonical.hasPrefix("series=a%20b%2Fc%2A&title=%C3%9Cmlaut%20%26%20co&expires="))
        try signer.verify(path: "/render", query: signed, now: now)
    }

    func fixture() async throws -> RenderFixture {
        var options = ServerOptions()
        options.signer = signer
        options.privateSeries = [Glob("billing.**")]
        let fixture = try await RenderFixture.make(options: options)
        try await fixture.ingestRecent(["billing.revenue", "web.latency"], seconds: 30)
        return fixture
    }

    /// `/api/v1/series` is not refused: unsigned, it lists only public series (PrivateSeriesLeakTests).
    @Test(
        "every chart and data endpoint needs a valid signature for private series",
        arguments: [
            "/render?series=billing.revenue&from=-5min", "/render?series=**&from=-5min", "/embed?series=billing.*&from=-5min",
            "/badge?series=billing.revenue", "/api/v1/query?series=billing.revenue&from=-5min",
            "/events?series=billing.revenue&from=-5min", "/stream?series=billing.revenue&from=-5min"
        ])
    func privateEndpoints(uri: String) async throws {
        let fixture = try await fixture()
        defer { Task { await fixture.close() } }
        let components = URLComponents(string: uri)!
        let query = (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }
        let live = Int64(Date().timeIntervalSince1970)
        try await fixture.application.test(.router) { client in
            let unsigned = try await client.execute(uri: uri, method: .get)
            #expect(unsigned.status == .forbidden, "\(uri)")
            #expect(unsigned.errorMessage.contains("needs a signature"), "\(uri): \(unsigned.text)")
            let expired = components.path + "?" + URLSigner.canonical(sign(components.path, query, expires: live - 1))
            let old = try await client.execute(uri: expired, method: .get)
            #expect(old.status == .forbidden && old.errorMessage.contains("expired"), "\(uri)")
            // Adding a parameter after signing is tampering as much as changing one.
            let signed = URLSigner.canonical(sign(components.path, query, expires: live + 600))
            let tampered = components.path + "?" + signed.replacingOccurrences(of: "&expires=", with: "&title=x&expires=")
            let bad = try await client.execute(uri: tampered, method: .get)
            #expect(bad.status == .forbidden && bad.errorMessage.contains("does not match"), "\(uri) \(tampered)")
            guard !uri.hasPrefix("/events"), !uri.hasPrefix("/stream") else { return }  // live streams: tested elsewhere
            let valid = components.path + "?" + URLSigner.canonical(sign(components.path, query, expires: live + 600))
            let ok = try await client.execute(uri: valid, method: .get)
            #expect(ok.status == .ok, "\(valid): \(ok.text)")
            // A cache-buster is not part of the signature.
            let busted = try await client.execute(uri: valid + "&_=7", method: .get)
            #expect(busted.status == .ok, "\(valid)&_=7")
        }
    }

    @Test("public series need no signature while private ones exist")
    func publicSeries() async throws {
        let fixture = try await fixture()
        defer { Task { await fixture.close() } }
        try await fixture.application.test(.router) { client in
            let response = try await client.execute(uri: "/render?series=web.*&from=-5min", method: .get)
            #expect(response.status == .ok)
        }
    }

    @Test("a signed embed page signs the URLs of its images, overlay and events")
    func signedEmbed() async throws {
        let fixture = try await fixture()
        defer { Task { await fixture.close() } }
        let live = Int64(Date().timeIntervalSince1970)
        let uri = "/embed?" + URLSigner.canonical(sign("/embed", [("series", "billing.revenue"), ("from", "-5min")], expires: live + 600))
        try await fixture.application.test(.router) { client in
            let page = try await client.execute(uri: uri, method: .get)
            #expect(page.status == .ok)
            let links = page.text.components(separatedBy: "\"").filter { $0.hasPrefix("/render?") || $0.hasPrefix("/events?") }
            #expect(links.count >= 3)
            for link in links {
                let path = link.replacingOccurrences(of: "&amp;", with: "&").components(separatedBy: " ")[0]
                #expect(path.contains("sig="), "\(path)")
                guard path.hasPrefix("/render") else { continue }
                let part = try await client.execute(uri: path, method: .get)
                #expect(part.status == .ok, "\(path): \(part.text)")
            }
        }
    }
}
