import Foundation
import FramecastCore
import FramecastServer
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOPosix
import Testing

/// The real client: Debian's `prometheus` (installed by `scripts/install-deps.sh` for the tests)
/// scrapes itself every second and remote-writes to a live Framecast. Every raw sample Prometheus
/// holds for a gauge, up to the newest Framecast has, must be here with the same time and value;
/// every metric name with a number must be here too.
@Suite(.serialized) struct PrometheusRemoteWriteClientTests {
    static let binary = "/usr/bin/prometheus"
    static var installed: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    /// A port nothing listens on now (bound to 0, read back, released).
    static func freePort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        return port
    }

    /// `GET path` over HTTP/1.0 (so the reply is not chunked) and the body as JSON.
    static func getJSON(port: Int, _ path: String) async throws -> [String: Any] {
        let text = try await RawTCP.session(port: port) { inbound, outbound in
            try await outbound.write(ByteBuffer(string: "GET \(path) HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"))
            return try await RawTCP.read(inbound) { _ in false }
        }
        guard let range = text.range(of: "\r\n\r\n") else { return [:] }
        return (try? JSONSerialization.jsonObject(with: Data(text[range.upperBound...].utf8)) as? [String: Any]) ?? [:]
    }

    /// Starts Debian's Prometheus on `port`, scraping itself every second (job `prometheus`), its
    /// storage and config in `directory`, with `extraConfig` appended to its configuration.
    static func launch(port: Int, directory: URL, extraConfig: String = "", log: URL? = nil) throws -> Process {
        let config = """
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: prometheus
                static_configs:
                  - targets: ['127.0.0.1:\(port)']

            """ + extraConfig
        let configFile = directory.appendingPathComponent("prometheus.yml")
        try config.write(to: configFile, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "--config.file=\(configFile.path)", "--storage.tsdb.path=\(directory.appendingPathComponent("prometheus").path)",
            "--web.listen-address=127.0.0.1:\(port)", "--log.level=warn"
        ]
        if let log {
            FileManager.default.createFile(atPath: log.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: log)
        } else {
            process.standardOutput = FileHandle.nullDevice
        }
        process.standardError = process.standardOutput
        try process.run()
        return process
    }

    @Test(.enabled(if: installed, "Debian's prometheus is not installed: run FRAMECAST_TEST_DEPS=1 scripts/install-deps.sh"))
    func everyRawSampleOfAGaugeArrivesWithItsTimeAndValue() async throws {
        let fixture = try await RenderFixture.make()
        defer { Task { await fixture.close() } }
        let promPort = try await Self.freePort()
        try await fixture.application.test(.live) { client in
            let remoteWrite = """
                remote_write:
                  - url: http://127.0.0.1:\(client.port!)/api/v1/prom/write
                    queue_config:
                      batch_send_deadline: 1s
                """
            let log = fixture.directory.appendingPathComponent("prometheus.log")
            let process = try Self.launch(port: promPort, directory: fixture.directory, extraConfig: remoteWrite, log: log)
            defer {
                process.terminate()
                process.waitUntilExit()
            }
            let key = SeriesKey(canonical: "prometheus_tsdb_head_series;instance=127.0.0.1:\(promPort);job=prometheus")
            // Polls (no timed assertion): up to three minutes for ten samples to have arrived.
            var samples = 0
            for _ in 0..<360 where samples < 10 {
                try await Task.sleep(for: .milliseconds(500))
                let snapshot = await fixture.engine.snapshot()
                samples = snapshot.id(of: key).map { snapshot.buckets($0, tier: 0, from: 0, until: .max).count } ?? 0
            }
            let logText = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            #expect(samples >= 10, "Framecast got \(samples) samples; prometheus said: \(logText.suffix(1500))")
            let snapshot = await fixture.engine.snapshot()
            let id = try #require(snapshot.id(of: key))
            // One sample per second lands in one 1 s bucket (two at most, with scrape jitter): each
            // bucket keeps the first and last value at their times.
            let stored = Dictionary(
                snapshot.buckets(id, tier: 0, from: 0, until: .max).flatMap { [($0.firstTime, $0.first), ($0.lastTime, $0.last)] },
                uniquingKeysWith: { $1 })
            let newest = stored.keys.max() ?? 0
            let reply = try await Self.getJSON(port: promPort, "/api/v1/query?query=prometheus_tsdb_head_series%5B5m%5D")
            let result = ((reply["data"] as? [String: Any])?["result"] as? [[String: Any]])?.first
            let values = (result?["values"] as? [[Any]]) ?? []
            let raw = values.compactMap { pair -> (Int64, Double)? in
                guard let time = pair.first as? Double, let text = pair.last as? String, let value = Double(text) else { return nil }
                return (Int64((time * 1000).rounded()), value)
            }.filter { $0.0 <= newest }
            #expect(raw.count >= 10, "\(reply)")
            for (time, value) in raw {
                #expect(stored[time] == value, "sample at \(time) = \(value): Framecast has \(String(describing: stored[time]))")
            }
            // Every metric name Prometheus has that has had a number (not only NaN) is a series here.
            let names = Set(((try await Self.getJSON(port: promPort, "/api/v1/label/__name__/values"))["data"] as? [String]) ?? [])
            #expect(names.count > 50, "Prometheus lists \(names.count) metric names")
            // Names first seen in the last scrape may still be in flight: let two batches go out.
            try await Task.sleep(for: .seconds(3))
            let later = await fixture.engine.snapshot()
            let here = Set(later.allSeriesIDs.map { later.key(of: $0).name })
            let missing = names.subtracting(here)
            for name in missing.sorted() {
                let query = try await Self.getJSON(port: promPort, "/api/v1/query?query=\(name)")
                let series = ((query["data"] as? [String: Any])?["result"] as? [[String: Any]]) ?? []
                let numbers = series.compactMap { ($0["value"] as? [Any])?.last as? String }.filter { $0 != "NaN" }
                #expect(numbers.isEmpty, "\(name) has values \(numbers.prefix(3)) in Prometheus and is not in Framecast")
            }
        }
    }
}
