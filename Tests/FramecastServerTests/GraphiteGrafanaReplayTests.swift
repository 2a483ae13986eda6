import Foundation
import FramecastCore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import FramecastServer

/// The requests Grafana 11/12's Graphite data source sends (its Go backend for queries, its
/// frontend for the query editor), replayed as sent: form-encoded POSTs with the target wrapped in
/// `aliasSub(…, "(^.*$)", "\1 A")` and `maxDataPoints`, the `constantLine(100)` health check, the
/// metric browser's `POST /metrics/find`, `/functions`, `/version` and tag autocompletion. The
/// answers must have the shapes Grafana parses.
@Suite struct GraphiteGrafanaReplayTests {
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .userAgent: "Grafana/11.3.0"]

    func fixture() async throws -> RenderFixture {
        let fixture = try await RenderFixture.make(retention: "10s:1d")
        let end = ServerClock.now() / 1000 / 10 * 10
        var text = ""
        for i in 0..<360 {
            let t = end - 3600 + Int64(i) * 10
            for host in ["web1", "web2"] { text += "servers.\(host).cpu.user \(Double(i % 50) + (host == "web2" ? 100 : 0)) \(t)\n" }
            text += "disk.used;host=a;dc=east \(Double(i % 7)) \(t)\n"
        }
        try await fixture.ingest(graphite: text)
        return fixture
    }

    static func body(_ pairs: [(String, String)]) -> ByteBuffer {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let text = pairs.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
        return ByteBuffer(string: text)
    }

    /// `[{"target": …, "datapoints": [[value|null, ts], …], "tags": {…}}]`, checked field by field.
    static func series(_ text: String) throws -> [(target: String, points: [(Double?, Int)], tags: [String: String])] {
        let array = try #require(
            try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]], "not a JSON array: \(text.prefix(200))")
        return try array.map { object in
            let target = try #require(object["target"] as? String)
            let tags = try #require(object["tags"] as? [String: String])
            let raw = try #require(object["datapoints"] as? [[Any]])
            let points = try raw.map { pair -> (Double?, Int) in
                try #require(pair.count == 2)
                let ts = try #require(pair[1] as? Int)
                if pair[0] is NSNull { return (nil, ts) }
                return (try #require(pair[0] as? Double), ts)
            }
            return (target, points, tags)
        }
    }

    @Test func queryWithAliasSubAndMaxDataPoints() async throws {
        let fixture = try await fixture()
        defer { Task { await fixture.close() } }
        try await fixture.application.test(.live) { client in
            let body = Self.body([
                ("target", #"aliasSub(servers.*.cpu.user, "(^.*$)", "\1 A")"#), ("from", "-60min"), ("until", "now"),
                ("format", "json"), ("maxDataPoints", "100")
            ])
            let response = try await client.execute(uri: "/render", method: .post, headers: Self.form, body: body)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            let series = try Self.series(response.text)
            #expect(series.map(\.target) == ["servers.web1.cpu.user A", "servers.web2.cpu.user A"])
            #expect(series[0].tags["name"] == "servers.web1.cpu.user")
            for s in series {
                #expect(s.points.count <= 100 && s.points.count >= 50, "\(s.points.count) points for maxDataPoints=100")
                let stamps = s.points.map(\.1)
                #expect(stamps == stamps.sorted() && Set(zip(stamps, stamps.dropFirst()).map { $1 - $0 }).count == 1, "evenly spaced")
                #expect(s.points.contains { $0.0 != nil })
            }
        }
    }

    @Test func healthCheckConstantLine() async throws {
        let fixture = try await fixture()
        defer { Task { await fixture.close() } }
        try await fixture.application.test(.live) { client in
            let body = Self.body([
                ("target", "constantLine(100)"), ("from", "-5min"), ("until", "now"), ("format", "json"), ("maxDataPoints", "300")
            ])
            let response = try await client.execute(uri: "/render", method: .post, headers: Self.form, body: body)
            #expect(response.status == .ok)
            let series = try Self.series(response.text)
            #expect(series.count == 1)
            #expect(series[0].points.map(\.0) == [100, 100, 100])
        }
    }

    @Test func metricBrowserAndEditor() async throws {
        let fixture = try await fixture()
        defer { Task { await fixture.close() } }
        try await fixture.application.test(.live) { client in
            let find = try await client.execute(
                uri: "/metrics/find", method: .post, headers: Self.form,
                body: Self.body([("query", "servers.*"), ("from", "-6h"), ("until", "now")]))
            #expect(find.status == .ok)
            let nodes = try #require(try JSONSerialization.jsonObject(with: Data(find.text.utf8)) as? [[String: Any]])
            #expect(nodes.compactMap { $0["text"] as? String } == ["web1", "web2"], "\(find.text)")
            #expect(
                nodes.allSatisfy {
                    $0["expandable"] as? Int == 1 && $0["leaf"] as? Int == 0 && ($0["id"] as? String)?.hasPrefix("servers.") == true
                })
            let leaves = try await client.execute(uri: "/metrics/find?query=servers.web1.cpu.*", method: .get)
            let leafNodes = try #require(try JSONSerialization.jsonObject(with: Data(leaves.text.utf8)) as? [[String: Any]])
            #expect(leafNodes.map { $0["id"] as? String } == ["servers.web1.cpu.user"] && leafNodes[0]["leaf"] as? Int == 1)

            let version = try await client.execute(uri: "/version", method: .get)
            #expect(version.text.trimmingCharacters(in: .whitespacesAndNewlines) == "1.1.8")

            let functions = try await client.execute(uri: "/functions", method: .get)
            #expect(functions.status == .ok)
            // graphite-web writes an infinite default as 1e9999 (JavaScript reads it as Infinity;
            // Foundation refuses it).
            let text = functions.text.replacingOccurrences(of: "1e9999", with: "1e300")
            let table = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: [String: Any]])
            for name in ["aliasSub", "sumSeries", "summarize", "movingAverage", "seriesByTag", "groupByTags", "timeShift", "constantLine"] {
                let info = try #require(table[name], "no \(name) in /functions")
                #expect(info["group"] is String && info["description"] is String && info["params"] is [[String: Any]])
            }
            let summarize = try #require(table["summarize"]?["params"] as? [[String: Any]])
            #expect(summarize.map { $0["name"] as? String } == ["seriesList", "intervalString", "func", "alignToFrom"])
            #expect(summarize[0]["type"] as? String == "seriesList" && summarize[0]["required"] as? Bool == true)
            #expect(summarize[2]["default"] as? String == "sum" && (summarize[2]["options"] as? [String])?.contains("max") == true)

            let tags = try await client.execute(uri: "/tags/autoComplete/tags?tagPrefix=&limit=100", method: .get)
            #expect(try JSONSerialization.jsonObject(with: Data(tags.text.utf8)) as? [String] == ["dc", "host", "name"])
            let values = try await client.execute(uri: "/tags/autoComplete/values?expr=name%3Ddisk.used&tag=dc&valuePrefix=", method: .get)
            #expect(try JSONSerialization.jsonObject(with: Data(values.text.utf8)) as? [String] == ["east"])
            let tagged = try await client.execute(
                uri: "/render?format=json&from=-10min&target=" + "seriesByTag('dc=east')".addingPercentEncoding(
                    withAllowedCharacters: .alphanumerics)!,
                method: .get)
            #expect(try Self.series(tagged.text).map(\.tags) == [["name": "disk.used", "dc": "east", "host": "a"]])
        }
    }

    @Test func errorsAre400sThatSayWhatToFix() async throws {
        let fixture = try await fixture()
        defer { Task { await fixture.close() } }
        try await fixture.application.test(.live) { client in
            for (target, expected) in [
                ("sumSeries(servers.*", "missing ')'"), ("nope(servers.*)", "unknown function nope()"), ("scale(servers.*)", "factor")
            ] {
                let response = try await client.execute(
                    uri: "/render", method: .post, headers: Self.form, body: Self.body([("target", target), ("format", "json")]))
                #expect(response.status == .badRequest, "\(target)")
                #expect(response.errorMessage.contains(expected), "\(target): \(response.text)")
            }
            let huge = try await client.execute(uri: "/render?target=servers.*&width=100000", method: .get)
            #expect(huge.status == .badRequest && huge.errorMessage.contains("width"))
            let badTime = try await client.execute(uri: "/render?target=servers.*&from=-5m&format=json", method: .get)
            #expect(badTime.status == .badRequest && badTime.errorMessage.contains("from"))
        }
    }

    @Test func fontSizeAndUniqueLegend() async throws {
        let fixture = try await fixture()
        defer { Task { await fixture.close() } }
        try await fixture.application.test(.live) { client in
            let target = "alias(servers.*.cpu.user,'cpu')".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let plain = try await client.execute(uri: "/render?format=svg&from=-30min&target=" + target, method: .get)
            #expect(plain.text.components(separatedBy: "class=\"legend-label\"").count - 1 == 2, "each series its own entry")
            let unique = try await client.execute(
                uri: "/render?format=svg&from=-30min&fontSize=20&uniqueLegend=true&target=" + target, method: .get)
            #expect(unique.text.components(separatedBy: "class=\"legend-label\"").count - 1 == 1, "one entry per name")
            #expect(unique.text.contains("font-size=\"22\""), "fontSize 20 doubles graphite-web's default of 10")
        }
    }

    @Test func pngHonoursTheGraphParameters() async throws {
        let fixture = try await fixture()
        defer { Task { await fixture.close() } }
        try await fixture.application.test(.live) { client in
            let response = try await client.execute(
                uri: "/render?target=servers.*.cpu.user&from=-1h&width=640&height=240&bgcolor=000000&title=CPU", method: .get)
            #expect(response.status == .ok && response.headers[.contentType] == "image/png")
            let bytes = Array(response.body.readableBytesView)
            #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
            // IHDR: width and height are the first two big-endian words after the signature and chunk header.
            let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
            let height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
            #expect(width == 640 && height == 240)
        }
    }
}
