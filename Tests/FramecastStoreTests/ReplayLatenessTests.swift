import FramecastCore
import FramecastStore
import Testing

/// Replay judges each logged batch with the lateness window it was acknowledged under, not the
/// window of whoever opens the store later (an `export --data-dir` uses the default hour).
@Suite struct ReplayLatenessTests {
    let policy = try! RetentionPolicy("1m:30d")
    let now: EpochMillis = 1_700_100_000_000

    func options(lateness: Int64) -> IngestEngine.Options {
        var options = IngestEngine.Options(rules: RetentionRules(default: policy))
        options.aggregator.lateness = lateness
        return options
    }

    func ingest(_ engine: IngestEngine, _ text: String) async throws -> IngestResult {
        var batch = await engine.makeBatch()
        var copy = text
        copy.withUTF8 { GraphiteParser.parse(UnsafeRawBufferPointer($0), options: ParseOptions(now: now), into: &batch) }
        return try await engine.ingest(batch, now: now)
    }

    @Test func latePointsAcceptedUnderAWideWindowSurviveAReopenWithTheDefault() async throws {
        let directory = makeTemporaryDirectory("replay-lateness")
        defer { removeDirectory(directory) }
        let day: Int64 = 86_400_000
        let recent = (0..<60).map { "s.a \($0) \(1_700_050_000 + $0 * 60)\n" }.joined()
        // Six hours before the newest point: beyond the default hour, within the day.
        let late = (0..<60).map { "s.a \(100 + $0) \(1_700_028_400 + $0 * 60)\n" }.joined()
        var expected: [Bucket] = []
        do {
            let engine = try await IngestEngine(directory: directory, options: options(lateness: day))
            #expect(try await ingest(engine, recent).apply.accepted == 60)
            let result = try await ingest(engine, late)
            #expect(result.apply.accepted == 60 && result.apply.rejected[.tooLate] == 0)
            let snapshot = await engine.snapshot()
            let id = try #require(snapshot.id(of: SeriesKey(name: "s.a")))
            expected = snapshot.buckets(id, tier: 0, from: 0, until: .max)
            try await engine.close()
        }
        #expect(expected.count == 120)
        // Reopened with the default window: the log replays; the late batch keeps its window.
        let reopened = try await IngestEngine(directory: directory, options: options(lateness: 3_600_000))
        #expect(reopened.recovery.replayedEntries == 2)
        let snapshot = await reopened.snapshot()
        let id = try #require(snapshot.id(of: SeriesKey(name: "s.a")))
        #expect(snapshot.buckets(id, tier: 0, from: 0, until: .max) == expected)
        // New writes are judged by the opener's window.
        let tooLate = try await ingest(reopened, "s.a 1 1700028400\n")
        #expect(tooLate.apply.rejected[.tooLate] == 1)
        try await reopened.close()
    }
}
