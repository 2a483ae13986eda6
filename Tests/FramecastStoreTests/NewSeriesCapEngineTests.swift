import Foundation
import FramecastCore
import FramecastStore
import Testing

/// Defect 4 (part): the per-write cap on new series, at the engine, across a restart.
@Suite struct NewSeriesCapEngineTests {
    let now: EpochMillis = 1_700_000_100_000

    func batch(_ engine: IngestEngine, _ text: String) async -> ParsedBatch {
        var batch = await engine.makeBatch()
        var copy = text
        copy.withUTF8 { GraphiteParser.parse(UnsafeRawBufferPointer($0), options: ParseOptions(now: now), into: &batch) }
        return batch
    }

    @Test func refusedNewSeriesAreNotLoggedAndKnownOnesAre() async throws {
        let directory = makeTemporaryDirectory("engine")
        defer { removeDirectory(directory) }
        var options = IngestEngine.Options(rules: RetentionRules(default: try RetentionPolicy("1s:1h")))
        options.maxNewSeriesPerWrite = 3
        do {
            let engine = try await IngestEngine(directory: directory, options: options)
            _ = try await engine.ingest(await batch(engine, "old.a 1 1700000000\n"), now: now)
            let text = "old.a 2 1700000001\n" + (0..<4).map { "new.s\($0) 1 1700000000\n" }.joined()
            let result = try await engine.ingest(await batch(engine, text), now: now)
            let refusal = try #require(result.newSeriesRefused)
            #expect(refusal.count == 4 && refusal.limit == 3 && refusal.points == 4)
            #expect(refusal.examples == (0..<4).map { "new.s\($0)" })
            #expect(refusal.description.contains("4 new series") && refusal.description.contains("3 one write may create"))
            #expect(result.apply.accepted == 1)
            #expect(result.apply.rejected[.seriesLimit] == 4)
            // Exactly the cap is fine.
            let three = (0..<3).map { "new.s\($0) 1 1700000000\n" }.joined()
            #expect(try await engine.ingest(await batch(engine, three), now: now).newSeriesRefused == nil)
            try await engine.close()
        }
        let reopened = try await IngestEngine(directory: directory, options: options)
        let snapshot = await reopened.snapshot()
        #expect(snapshot.seriesCount == 4, "old.a and the three of the last write; new.s3 never reached the log")
        #expect(snapshot.id(of: SeriesKey(name: "new.s3")) == nil)
        try await reopened.close()
    }
}
