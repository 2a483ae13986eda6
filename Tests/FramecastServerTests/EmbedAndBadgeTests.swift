import Foundation
import FramecastCore
import FramecastRender
import FramecastServer
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("/embed, /badge, CORS, the status page")
struct EmbedAndBadgeTests {
    @Test("badge status at each threshold, higher-is-worse and lower-is-worse")
    func thresholds() {
        #expect(Badge.status(of: 10, warn: 50, crit: 90) == .ok)
        #expect(Badge.status(of: 49.99, warn: 50, crit: 90) == .ok)
        #expect(Badge.status(of: 50, warn: 50, crit: 90) == .warn)
        #expect(Badge.status(of: 89.9, warn: 50, crit: 90) == .warn)
        #expect(Badge.status(of: 90, warn: 50, crit: 90) == .crit)
        #expect(Badge.status(of: 1e9, warn: 50, crit: 90) == .crit)
        // Free disk: lower is worse when crit < warn.
        #expect(Badge.status(of: 30, warn: 20, crit: 10) == .ok)
        #expect(Badge.status(of: 20, warn: 20, crit: 10) == .warn)
        #expect(Badge.status(of: 10, warn: 20, crit: 10) == .crit)
        #expect(Badge.status(of: 5, warn: nil, crit: 10) == .ok)
        #expect(Badge.status(of: 10, warn: nil, crit: 10) == .crit)
        #expect(Badge.status(of: 10, warn: nil, crit: nil) == .ok)
        #expect(Badge.status(of: nil, warn: 1, crit: 2) == .unknown)
    }

    @Test(
        "the badge's value box takes the status colour, in SVG, PNG and JSON",
        arguments: [
            ("warn=50&crit=90", "#44cc11", "brightgreen"), ("warn=5&crit=90", "#dfb317", "yellow"), ("warn=1&crit=5", "#e05d44", "red")
        ])
    func badgeColours(thresholds: String, hex: String, name: String) async throws {
        let fixture = try await RenderFixture.make()
        defer { Task { await fixture.close() } }
        try await fixture.ingestRecent(["svc.load"], seconds: 60)  // values 0…16, last = 59 % 17 = 8
        try await fixture.application.test(.router) { client in
            let svg = try await client.execute(uri: "/badge?series=svc.load&stat=last&label=load&\(thresholds)", method: .get)
            #expect(svg.status == .ok && svg.headers[.contentType] == "image/svg+xml")
            #expect(svg.text.contains("fill=\"\(hex)\""), "\(svg.text)")
            #expect(svg.text.contains(">load<") && svg.text.contains(">8<"))
            #expect(svg.text.contains("<path"), "a sparkline is drawn")
            let json = try await client.execute(uri: "/badge?series=svc.load&format=json&\(thresholds)", method: .get)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.text.utf8)) as? [String: Any])
            #expect(object["schemaVersion"] as? Int == 1 && object["message"] as? String == "8" && object["color"] as? String == name)
            let png = try await client.execute(uri: "/badge?series=svc.load&format=png&scale=2&\(thresholds)", method: .get)
            let image = try PNGCodec.decode(Array(png.body.readableBytesView))
            #expect(image.height == 40)
            // The value box's colour at its left edge, mid-height (after the label box).
            let expected = Color(hex: hex)!
            let row = image.height / 2
            let found = (0..<image.width).contains { x in
                let p = (row * image.width + x) * 4
                return image.rgba[p] == expected.red && image.rgba[p + 1] == expected.green && image.rgba[p + 2] == expected.blue
            }
            #expect(found, "the PNG holds the status colour \(hex)")
        }
    }

    @Test("badge errors: several series, unknown stat, no series")
    func badgeErrors() async throws {
        let fixture = try await RenderFixture.make()
        defer { Task { await fixture.close() } }
        try await fixture.ingestRecent(["a.x", "a.y"], seconds: 5)
        try await fixture.application.test(.router) { client in
            let many = try await client.execute(uri: "/badge?series=a.*", method: .get)
            #expect(many.status == .badRequest && many.errorMessage.contains("one series"))
            let stat = try await client.execute(uri: "/badge?series=a.x&stat=median", method: .get)
            #expect(stat.status == .badRequest && stat.errorMessage.hasPrefix("parameter 'stat'"))
            let none = try await client.execute(uri: "/badge?series=zzz", method: .get)
            #expect(none.status == .notFound)
        }
    }

    @Test("the embed page is self-contained: inline overlay and script, srcset 1x/2x, dark source, live events")
    func embed() async throws {
        let fixture = try await RenderFixture.make()
        defer { Task { await fixture.close() } }
        try await fixture.ingestRecent(["e.a"], seconds: 60)
        try await fixture.application.test(.router) { client in
            let page = try await client.execute(
                uri: "/embed?series=e.a&from=-2min&width=500&height=200&title=%3C%2Fscript%3E", method: .get)
            #expect(page.status == .ok && page.headers[.contentType] == "text/html; charset=utf-8")
            let html = page.text
            #expect(html.contains("class=\"framecast-overlay\"") && html.contains("rect class=\"hover\""))
            #expect(html.contains(" 1x, ") && html.contains("scale=2") && html.contains(" 2x\""))
            #expect(html.contains("(prefers-color-scheme: dark)") && html.contains("theme=dark"))
            #expect(html.contains("/events?") && html.contains("EventSource"))
            #expect(!html.contains("src=\"http") && !html.contains("<script src") && !html.contains("@import") && !html.contains("url("))
            #expect(html.components(separatedBy: "<script>").count == 2, "one inline script")
            #expect(!html.contains("</script></title>") && html.contains("&lt;/script&gt;"), "the title stays text")
            let fixed = try await client.execute(uri: "/embed?series=e.a&from=-2min&theme=dark", method: .get)
            #expect(!fixed.text.contains("prefers-color-scheme: dark") && fixed.text.contains("theme=dark"))
            let bad = try await client.execute(uri: "/embed?series=e.a&width=2", method: .get)
            #expect(bad.status == .badRequest && bad.errorMessage.hasPrefix("parameter 'width'"))
        }
    }

    @Test("CORS: listed origins may read JSON and SSE endpoints; others get no CORS headers")
    func cors() async throws {
        var options = ServerOptions()
        options.corsOrigins = ["https://status.example.com"]
        let fixture = try await RenderFixture.make(options: options)
        defer { Task { await fixture.close() } }
        try await fixture.ingestRecent(["c.a"], seconds: 5)
        try await fixture.application.test(.router) { client in
            let allowed = try await client.execute(uri: "/api/v1/series", method: .get, headers: [.origin: "https://status.example.com"])
            #expect(allowed.headers[.accessControlAllowOrigin] == "https://status.example.com")
            let other = try await client.execute(uri: "/api/v1/series", method: .get, headers: [.origin: "https://evil.example"])
            #expect(other.headers[.accessControlAllowOrigin] == nil)
            let preflight = try await client.execute(
                uri: "/events?series=c.a", method: .options,
                headers: [.origin: "https://status.example.com", .accessControlRequestMethod: "GET"])
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowHeaders]?.contains("Last-Event-ID") == true)
        }
    }
}
