import Foundation
import FramecastCore
import FramecastRender
import FramecastServer
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("GET /render")
struct RenderRoutesTests {
    @Test("a PNG of the matched series, with an ETag and max-age until the next bucket")
    func png() async throws {
        let fixture = try await RenderFixture.make()
        defer { Task { await fixture.close() } }
        try await fixture.ingestRecent(["app.a", "app.b"])
        try await fixture.application.test(.router) { client in
            try await client.execute(uri: "/render?series=app.*&from=-2min&width=400&height=200", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "image/png")
                let bytes = Array(response.body.readableBytesView)
                #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
                let image = try PNGCodec.decode(bytes)
                #expect(image.width == 400 && image.height == 200)
                #expect(response.headers[.eTag]?.hasPrefix("\"fc-") == true)
                let cache = try #require(response.headers[.cacheControl])
                let age = try #require(Int(cache.replacingOccurrences(of: "max-age=", with: "")))
                #expect((1...1).contains(age), "a 2-minute window on a 1 s tier moves every second")
            }
        }
    }

    @Test(
        "If-None-Match answers 304 until the data changes, in process and over a real socket",
        arguments: [TestingSetup.router, TestingSetup.live])
    func notModified(setup: TestingSetup) async throws {
        let fixture = try await RenderFixture.make()
        defer { Task { await fixture.close() } }
        let end = (ServerClock.now() / 1000 - 3600) * 1000
        // A fixed window in the past: the ETag depends on the data versions only.
        try await fixture.ingest(graphite: (0..<60).map { "cpu.x \($0) \(end / 1000 - 60 + Int64($0))" }.joined(separator: "\n"))
        let uri = "/render?series=cpu.x&from=\(end - 120_000)&until=\(end)&format=svg"
        try await fixture.application.test(setup) { client in
            let first = try await client.execute(uri: uri, method: .get)
            #expect(first.status == .ok)
            let etag = try #require(first.headers[.eTag])
            let again = try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified)
            #expect(again.body.readableBytes == 0)
            #expect(again.headers[.eTag] == etag)
            let listed = try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: "\"other\", \(etag)"])
            #expect(listed.status == .notModified)
            // A late point changes the series version: a new ETag and a 200.
            try await fixture.ingest(graphite: "cpu.x 99 \(end / 1000 - 30)")
            let changed = try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: etag])
            #expect(changed.status == .ok)
            #expect(changed.headers[.eTag] != etag)
            // Another look of the same data: another ETag.
            let dark = try await client.execute(uri: uri + "&theme=dark", method: .get)
            #expect(dark.headers[.eTag] != changed.headers[.eTag])
        }
    }

    @Test("svg, overlay and json formats")
    func formats() async throws {
        let fixture = try await RenderFixture.make()
        defer { Task { await fixture.close() } }
        try await fixture.ingestRecent(["app.a"])
        try await fixture.application.test(.router) { client in
            let svg = try await client.execute(uri: "/render?series=app.a&from=-2min&format=svg", method: .get)
            #expect(svg.headers[.contentType] == "image/svg+xml")
            #expect(svg.text.contains("<svg") && svg.text.contains("class=\"series\""))
            let overlay = try await client.execute(uri: "/render?series=app.a&from=-2min&format=overlay", method: .get)
            #expect(overlay.text.contains("data-from") || overlay.text.contains("data-"))
            #expect(!overlay.text.contains("<script"))
            let json = try await client.execute(uri: "/render?series=app.a&from=-3min&width=100&format=json", method: .get)
            #expect(json.headers[.contentType] == "application/json")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.text.utf8)) as? [String: Any])
            let series = try #require(object["series"] as? [[String: Any]])
            #expect(series.count == 1 && series[0]["name"] as? String == "app.a")
            let columns = try #require(series[0]["columns"] as? [[Double]])
            // 120 points in a 3-minute window drawn 100 columns wide: every point in some column.
            #expect(columns.reduce(0) { $0 + $1[5] } == 120)
            #expect(columns.allSatisfy { $0[1] <= $0[2] && $0.count == 7 })
        }
    }

    @Test(
        "every bad parameter is a 400 that names it, before any data is read",
        arguments: [
            ("series=a&widht=900", "widht"), ("width=900", "series"), ("series=a&width=5", "width"), ("series=a&height=9000", "height"),
            ("series=a&scale=5", "scale"), ("series=a&width=8000&height=8000&scale=2", "width/height/scale"),
            ("series=a&from=yesterday", "from"), ("series=a&until=soon", "until"), ("series=a&from=-1h&until=-2h", "from/until"),
            ("series=a&tz=Mars/Olympus", "tz"), ("series=a&kind=pie", "kind"), ("series=a&theme=neon", "theme"),
            ("series=a&unit=furlongs", "unit"), ("series=a&missing=guess", "missing"), ("series=a&format=gif", "format"),
            ("series=a&threshold=high", "threshold"), ("series=a&annotation=whenever", "annotation"),
            ("series=a&color=a=blue", "color"), ("series=a&y-min=5&y-max=1", "y-min/y-max"), ("series=a&log=maybe", "log"),
            ("series=a&y-min=abc", "y-min"), ("series=a&kind=stacked&log=1", "kind/log"), ("series=a&refresh=1ms", "refresh"),
            ("series=a&width=800&width=900", "width"), ("series=a&legend-stat=median", "legend-stat"),
            ("series=a&until=%2B9223372036854775807ms", "until"), ("series=a&from=-9223372036854775807ms", "from"),
            ("series=a&from=-1h&until=%2B99999999999y", "until"), ("series=a.%7Bb", "series"),
            ("series=" + String(repeating: "a", count: 600), "series"), ("series=a&right-axis=%5Bx", "right-axis")
        ])
    func badParameters(query: String, parameter: String) async throws {
        let fixture = try await RenderFixture.make()
        defer { Task { await fixture.close() } }
        try await fixture.application.test(.router) { client in
            let response = try await client.execute(uri: "/render?" + query, method: .get)
            #expect(response.status == .badRequest, "\(query)")
            #expect(response.errorMessage.hasPrefix("parameter '\(parameter)'"), "\(query): \(response.text)")
        }
    }

    @Test("an unknown series is a 404 listing what exists")
    func unknownSeries() async throws {
        let fixture = try await RenderFixture.make()
        defer { Task { await fixture.close() } }
        try await fixture.ingestRecent(["app.a"], seconds: 5)
        try await fixture.application.test(.router) { client in
            let response = try await client.execute(uri: "/render?series=nope.*", method: .get)
            #expect(response.status == .notFound)
            #expect(response.text.contains("no series matched 'nope.*'") && response.text.contains("app.a"))
        }
    }

    @Test(
        "a full render queue answers 503 with Retry-After on every front end that draws",
        arguments: ["/render?series=app.a&from=-1min", "/badge?series=app.a&format=png", "/embed?series=app.a&from=-1min"])
    func overloaded(path: String) async throws {
        var options = ServerOptions()
        options.render.workers = 1
        options.render.queue = 0
        let fixture = try await RenderFixture.make(options: options)
        defer { Task { await fixture.close() } }
        try await fixture.ingestRecent(["app.a"], seconds: 5)
        // Hold the only worker until the request has been refused.
        let gate = Gate()
        let holder = Task { try await fixture.state.renderPool.run { gate.wait() } }
        while fixture.state.renderPool.load.running == 0 { await Task.yield() }
        try await fixture.application.test(.router) { client in
            let response = try await client.execute(uri: path, method: .get)
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers[.retryAfter] == "1")
            #expect(response.text.contains("every renderer is busy"))
        }
        gate.open()
        _ = try await holder.value
    }
}

