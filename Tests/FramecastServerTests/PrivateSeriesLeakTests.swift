import Foundation
import FramecastCore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FramecastServer

/// No unsigned response names or draws a private series, whatever path spelling reaches the
/// handler, whatever the error, and however late the private series appears in a live stream.
@Suite struct PrivateSeriesLeakTests {
    static let signer = URLSigner(key: Array("0123456789abcdef-test-key".utf8))

    static func configure(_ options: inout ServerOptions) {
        options.signer = signer
        options.privateSeries = [Glob("billing.**")]
    }

    func fixture() async throws -> RenderFixture {
        var options = ServerOptions()
        Self.configure(&options)
        let fixture = try await RenderFixture.make(options: options)
        try await fixture.ingestRecent(["billing.revenue", "web.latency"], seconds: 30)
        return fixture
    }

    @Test(
        "other spellings of a guarded path are guarded too",
        arguments: [
            "/render/?series=billing.revenue&from=-5min", "//render?series=billing.revenue&from=-5min",
            "/render//?series=billing.*&from=-5min", "/embed/?series=billing.*&from=-5min", "//badge?series=billing.revenue",
            "/api/v1/query/?series=billing.revenue&from=-5min", "/api//v1/query?series=billing.revenue&from=-5min"
        ])
    func pathSpellings(uri: String) async throws {
        let fixture = try await fixture()
        defer { Task { await fixture.close() } }
        try await fixture.application.test(.live) { client in
            let response = try await client.execute(uri: uri, method: .get)
            #expect(response.status == .forbidden || response.status == .notFound, "\(uri): \(response.status)")
            #expect(!response.text.contains("billing.revenue") || response.status == .forbidden, "\(uri): \(response.text)")
            #expect(response.headers[.contentType]?.hasPrefix("image/") != true, "\(uri) drew a chart")
        }
    }

    @Test("a 404, a badge error and /api/v1/series name only public series when unsigned")
    func errorsAndListsNameNoPrivateSeries() async throws {
        let fixture = try await fixture()
        defer { Task { await fixture.close() } }
        try await fixture.application.test(.router) { client in
            let missing = try await client.execute(uri: "/render?series=nothing.here&from=-5min", method: .get)
            #expect(missing.status == .notFound)
            #expect(missing.text.contains("web.latency") && !missing.text.contains("billing"), "\(missing.text)")
            let list = try await client.execute(uri: "/api/v1/series?match=**", method: .get)
            #expect(list.status == .ok)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(list.text.utf8)) as? [String: Any])
            let names = (object["series"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(names == ["web.latency"] && object["total"] as? Int == 1, "\(list.text)")
            // Signed, the same listing shows everything.
            let live = Int64(Date().timeIntervalSince1970)
            let signed =
                "/api/v1/series?"
                + URLSigner.canonical(Self.signer.sign(path: "/api/v1/series", query: [("match", "**")], expires: live + 600))
            let all = try await client.execute(uri: signed, method: .get)
            #expect(all.text.contains("billing.revenue") && all.text.contains("web.latency"), "\(all.text)")
            let badge = try await client.execute(uri: "/badge?series=*.*", method: .get)
            #expect(badge.status == .forbidden || !badge.text.contains("billing"), "\(badge.text)")
        }
    }

    @Test func anUnsignedStreamNeverReceivesAPrivateSeriesCreatedAfterItConnected() async throws {
        try await StreamHarness.run(server: Self.configure) { harness in
            let base = StreamHarness.base
            try await harness.ingest((0..<50).map { ("web.late.x", Double($0), base + Int64($0)) })
            try await RawStream.open(port: harness.port, "/events?" + StreamHarness.fixedWindow("*.late.x")) { stream in
                try await stream.expectRead { sseEvents($0).count >= 1 }
                #expect(stream.text.contains("web.late.x"))
                // A private series matching the stream's public-looking glob appears, then public data moves.
                try await harness.ingest((0..<50).map { ("billing.late.x", Double($0) * 3, base + Int64($0)) })
                await harness.tick()
                try await harness.ingest([("web.late.x", 999, base + 60)])
                await harness.tick()
                try await stream.expectRead { sseEvents($0).count >= 2 }
                #expect(stream.text.contains("999"))
                #expect(!stream.text.contains("billing"), "\(stream.text.suffix(600))")
            }
            // A signed viewer of the same chart sees it: the two never share a frame.
            let live = Int64(Date().timeIntervalSince1970)
            let query = StreamHarness.fixedWindow("*.late.x").split(separator: "&").map {
                let parts = $0.split(separator: "=", maxSplits: 1)
                return (String(parts[0]), String(parts[1]))
            }
            let signed = "/events?" + URLSigner.canonical(Self.signer.sign(path: "/events", query: query, expires: live + 600))
            try await RawStream.open(port: harness.port, signed) { stream in
                try await stream.expectRead { sseEvents($0).count >= 1 }
                #expect(stream.text.contains("billing.late.x"), "\(stream.text.prefix(600))")
            }
        }
    }
}
