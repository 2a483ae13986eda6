import Foundation
import FramecastCore
import FramecastStore
import Logging
import ServiceLifecycle
import Testing

@Suite struct IngestEngineTests {
    let policy = try! RetentionPolicy("1s:1h,1m:1d")
    var options: IngestEngine.Options { IngestEngine.Options(rules: RetentionRules(default: policy)) }
    let now: EpochMillis = 1_700_000_100_000

    func graphite(_ engine: IngestEngine, _ text: String) async -> ParsedBatch {
        var batch = await engine.makeBatch()
        var copy = text
        copy.withUTF8 { GraphiteParser.parse(UnsafeRawBufferPointer($0), options: ParseOptions(now: now), into: &batch) }
        return batch
    }

    func lines(_ series: String, count: Int, start: Int = 0) -> String {
        (start..<start + count).map { "\(series) \($0 % 97) \(1_700_000_000 + $0)\n" }.joined()
    }

    /// Opens the engine once a dropped one has let go of the directory. Dropped without close, an
    /// engine releases its lock when its last reference goes (a group commit still draining on a
    /// loaded machine), as a crashed process does at exit; seen once to take longer than the test
    /// took to get there. Fails if the lock is still held after a minute.
    func reopenAfterDrop(_ directory: String) async throws -> IngestEngine {
        let deadline = ContinuousClock.now + .seconds(60)
        while true {
            do {
                return try await IngestEngine(directory: directory, options: options)
            } catch MetricLogError.locked where ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    @Test func stateSurvivesReopenWithAndWithoutCheckpoint() async throws {
        let directory = makeTemporaryDirectory("engine")
        defer { removeDirectory(directory) }
        var expected: [[Bucket]] = []
        do {
            let engine = try await IngestEngine(directory: directory, options: options)
            for start in stride(from: 0, to: 600, by: 100) {
                let result = try await engine.ingest(await graphite(engine, lines("a.b", count: 100, start: start)), now: now)
                #expect(result.apply.accepted == 100)
            }
            let snapshot = await engine.snapshot()
            let id = try #require(snapshot.id(of: SeriesKey(name: "a.b")))
            expected = (0..<2).map { snapshot.buckets(id, tier: $0, from: 0, until: .max) }
            // No close: the state must come back from the log alone (as after a crash).
        }
        let reopened = try await reopenAfterDrop(directory)
        #expect(reopened.recovery.replayedEntries == 6 && reopened.recovery.checkpointSeq == nil)
        let snapshot = await reopened.snapshot()
        let id = try #require(snapshot.id(of: SeriesKey(name: "a.b")))
        #expect((0..<2).map { snapshot.buckets(id, tier: $0, from: 0, until: .max) } == expected)
        try await reopened.close(forceCheckpoint: true)
        // After a close with a checkpoint the state loads from it, with nothing to replay.
        let third = try await IngestEngine(directory: directory, options: options)
        #expect(third.recovery.checkpointSeq == 6 && third.recovery.replayedEntries == 0)
        let again = await third.snapshot()
        #expect((0..<2).map { again.buckets(id, tier: $0, from: 0, until: .max) } == expected)
        try await third.close()
    }

    @Test func idempotencyKeySurvivesRestart() async throws {
        let directory = makeTemporaryDirectory("engine")
        defer { removeDirectory(directory) }
        do {
            let engine = try await IngestEngine(directory: directory, options: options)
            let first = try await engine.ingest(await graphite(engine, lines("k", count: 10)), idempotencyKey: "upload-1", now: now)
            let retry = try await engine.ingest(await graphite(engine, lines("k", count: 10)), idempotencyKey: "upload-1", now: now)
            #expect(!first.isDuplicate && retry.isDuplicate && retry.sequence == nil)
            #expect(retry.apply.accepted == first.apply.accepted)
            try await engine.close(forceCheckpoint: true)
        }
        let reopened = try await IngestEngine(directory: directory, options: options)
        let afterRestart = try await reopened.ingest(await graphite(reopened, lines("k", count: 10)), idempotencyKey: "upload-1", now: now)
        #expect(afterRestart.isDuplicate)
        let snapshot = await reopened.snapshot()
        let id = try #require(snapshot.id(of: SeriesKey(name: "k")))
        #expect(snapshot.buckets(id, tier: 0, from: 0, until: .max).reduce(0) { $0 + Int($1.count) } == 10)
        try await reopened.close()
    }

    @Test func futurePointsAreRejectedBeforeLoggingSoReplayAgrees() async throws {
        let directory = makeTemporaryDirectory("engine")
        defer { removeDirectory(directory) }
        do {
            let engine = try await IngestEngine(directory: directory, options: options)
            // now + 10 min is the bound: the second point is an hour ahead.
            let text = "f 1 \(now / 1000)\nf 2 \(now / 1000 + 3600)\n"
            let result = try await engine.ingest(await graphite(engine, text), now: now)
            #expect(result.apply.accepted == 1 && result.futureRejected == 1 && result.apply.rejected[.tooFarInFuture] == 1)
        }
        let reopened = try await IngestEngine(directory: directory, options: options)
        let snapshot = await reopened.snapshot()
        let id = try #require(snapshot.id(of: SeriesKey(name: "f")))
        #expect(snapshot.newestTime(of: id) == now / 1000 * 1000, "replay must not accept the point refused live")
        try await reopened.close()
    }

    @Test func concurrentIngestsAreAppliedInLogOrder() async throws {
        let directory = makeTemporaryDirectory("engine")
        defer { removeDirectory(directory) }
        var live: Aggregator
        do {
            let engine = try await IngestEngine(directory: directory, options: options)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<16 {
                    let batch = await graphite(engine, lines("c.\(task % 4)", count: 50, start: task * 50))
                    group.addTask { _ = try await engine.ingest(batch, now: self.now) }
                }
                try await group.waitForAll()
            }
            live = await engine.snapshot()
        }
        let reopened = try await IngestEngine(directory: directory, options: options)
        let replayed = await reopened.snapshot()
        #expect(reopened.recovery.replayedEntries == 16)
        for series in 0..<4 {
            let key = SeriesKey(name: "c.\(series)")
            let a = try #require(live.id(of: key))
            let b = try #require(replayed.id(of: key))
            #expect(live.buckets(a, tier: 0, from: 0, until: .max) == replayed.buckets(b, tier: 0, from: 0, until: .max))
            #expect(live.version(of: a) == replayed.version(of: b))
        }
        try await reopened.close()
    }
}

@Suite struct IngestEngineCheckpointRuleTests {
    @Test func smallLogIsNotCheckpointedAtCloseButReplayed() async throws {
        let directory = makeTemporaryDirectory("engine")
        defer { removeDirectory(directory) }
        let options = IngestEngine.Options(rules: RetentionRules(default: try RetentionPolicy("1s:1h")))
        let engine = try await IngestEngine(directory: directory, options: options)
        var batch = await engine.makeBatch()
        var text = "a 1 1700000000\n"
        text.withUTF8 { GraphiteParser.parse(UnsafeRawBufferPointer($0), options: ParseOptions(), into: &batch) }
        _ = try await engine.ingest(batch, now: 1_700_000_000_000)
        try await engine.close()
        let reopened = try await IngestEngine(directory: directory, options: options)
        #expect(reopened.recovery.checkpointSeq == nil && reopened.recovery.replayedEntries == 1)
        try await reopened.close()
    }

