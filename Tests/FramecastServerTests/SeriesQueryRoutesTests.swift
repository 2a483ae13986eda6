import Foundation
import FramecastCore
import FramecastServer
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("GET /api/v1/series, /api/v1/query, /metrics, /healthz")
struct SeriesQueryRoutesTests {
    func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("series lists the matches with versions and retention; limit bounds the list")
    func series() async throws {
        let fixture = try await RenderFixture.make()
        defer { Task { await fixture.close() } }
        try await fixture.ingestRecent(["web.a", "web.b", "db.a"], seconds: 3)
        try await fixture.application.test(.router) { client in
            let all = try object(try await client.execute(uri: "/api/v1/series?match=web.*", method: .get).text)
            #expect(all["total"] as? Int == 2)
            let names = (all["series"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
            #expect(names == ["web.a", "web.b"])
            let first = try #require((all["series"] as? [[String: Any]])?.first)
            #expect(first["retention"] as? String == "1s:10m,1m:1d,1h:1y")
            let limited = try object(try await client.execute(uri: "/api/v1/series?limit=1", method: .get).text)
            #expect(limited["total"] as? Int == 3 && (limited["series"] as? [Any])?.count == 1)
            let bad = try await client.execute(uri: "/api/v1/series?limit=0", method: .get)
            #expect(bad.status == .badRequest && bad.errorMessage.contains("parameter 'limit'"))
            let unknown = try await client.execute(uri: "/api/v1/series?glob=x", method: .get)
            #expect(unknown.status == .badRequest && unknown.errorMessage.contains("parameter 'glob'"))
        }
    }

    @Test("query returns raw buckets, or M4 columns with width, that add up to the points ingested")
    func query() async throws {
        let fixture = try await RenderFixture.make()
        defer { Task { await fixture.close() } }
        let base: Int64 = 1_700_000_000
        let now = (base + 100) * 1000
        try await fixture.ingest(graphite: (0..<60).map { "q.x \($0) \(base + Int64($0))" }.joined(separator: "\n"), now: now)
        try await fixture.application.test(.router) { client in
            let range = "from=\(base * 1000)&until=\((base + 60) * 1000)"
            let raw = try object(try await client.execute(uri: "/api/v1/query?series=q.x&\(range)", method: .get).text)
            let series = try #require((raw["series"] as? [[String: Any]])?.first)
            let buckets = try #require(series["buckets"] as? [[Double]])
            #expect(buckets.count == 60 && series["tier"] as? String == "1s:10m")
            #expect(buckets.map { $0[1] }.allSatisfy { $0 == 1 })
            #expect(buckets.last?[6] == 59)
            let m4 = try object(try await client.execute(uri: "/api/v1/query?series=q.x&\(range)&width=6", method: .get).text)
            let columns = try #require(((m4["series"] as? [[String: Any]])?.first)?["columns"] as? [[Double]])
            #expect(columns.count == 6)
            #expect(columns.map { $0[5] } == [10, 10, 10, 10, 10, 10])
            #expect(columns.map { $0[1] } == [0, 10, 20, 30, 40, 50])
            #expect(columns.map { $0[2] } == [9, 19, 29, 39, 49, 59])
            let missing = try await client.execute(uri: "/api/v1/query?series=zzz&\(range)", method: .get)
            #expect(missing.status == .notFound)
            let empty = try await client.execute(uri: "/api/v1/query?series=q.x&from=10&until=5", method: .get)
            #expect(empty.status == .badRequest && empty.errorMessage.contains("'from/until'"))
            let wide = try await client.execute(uri: "/api/v1/query?series=q.x&width=100000", method: .get)
            #expect(wide.status == .badRequest && wide.errorMessage.contains("parameter 'width'"))
        }
    }

    @Test("metrics speaks the Prometheus text format and counts renders; healthz answers")
    func metrics() async throws {
        let fixture = try await RenderFixture.make()
        defer { Task { await fixture.close() } }
        try await fixture.ingestRecent(["m.a"], seconds: 5)
        try await fixture.application.test(.router) { client in
            _ = try await client.execute(uri: "/render?series=m.a&from=-1min", method: .get)
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(metrics.text.contains("# TYPE framecast_frames_rendered_total counter"))
            #expect(metrics.text.contains("framecast_render_seconds_bucket"))
            let health = try object(try await client.execute(uri: "/healthz", method: .get).text)
            #expect(health["status"] as? String == "ok" && health["series"] as? Int == 1)
        }
    }
}
