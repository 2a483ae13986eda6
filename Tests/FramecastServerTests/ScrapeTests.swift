import Foundation
import FramecastCore
import FramecastServer
import Hummingbird
import HummingbirdTesting
import Testing

/// `serve --scrape`: targets served by a live in-process app, scraped by the real service.
@Suite struct ScrapeTests {
    /// A time near now for the one sample with an explicit timestamp (older would be past retention).
    static let stamp = ServerClock.now() / 1000 * 1000 - 3000

    static let exposition = """
        # HELP http_requests_total Requests.
        # TYPE http_requests_total counter
        http_requests_total{code="200",method="get"} 1027
        http_requests_total{code="500",method="get"} 3
        # A scraped label named like a target label is kept as exported_<name>.
        build_info{job="batch",version="1.2"} 1
        # A NaN is "no value yet": dropped, not a failed scrape.
        rpc_duration_seconds{quantile="0.5"} NaN
        rpc_duration_seconds_sum 17.5
        # TYPE request_seconds histogram
        request_seconds_bucket{le="0.1"} 4
        request_seconds_bucket{le="+Inf"} 9
        request_seconds_sum 3.25
        request_seconds_count 9
        # Valid Prometheus that cannot be a Framecast tag: refused, the rest kept.
        odd{path="/a?b=c"} 1
        temperature 21.5 \(stamp)

        """

    static func targetApp() -> some ApplicationProtocol {
        let router = Router()
        router.get("/metrics") { _, _ in exposition }
        router.get("/missing") { _, _ in Response(status: .notFound) }
        router.get("/html") { _, _ in "<html><body>not metrics</body></html>" }
        router.get("/slow") { _, _ -> String in
            try await Task.sleep(for: .seconds(4))
            return "late 1\n"
        }
        return Application(router: router)
    }

