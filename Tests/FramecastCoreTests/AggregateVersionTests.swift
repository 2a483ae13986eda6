import FramecastCore
import Testing

@Suite struct AggregateVersionTests {
    @Test func versionMovesOncePerChangingBatch() {
        var agg = aggregator("1s:1h")
        let first = agg.apply([RawPoint("a", 1000, 1), RawPoint("b", 1000, 1), RawPoint("a", 1500, 2)])
        let a = agg.id("a")
        let b = agg.id("b")
        #expect(first.changed == [SeriesChange(id: a, version: 1), SeriesChange(id: b, version: 1)])
        #expect(first.generation == 1 && first.newSeries == 2)
        let second = agg.apply([RawPoint("b", 2000, 1)])
        #expect(second.changed == [SeriesChange(id: b, version: 2)])
        #expect(agg.version(of: a) == 1 && agg.version(of: b) == 2 && agg.generation == 2)
        let nothing = agg.apply([RawPoint("a", 3000, .nan)])
        #expect(nothing.changed.isEmpty && nothing.generation == 2 && agg.version(of: a) == 1)
        let empty = agg.apply([])
        #expect(empty.changed.isEmpty && empty.points == 0 && agg.generation == 2)
    }

    @Test func idempotencyKeyAppliesBatchOnce() {
        var agg = aggregator("1s:1h")
        let batch = [RawPoint("a", 1000, 1), RawPoint("a", 2000, 2), RawPoint("a", -5, 3)]
        let first = agg.apply(batch, key: "batch-1")
        let before = agg.allBuckets("a")
        let again = agg.apply(batch, key: "batch-1")
        #expect(!first.isDuplicate && again.isDuplicate)
        #expect(again.accepted == first.accepted && again.rejected == first.rejected)
        #expect(again.generation == first.generation && again.changed.isEmpty)
        #expect(agg.allBuckets("a") == before && agg.version(of: agg.id("a")) == 1 && agg.generation == 1)
        let other = agg.apply(batch, key: "batch-2")
        #expect(!other.isDuplicate && agg.allBuckets("a")[0].map(\.count) == [2, 2])
        #expect(agg.version(of: agg.id("a")) == 2)
    }

    @Test func idempotencyWindowForgetsOldestKeysFirst() {
        var agg = aggregator("1s:1h", window: 2)
        for (n, key) in ["k1", "k2", "k3"].enumerated() { agg.apply([RawPoint("a", Int64(n) * 1000, 1)], key: key) }
        #expect(agg.idempotencyKeyCount == 2)
        #expect(agg.apply([RawPoint("a", 0, 1)], key: "k3").isDuplicate)
        #expect(agg.apply([RawPoint("a", 0, 1)], key: "k2").isDuplicate)
        let forgotten = agg.apply([RawPoint("a", 0, 1)], key: "k1")
        #expect(!forgotten.isDuplicate && agg.allBuckets("a")[0][0].count == 2)
        // Recording k1 evicted k2, the oldest remembered key.
        #expect(!agg.apply([RawPoint("a", 0, 1)], key: "k2").isDuplicate)
    }

    @Test func zeroWindowDisablesIdempotency() {
        var agg = aggregator("1s:1h", window: 0)
        agg.apply([RawPoint("a", 0, 1)], key: "k")
        #expect(!agg.apply([RawPoint("a", 0, 1)], key: "k").isDuplicate)
        #expect(agg.allBuckets("a")[0][0].count == 2 && agg.idempotencyKeyCount == 0)
    }
}
