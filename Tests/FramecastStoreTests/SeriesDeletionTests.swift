import Foundation
import FramecastCore
import FramecastStore
import Testing

/// Deleting series is a logged entry: it survives a restart, keeps every other series exactly as
/// it was, and a name written again afterwards starts empty.
@Suite struct SeriesDeletionTests {
    let policy = try! RetentionPolicy("1m:30d,1h:1y")
    let now: EpochMillis = 1_700_100_000_000

    func ingest(_ engine: IngestEngine, _ text: String) async throws {
        var batch = await engine.makeBatch()
        var copy = text
        copy.withUTF8 { GraphiteParser.parse(UnsafeRawBufferPointer($0), options: ParseOptions(now: now), into: &batch) }
        _ = try await engine.ingest(batch, now: now)
    }

    static func buckets(_ snapshot: Aggregator, _ name: String) -> [Bucket]? {
        guard let id = snapshot.id(of: SeriesKey(name: name)) else { return nil }
        return snapshot.buckets(id, tier: 0, from: 0, until: .max)
    }

    func points(_ names: [String], base: Int64) -> String {
        names.flatMap { name in (0..<30).map { "\(name) \(Double($0) * 1.5) \(base + Int64($0) * 60)\n" } }.joined()
    }

    @Test func aDeletionIsDurableAndLeavesTheOthersAsTheyWere() async throws {
        let directory = makeTemporaryDirectory("series-deletion")
        defer { removeDirectory(directory) }
        let options = IngestEngine.Options(rules: RetentionRules(default: policy))
        var kept: [String: [Bucket]] = [:]
        do {
            let engine = try await IngestEngine(directory: directory, options: options)
            try await ingest(engine, points(["app.a.cpu", "app.b.cpu", "tmp.x", "tmp.y;host=1"], base: 1_700_090_000))
            let before = await engine.snapshot()
            for name in ["app.a.cpu", "app.b.cpu"] { kept[name] = Self.buckets(before, name) }
            let removed = try await engine.deleteSeries(matching: Glob("tmp.*"))
            #expect(removed.map(\.canonical) == ["tmp.x", "tmp.y;host=1"])
            let after = await engine.snapshot()
            #expect(after.seriesCount == 2)
            #expect(Self.buckets(after, "tmp.x") == nil)
            for (name, buckets) in kept { #expect(Self.buckets(after, name) == buckets) }
            // Written again, the name is a new, empty series: only the new points.
            try await ingest(engine, "tmp.x 7 1700095000\n")
            #expect(Self.buckets(await engine.snapshot(), "tmp.x")?.map(\.count) == [1])
            // Closed without a checkpoint: the reopen must replay the deletion from the log.
            try await engine.close(forceCheckpoint: false)
        }
        let reopened = try await IngestEngine(directory: directory, options: options)
        let snapshot = await reopened.snapshot()
        #expect(snapshot.seriesCount == 3)
        #expect(Self.buckets(snapshot, "tmp.y;host=1") == nil)
        #expect(Self.buckets(snapshot, "tmp.x")?.map(\.count) == [1])
        for (name, buckets) in kept { #expect(Self.buckets(snapshot, name) == buckets) }
        // And through a checkpoint too.
        try await reopened.close(forceCheckpoint: true)
        let again = try await IngestEngine(directory: directory, options: options)
        #expect(await again.snapshot().seriesCount == 3)
        #expect(Self.buckets(await again.snapshot(), "tmp.y;host=1") == nil)
        try await again.close()
    }

    @Test func seriesWhoseEveryTierExpiredAreDropped() async throws {
        let directory = makeTemporaryDirectory("series-expiry")
        defer { removeDirectory(directory) }
        let engine = try await IngestEngine(directory: directory, options: IngestEngine.Options(rules: RetentionRules(default: policy)))
        try await ingest(engine, points(["old.a", "new.a"], base: 1_700_090_000))
        try await ingest(engine, "new.a 1 1700099990\n")
        // A year and a day later nothing of either is kept; a month later both still are.
        #expect(try await engine.expireSeries(now: now + 30 * 86_400_000) == 0)
        #expect(try await engine.expireSeries(now: now + 366 * 86_400_000) == 2)
        #expect(await engine.snapshot().seriesCount == 0)
        try await engine.close()
    }

    @Test func theServiceTimerExpiresSeriesOnlyWhenAsked() async throws {
        for expires in [false, true] {
            let directory = makeTemporaryDirectory("series-expiry-timer")
            defer { removeDirectory(directory) }
            var options = IngestEngine.Options(rules: RetentionRules(default: policy))
            options.checkpointEvery = .milliseconds(40)
            options.expiresSeries = expires
            let engine = try await IngestEngine(directory: directory, options: options)
            // Points of 2023: every tier (at most a year) has expired against today's clock.
            try await ingest(engine, points(["old.a"], base: 1_700_090_000))
            let service = Task { try await engine.run() }
            // Polls (no timed assertion): the timer ticks every 10 ms.
            for _ in 0..<500 where await engine.snapshot().seriesCount == 1 && expires {
                try await Task.sleep(for: .milliseconds(10))
            }
            if !expires { try await Task.sleep(for: .milliseconds(200)) }
            #expect(await engine.snapshot().seriesCount == (expires ? 0 : 1))
            service.cancel()
            _ = await service.result
        }
    }

    @Test func removingKeepsKeysOrderAndVersions() throws {
        var aggregator = Aggregator(policy: policy)
        var batch = aggregator.makeBatch()
        let text = Array("c.1 1 1700000000\na.1 2 1700000000\nb.1 3 1700000000\na.1 4 1700000060\n".utf8)
        text.withUnsafeBytes { GraphiteParser.parse($0, options: ParseOptions(), into: &batch) }
        _ = aggregator.apply(batch, now: now)
        let generation = aggregator.generation
        let versions = ["a.1", "c.1"].map { aggregator.version(of: aggregator.id(of: SeriesKey(name: $0))!) }
        #expect(aggregator.remove([SeriesKey(name: "b.1"), SeriesKey(name: "missing")]) == 1)
        #expect(aggregator.remove([SeriesKey(name: "b.1")]) == 0)
        #expect(aggregator.generation == generation + 1)
        #expect(aggregator.seriesIDs(matching: Glob("*.1")).map { aggregator.key(of: $0).canonical } == ["a.1", "c.1"])
        #expect(["a.1", "c.1"].map { aggregator.version(of: aggregator.id(of: SeriesKey(name: $0))!) } == versions)
        #expect(Self.buckets(aggregator, "a.1")?.map(\.count) == [1, 1])
        // The checkpoint of the rebuilt state restores to the same state.
        let restored = try Aggregator(restoring: aggregator.checkpoint(), rules: RetentionRules(default: policy))
        #expect(restored.checkpoint() == aggregator.checkpoint())
    }

    @Test func aDeletionEntryRoundTripsThroughTheCodec() throws {
        let keys = [SeriesKey(name: "tmp.x"), SeriesKey(canonical: "up;job=a")]
        let decoded = try LogBatchCodec.decode(LogBatchCodec.encode(LogBatch(deleting: keys)).bytes)
        #expect(decoded.deletes)
        #expect(decoded.keys == keys)
        #expect(decoded.pointCount == 0)
        let points = try LogBatchCodec.decode(LogBatchCodec.encode(LogBatch(keys: keys, series: [0], times: [1], values: [2])).bytes)
        #expect(!points.deletes)
        // The fuzz seed is a valid deletion entry (written by hand, so the fuzzer starts from one).
        let seed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Fuzz/corpus/logbatch/deletion")
        let seeded = try LogBatchCodec.decode(Array(try Data(contentsOf: seed)))
        #expect(seeded.deletes && seeded.keys.map(\.canonical) == ["tmp.x", "up;job=a"])
    }
}
