import Foundation
import FramecastCore
import FramecastServer
import FramecastStore
import Logging

/// A server state over a fresh engine in a temporary directory.
struct IngestFixture {
    let directory: String
    let engine: IngestEngine
    let state: ServerState

    init(
        _ configure: (inout ServerOptions) -> Void = { _ in },
        engine configureEngine: (inout IngestEngine.Options) -> Void = { _ in }
    ) async throws {
        directory = NSTemporaryDirectory() + "framecast-ingest-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let policy = try RetentionPolicy("1s:1h,1m:1d")
        var engineOptions = IngestEngine.Options(rules: RetentionRules(default: policy))
        configureEngine(&engineOptions)
        engine = try await IngestEngine(directory: directory, options: engineOptions)
        var options = ServerOptions()
        options.httpPort = 0
        configure(&options)
        var logger = Logger(label: "test")
        logger.logLevel = ProcessInfo.processInfo.environment["TEST_LOG"] != nil ? .trace : .error
        state = ServerState(engine: engine, options: options, logger: logger)
    }

    func close() async {
        try? await engine.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Points stored for a series (canonical name), summed over its finest tier.
    func stored(_ canonical: String) async -> Int {
        let snapshot = await engine.snapshot()
        guard let id = snapshot.id(of: SeriesKey(canonical: canonical)) else { return 0 }
        return snapshot.buckets(id, tier: 0, from: 0, until: .max / 2).reduce(0) { $0 + Int($1.count) }
    }

    /// Start times (ms) of the buckets of one tier (0: the finest) of a series.
    func bucketStarts(_ canonical: String, tier: Int = 0) async -> [EpochMillis] {
        let snapshot = await engine.snapshot()
        guard let id = snapshot.id(of: SeriesKey(canonical: canonical)) else { return [] }
        return snapshot.buckets(id, tier: tier, from: 0, until: .max / 2).map(\.start)
    }

    /// Waits (without a deadline that could fail a slow machine: up to 60 s) until `condition`.
    func eventually(_ condition: () async -> Bool) async -> Bool {
        for _ in 0..<600 {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}

/// Now minus a minute, in epoch seconds: recent enough for every tier and the lateness rule.
var recentSeconds: Int64 { ServerClock.now() / 1000 - 60 }