/// A latch a render-pool job can block on.
// @unchecked: NSCondition is thread-safe but not marked Sendable; a blocking wait is the point (render threads are Dispatch's).
final class Gate: @unchecked Sendable {
    private let condition = NSCondition()
    private var isOpen = false

    func wait() {
        condition.lock()
        while !isOpen { condition.wait() }
        condition.unlock()
    }

    func open() {
        condition.lock()
        isOpen = true
        condition.broadcast()
        condition.unlock()
    }
}

@Suite("Chart query parameters")
struct ChartQueryTests {
    @Test("series lists split at commas outside braces")
    func split() {
        #expect(ChartQuery.splitPatterns("a.*,b.{x,y}.z,,c") == ["a.*", "b.{x,y}.z", "c"])
        #expect(ChartQuery.splitPatterns("{web,db}.cpu") == ["{web,db}.cpu"])
    }

    @Test("the same chart asked in another parameter order shares its key; format and refresh do not count")
    func key() throws {
        let a = try ChartQuery.parse([("series", "x.*"), ("width", "400"), ("theme", "dark"), ("format", "png")], visibility: .everything)
        let b = try ChartQuery.parse(
            [("theme", "dark"), ("series", "x.*"), ("width", "400"), ("format", "json"), ("refresh", "5s")], visibility: .everything)
        #expect(a.key == b.key)
        let c = try ChartQuery.parse([("series", "x.*"), ("width", "401"), ("theme", "dark")], visibility: .everything)
        #expect(a.key != c.key)
        #expect(b.refreshMillis == 5000 && a.refreshMillis == 1000)
        let fixed = try ChartQuery.parse([("series", "x"), ("from", "1700000000000"), ("until", "1700000600000")], visibility: .everything)
        #expect(a.isLive && !fixed.isLive)
        #expect(
            try ChartQuery.parse([("series", "x"), ("y_min", "3")], visibility: .everything).options.leftAxis.min == 3,
            "_ and - are the same in names")
    }
}