    @Test func logAsLargeAsTheStateTriggersACheckpoint() async throws {
        let directory = makeTemporaryDirectory("engine")
        defer { removeDirectory(directory) }
        var options = IngestEngine.Options(rules: RetentionRules(default: try RetentionPolicy("1s:1h")))
        options.checkpointMinimumLogBytes = 1
        let engine = try await IngestEngine(directory: directory, options: options)
        for second in 0..<20 {
            var batch = await engine.makeBatch()
            // Many points in few buckets: the log grows much faster than the state.
            var text = (0..<500).map { "s \($0) \(1_700_000_000 + second % 4)\n" }.joined()
            text.withUTF8 { GraphiteParser.parse(UnsafeRawBufferPointer($0), options: ParseOptions(), into: &batch) }
            _ = try await engine.ingest(batch, now: 1_700_000_100_000)
        }
        try await engine.close()
        let reopened = try await IngestEngine(directory: directory, options: options)
        #expect(reopened.recovery.checkpointSeq != nil, "the log outgrew the state, so a checkpoint was written")
        #expect(reopened.recovery.replayedEntries < 20)
        try await reopened.close()
    }
}

/// The engine as a swift-service-lifecycle `Service`: its checkpoint timer runs under a service
/// group, and the group's graceful shutdown closes the store.
@Suite struct IngestEngineServiceTests {
    func quietEngine(_ directory: String) async throws -> IngestEngine {
        var options = IngestEngine.Options(rules: RetentionRules(default: try RetentionPolicy("1s:1h")))
        options.checkpointEvery = .milliseconds(40)
        return try await IngestEngine(directory: directory, options: options)
    }

    func ingestOne(_ engine: IngestEngine, at seconds: Int64 = 1_700_000_000) async throws {
        var batch = await engine.makeBatch()
        var text = "quiet 1 \(seconds)\n"
        text.withUTF8 { GraphiteParser.parse(UnsafeRawBufferPointer($0), options: ParseOptions(), into: &batch) }
        _ = try await engine.ingest(batch, now: seconds * 1000)
    }

    /// Runs `engine` in a service group around `body`, then shuts the group down gracefully.
    func withService(_ engine: IngestEngine, _ body: () async throws -> Void) async throws {
        let group = ServiceGroup(services: [engine], logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await body()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// A store that goes quiet still gets its time-based checkpoint, from the engine's timer.
    @Test func quietStoreIsCheckpointedByTime() async throws {
        let directory = makeTemporaryDirectory("engine")
        defer { removeDirectory(directory) }
        let engine = try await quietEngine(directory)
        try await withService(engine) {
            try await ingestOne(engine)
            // No more ingests: only the timer can write the checkpoint.
            let deadline = ContinuousClock.now + .seconds(60)
            while await engine.lastCheckpointSeq == 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(await engine.lastCheckpointSeq == 1)
        }
    }

    /// Graceful shutdown closes the store: the directory is released (another engine opens it at
    /// once) and the closed engine refuses writes; a second close is harmless.
    @Test func gracefulShutdownClosesTheStore() async throws {
        let directory = makeTemporaryDirectory("engine")
        defer { removeDirectory(directory) }
        let engine = try await quietEngine(directory)
        try await withService(engine) { try await ingestOne(engine) }
        await #expect(throws: MetricLogError.self) { try await ingestOne(engine, at: 1_700_000_001) }
        try await engine.close()
        let reopened = try await quietEngine(directory)
        #expect(await reopened.snapshot().seriesCount == 1)
        try await reopened.close()
    }

    /// Without a service group an engine still ingests and closes; only the timer is missing.
    @Test func anEngineThatIsNeverRunStillWorks() async throws {
        let directory = makeTemporaryDirectory("engine")
        defer { removeDirectory(directory) }
        let engine = try await quietEngine(directory)
        try await ingestOne(engine)
        #expect(await engine.snapshot().seriesCount == 1)
        try await engine.close()
        try await engine.close()
    }
}
