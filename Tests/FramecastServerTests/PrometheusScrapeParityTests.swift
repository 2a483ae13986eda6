import Foundation
import FramecastCore
import FramecastServer
import Testing

/// The real peer: Debian's `prometheus` scrapes its own `/metrics`, and Framecast scrapes the same
/// endpoint with the same job. Every series Framecast made must be one Prometheus made (same name,
/// same labels: job, instance, exported_* and all), and every series Prometheus made must be here
/// unless Framecast says why not (its values are NaN, or a label value holds ';' or '=').
@Suite(.serialized) struct PrometheusScrapeParityTests {
    typealias Peer = PrometheusRemoteWriteClientTests

    @Test(.enabled(if: Peer.installed, "Debian's prometheus is not installed: run FRAMECAST_TEST_DEPS=1 scripts/install-deps.sh"))
    func framecastNamesScrapedSeriesAsPrometheusDoes() async throws {
        let promPort = try await Peer.freePort()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fc-scrape-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let process = try Peer.launch(port: promPort, directory: directory)
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        let target = try ScrapeTarget(url: "http://127.0.0.1:\(promPort)/metrics", job: "prometheus", intervalMillis: 1000)
        var options = ServerOptions()
        options.scrapeTargets = [target]
        let fixture = try await RenderFixture.make(options: options)
        defer { Task { await fixture.close() } }
        let service = Task { try await ScrapeService(state: fixture.state).run() }
        defer { service.cancel() }

        // Polls (no timed assertion): up to two minutes for both to have scraped a few times and
        // for the two sets to agree; what still differs at the end is reported.
        var extra: [String] = []
        var unexplained: [String] = []
        var theirs: Set<String> = []
        for _ in 0..<60 {
            try await Task.sleep(for: .seconds(2))
            guard fixture.state.scrapes.status(0).scrapes >= 3, fixture.state.scrapes.status(0).health == .up else { continue }
            let reply = try await Peer.getJSON(port: promPort, "/api/v1/series?match%5B%5D=%7Bjob%3D%22prometheus%22%7D")
            let list = (reply["data"] as? [[String: String]]) ?? []
            theirs = Set(list.map(Self.canonical))
            let snapshot = await fixture.engine.snapshot()
            let ours = Set(snapshot.allSeriesIDs.map { snapshot.key(of: $0).canonical })
            guard theirs.count > 100 else { continue }
            extra = ours.subtracting(theirs).sorted()
            unexplained = []
            for key in theirs.subtracting(ours).sorted() where !Self.isExplained(key) {
                // NaN-only series are dropped on purpose; ask Prometheus for the value.
                let selector = Self.selector(key)
                let query = try await Peer.getJSON(port: promPort, "/api/v1/query?query=\(selector)")
                let values = ((query["data"] as? [String: Any])?["result"] as? [[String: Any]] ?? []).compactMap {
                    ($0["value"] as? [Any])?.last as? String
                }
                if values.contains(where: { $0 != "NaN" }) { unexplained.append(key) }
            }
            if extra.isEmpty && unexplained.isEmpty { break }
        }
        #expect(theirs.count > 100, "Prometheus holds \(theirs.count) series of its own job")
        #expect(extra.count == 0, "series Framecast made that Prometheus did not: \(extra.prefix(10))")
        #expect(unexplained.count == 0, "series Prometheus has (with numbers) that Framecast has not: \(unexplained.prefix(10))")
        #expect(fixture.state.scrapes.status(0).lastError == "")
    }

    /// Prometheus' labels as a Framecast key: `__name__;k=v…`, sorted by label name.
    static func canonical(_ labels: [String: String]) -> String {
        ([labels["__name__"] ?? ""] + labels.filter { $0.key != "__name__" }.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
            .joined(separator: ";")
    }

    /// Series Framecast does not make by design: two of Prometheus' own scrape reports, and label
    /// values a tag cannot hold.
    static func isExplained(_ key: String) -> Bool {
        let name = key.prefix { $0 != ";" }
        if name == "scrape_series_added" || name == "scrape_samples_post_metric_relabeling" { return true }
        return key.split(separator: ";").dropFirst().contains { $0.split(separator: "=", omittingEmptySubsequences: false).count != 2 }
    }

    /// A PromQL selector for `key`, URL-encoded.
    static func selector(_ key: String) -> String {
        let parts = key.split(separator: ";")
        let labels = parts.dropFirst().map { part -> String in
            let pair = part.split(separator: "=", maxSplits: 1)
            return "\(pair[0])=\"\(pair.count > 1 ? pair[1] : "")\""
        }
        let text = "\(parts[0]){\(labels.joined(separator: ","))}"
        return text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}
