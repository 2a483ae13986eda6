import FramecastCore
import Testing

/// Batches parsed into a copy of the aggregator's interner keep its ids and skip key lookups;
/// the result must be exactly that of an unseeded batch.
@Suite struct AggregateSeededBatchTests {
    func graphite(_ text: String, into batch: inout ParsedBatch) {
        var copy = text
        copy.withUTF8 { GraphiteParser.parse(UnsafeRawBufferPointer($0), options: ParseOptions(), into: &batch) }
    }

    @Test func seededAndPlainBatchesGiveTheSameBuckets() {
        var seeded = aggregator("1s:1h,1m:1d")
        var plain = aggregator("1s:1h,1m:1d")
        let first = "a.x 1 1700000000\nb.y 2 1700000001\n"
        let second = "b.y 5 1700000002\nc.z 7 1700000003\na.x 3 1700000004\n"
        for text in [first, second] {
            var batch = seeded.makeBatch()
            graphite(text, into: &batch)
            let seededResult = seeded.apply(batch, now: testNow)
            var fresh = ParsedBatch()
            graphite(text, into: &fresh)
            let plainResult = plain.apply(fresh, now: testNow)
            #expect(seededResult.accepted == plainResult.accepted)
            #expect(seededResult.newSeries == plainResult.newSeries)
        }
        #expect(seeded.seriesCount == 3 && plain.seriesCount == 3)
        for key in ["a.x", "b.y", "c.z"] {
            #expect(seeded.allBuckets(key) == plain.allBuckets(key), "\(key)")
            #expect(seeded.version(of: seeded.id(key)) == plain.version(of: plain.id(key)))
        }
    }

    @Test func aBatchSeededFromAnotherAggregatorIsMappedByKey() {
        let other = aggregator("1s:1h")
        var target = aggregator("1s:1h")
        target.apply([RawPoint("z.z", 1_700_000_000_000, 1)])
        var batch = other.makeBatch()
        graphite("q.q 4 1700000001\n", into: &batch)
        target.apply(batch, now: testNow)
        #expect(target.seriesCount == 2)
        #expect(target.allBuckets("q.q")[0].map(\.sum) == [4])
    }
}

/// Large batches are applied grouped by series; the buckets must equal those of the same points
/// applied one series at a time, in input order.
@Suite struct AggregateGroupedApplyTests {
    @Test func groupedApplyMatchesSeriesBySeries() {
        var rng = SeededGenerator(seed: 11)
        var points: [RawPoint] = []
        for second in 0..<100 {
            for series in 0..<50 {
                points.append(
                    RawPoint(
                        "s.\(series)", 1_700_000_000_000 + Int64(second) * 1000 + Int64(rng.next() % 1000),
                        Double(Int(rng.next() % 200)) - 100))
            }
        }
        #expect(points.count >= 4096, "large enough to be grouped")
        var grouped = aggregator("1s:10m,1m:1d")
        grouped.apply(points)
        var separate = aggregator("1s:10m,1m:1d")
        for series in 0..<50 { separate.apply(points.filter { $0.key == "s.\(series)" }) }
        for series in 0..<50 {
            #expect(grouped.allBuckets("s.\(series)") == separate.allBuckets("s.\(series)"))
        }
    }
}