    /// Runs the scrape service on `targets` until every target has been scraped `scrapes` times
    /// (polling, at most a minute), then stops it.
    static func scrape(_ targets: [ScrapeTarget], scrapes: Int = 1) async throws -> RenderFixture {
        var options = ServerOptions()
        options.scrapeTargets = targets
        let fixture = try await RenderFixture.make(options: options)
        let service = Task { try await ScrapeService(state: fixture.state).run() }
        defer { service.cancel() }
        for _ in 0..<600 {
            if targets.indices.allSatisfy({ fixture.state.scrapes.status($0).scrapes >= scrapes }) { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        service.cancel()
        _ = await service.result
        return fixture
    }

    static func value(_ fixture: RenderFixture, _ key: String) async -> Double? {
        let snapshot = await fixture.engine.snapshot()
        guard let id = snapshot.id(of: SeriesKey(canonical: key)) else { return nil }
        return snapshot.buckets(id, tier: 0, from: 0, until: .max).last?.last
    }

    @Test func samplesGetTheTargetsLabelsAndAnUpSeries() async throws {
        try await Self.targetApp().test(.live) { client in
            let port = client.port!
            let target = try ScrapeTarget(
                url: "http://127.0.0.1:\(port)/metrics", job: "app", intervalMillis: 5000, labels: ["env": "test"])
            let fixture = try await Self.scrape([target])
            defer { Task { await fixture.close() } }
            let labels = "env=test;instance=127.0.0.1:\(port);job=app"
            #expect(await Self.value(fixture, "http_requests_total;code=200;\(labels);method=get") == 1027)
            #expect(await Self.value(fixture, "http_requests_total;code=500;\(labels);method=get") == 3)
            #expect(await Self.value(fixture, "build_info;env=test;exported_job=batch;instance=127.0.0.1:\(port);job=app;version=1.2") == 1)
            #expect(await Self.value(fixture, "request_seconds_bucket;\(labels);le=+Inf") == 9)
            #expect(await Self.value(fixture, "request_seconds_count;\(labels)") == 9)
            #expect(await Self.value(fixture, "rpc_duration_seconds;\(labels);quantile=0.5") == nil)
            #expect(await Self.value(fixture, "up;\(labels)") == 1)
            // 11 samples exposed: 9 stored, the NaN dropped, one refused.
            #expect(await Self.value(fixture, "scrape_samples_scraped;\(labels)") == 11)
            #expect(await Self.value(fixture, "scrape_duration_seconds;\(labels)") ?? -1 >= 0)
            // An explicit timestamp is kept (honor_timestamps); the rest are at the scrape's start.
            let snapshot = await fixture.engine.snapshot()
            let temperature = try #require(snapshot.id(of: SeriesKey(canonical: "temperature;\(labels)")))
            #expect(snapshot.buckets(temperature, tier: 0, from: 0, until: .max).first?.firstTime == Self.stamp)
            let up = try #require(snapshot.id(of: SeriesKey(canonical: "up;\(labels)")))
            let requests = try #require(snapshot.id(of: SeriesKey(canonical: "http_requests_total;code=200;\(labels);method=get")))
            let first = snapshot.buckets(up, tier: 0, from: 0, until: .max).first?.firstTime
            #expect(first != nil && first == snapshot.buckets(requests, tier: 0, from: 0, until: .max).first?.firstTime)
            let status = fixture.state.scrapes.status(0)
            #expect(status.health == .up)
            #expect(status.lastError == "")
            #expect(status.samplesScraped == 11)
            #expect(status.samplesRejected == 1)
            #expect(status.firstRejection?.contains("line 16") == true, "\(status.firstRejection ?? "")")
        }
    }

    @Test func aFailedScrapeIsUpZeroWithItsReason() async throws {
        try await Self.targetApp().test(.live) { client in
            let base = "http://127.0.0.1:\(client.port!)"
            // Generous timeouts for the quick failures (a loaded machine must not turn them into
            // timeouts); a short one for the target that answers after 4 s.
            let targets =
                try [("missing", 5000), ("html", 5000), ("slow", 1000)].map { path, timeout in
                    try ScrapeTarget(url: "\(base)/\(path)", job: path, intervalMillis: 5000, timeoutMillis: Int64(timeout))
                } + [try ScrapeTarget(url: "http://127.0.0.1:1/metrics", job: "closed", intervalMillis: 5000, timeoutMillis: 5000)]
            let fixture = try await Self.scrape(targets)
            defer { Task { await fixture.close() } }
            let reasons = targets.indices.map { fixture.state.scrapes.status($0).lastError }
            #expect(reasons[0] == "server returned HTTP status 404 Not Found")
            #expect(reasons[1].hasPrefix("no sample could be read: line 1"), "\(reasons[1])")
            #expect(reasons[2] == "timed out after 1000ms (scrape timeout)", "\(reasons[2])")
            #expect(reasons[3] == "cannot connect: Connection refused", "\(reasons[3])")
            for (index, target) in targets.enumerated() where target.job != "closed" {
                #expect(fixture.state.scrapes.status(index).health == .down)
                #expect(await Self.value(fixture, "up;instance=127.0.0.1:\(client.port!);job=\(target.job)") == 0)
            }
            // The timeout held: had the scrape waited for the 4 s answer, its "late" sample would be
            // stored and the reason would not be the timeout (checked above, and just below).
            // Nothing of a failed body is stored.
            #expect(await Self.value(fixture, "late;instance=127.0.0.1:\(client.port!);job=slow") == nil)
        }
    }

    @Test func theTargetsEndpointHasPrometheusShape() async throws {
        try await Self.targetApp().test(.live) { client in
            let target = try ScrapeTarget(url: "http://127.0.0.1:\(client.port!)/missing", job: "gone", intervalMillis: 5000)
            let fixture = try await Self.scrape([target])
            defer { Task { await fixture.close() } }
            try await fixture.application.test(.router) { local in
                try await local.execute(uri: "/api/v1/scrape/targets", method: .get) { response in
                    #expect(response.status == .ok)
                    let object = try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any]
                    let active = ((object?["data"] as? [String: Any])?["activeTargets"] as? [[String: Any]]) ?? []
                    #expect(active.count == 1)
                    let first = active.first ?? [:]
                    #expect(first["health"] as? String == "down")
                    #expect(first["scrapePool"] as? String == "gone")
                    #expect(first["scrapeInterval"] as? String == "5s")
                    #expect(first["scrapeTimeout"] as? String == "5s")
                    #expect((first["labels"] as? [String: String])?["instance"] == "127.0.0.1:\(client.port!)")
                    #expect((first["lastError"] as? String)?.contains("404") == true)
                    #expect((first["lastScrape"] as? String)?.hasSuffix("Z") == true)
                }
            }
        }
    }

    @Test func targetsAreCheckedWhenConfigured() throws {
        #expect(throws: ScrapeTarget.Invalid.self) { try ScrapeTarget(url: "ftp://host/metrics", job: "x") }
        #expect(throws: ScrapeTarget.Invalid.self) { try ScrapeTarget(url: "not a url", job: "x") }
        #expect(throws: ScrapeTarget.Invalid.self) { try ScrapeTarget(url: "http://h", job: "") }
        #expect(throws: ScrapeTarget.Invalid.self) { try ScrapeTarget(url: "http://h", job: "x", intervalMillis: 50) }
        #expect(throws: ScrapeTarget.Invalid.self) {
            try ScrapeTarget(url: "http://h", job: "x", intervalMillis: 1000, timeoutMillis: 2000)
        }
        #expect(throws: ScrapeTarget.Invalid.self) { try ScrapeTarget(url: "http://h", job: "x", labels: ["__meta": "v"]) }
        #expect(throws: ScrapeTarget.Invalid.self) { try ScrapeTarget(url: "http://h", job: "x", labels: ["1bad": "v"]) }
        #expect(throws: ScrapeTarget.Invalid.self) { try ScrapeTarget(url: "http://h", job: "x", labels: ["k": "a=b"]) }
        let plain = try ScrapeTarget(url: "http://node.example", job: "node")
        #expect(plain.url.absoluteString == "http://node.example/metrics")
        #expect(plain.instance == "node.example:80")
        #expect(plain.timeoutMillis == 10_000)
        #expect(try ScrapeTarget(url: "https://h/m", job: "x").instance == "h:443")
        let flagged = try ScrapeTarget(flag: "node=http://10.0.0.1:9100/metrics", intervalMillis: 5000, timeoutMillis: nil)
        #expect(flagged.job == "node")
        #expect(flagged.instance == "10.0.0.1:9100")
        #expect(flagged.timeoutMillis == 5000)
        #expect(try ScrapeTarget(flag: "http://10.0.0.1:9100/x?a=b", intervalMillis: 5000, timeoutMillis: nil).job == "scrape")
        // Configured labels may set instance and job, as static_configs labels do.
        #expect(try ScrapeTarget(url: "http://h:1", job: "x", labels: ["instance": "db-1"]).instance == "db-1")
    }
}
