import FramecastCore
import Testing

@Suite struct AggregateLatenessTests {
    @Test func lateWithinLatenessUpdatesClosedBucketBeyondIsRejectedAndCounted() {
        var agg = aggregator("1s:1h", lateness: 10_000)
        agg.apply([RawPoint("a", 100_000, 1)])
        let id = agg.id("a")
        let late = agg.apply([RawPoint("a", 95_000, 2), RawPoint("a", 90_000, 3), RawPoint("a", 89_999, 4)])
        #expect(late.accepted == 2)
        #expect(late.rejected[.tooLate] == 1 && late.rejected.total == 1)
        #expect(late.changed == [SeriesChange(id: id, version: 2)])
        #expect(agg.allBuckets("a")[0].map(\.start) == [90_000, 95_000, 100_000])
        #expect(agg.newestTime(of: id) == 100_000)
        let allLate = agg.apply([RawPoint("a", 50_000, 5)])
        #expect(allLate.accepted == 0 && allLate.rejected[.tooLate] == 1 && allLate.changed.isEmpty)
        #expect(agg.version(of: id) == 2)
    }

    /// Lateness is judged against the newest point stored before the batch, so the order of
    /// points inside a batch does not change what is accepted.
    @Test func lateDecisionIgnoresOrderInsideBatch() {
        let points = [RawPoint("a", 50_000, 1), RawPoint("a", 110_000, 2), RawPoint("a", 95_000, 3)]
        var results: [ApplyResult] = []
        var states: [[[Bucket]]] = []
        for order in [points, points.reversed(), [points[2], points[0], points[1]]] {
            var agg = aggregator("1s:1h", lateness: 10_000)
            agg.apply([RawPoint("a", 100_000, 0)])
            results.append(agg.apply(order))
            states.append(agg.allBuckets("a"))
        }
        #expect(results.allSatisfy { $0.accepted == 2 && $0.rejected[.tooLate] == 1 })
        #expect(states.allSatisfy { $0 == states[0] })
    }

    /// A new series takes a whole history in one batch (a bulk load), however long it spans.
    @Test func bulkHistoryIntoNewSeriesIsAccepted() {
        var agg = aggregator("1m:30d,1h:1y", lateness: 10_000)
        let history = (0..<1000).map { RawPoint("a", EpochMillis($0) * 3_600_000, Double($0)) }
        let result = agg.apply(history.reversed())
        #expect(result.accepted == 1000 && result.rejected.total == 0)
    }

    @Test func futureBeyondBoundIsRejected() {
        var agg = Aggregator(policy: policy("1s:1h"), config: AggregatorConfig(maxFuture: 60_000))
        let result = agg.apply(rawBatch([RawPoint("a", 1_060_000, 1), RawPoint("a", 1_060_001, 2)]), now: 1_000_000)
        #expect(result.accepted == 1 && result.rejected[.tooFarInFuture] == 1)
        // The refused future point did not move the series' newest time.
        #expect(agg.newestTime(of: agg.id("a")) == 1_060_000)
    }

    @Test func invalidTimesAndValuesAreCounted() {
        var agg = aggregator("1s:1h")
        let result = agg.apply([
            RawPoint("a", -1, 1), RawPoint("a", 7_258_118_400_000, 1), RawPoint("a", 1000, .nan),
            RawPoint("a", 1000, .infinity), RawPoint("a", 1000, 1)
        ])
        #expect(result.rejected[.timestampOutOfRange] == 2 && result.rejected[.nonFiniteValue] == 2)
        #expect(result.accepted == 1 && result.points == 5)
        #expect(result.rejected.description == "timestampOutOfRange=2 nonFiniteValue=2")
    }

    /// Each tier keeps its own window: a point too old for the 1-minute tier is still stored in
    /// the 1-hour tier (a tier skip); a point older than every tier is `.beyondRetention`.
    @Test func perTierRetention() {
        var agg = aggregator("1s:1m,1m:1h", lateness: 7_200_000)
        agg.apply([RawPoint("a", 7_200_000, 1)])
        let result = agg.apply([RawPoint("a", 7_100_000, 2), RawPoint("a", 3_000_000, 3)])
        #expect(result.accepted == 1 && result.tierSkips == 1)
        #expect(result.rejected[.beyondRetention] == 1 && result.rejected.total == 1)
        let tiers = agg.allBuckets("a")
        #expect(tiers[0].map(\.start) == [7_200_000])
        #expect(tiers[1].map(\.start) == [7_080_000, 7_200_000])
    }

    /// A batch whose newest point expires a whole tier window: points of that batch older than
    /// the window are skipped for the tier whatever their position in the batch.
    @Test func batchThatJumpsPastRetentionIsOrderIndependent() {
        let points = [RawPoint("a", 10_000, 1), RawPoint("a", 200_000, 2)]
        for order in [points, points.reversed()] {
            var agg = aggregator("1s:1m,1m:1h")
            agg.apply([RawPoint("a", 9000, 0)])
            let result = agg.apply(order)
            #expect(result.accepted == 2 && result.tierSkips == 1)
            #expect(agg.allBuckets("a")[0].map(\.start) == [200_000])
            #expect(agg.allBuckets("a")[1].map(\.count) == [2, 1])
        }
    }

    @Test func seriesLimitRefusesNewSeriesOnly() {
        var agg = aggregator("1s:1h", maxSeries: 2)
        let result = agg.apply([RawPoint("a", 1000, 1), RawPoint("b", 1000, 1), RawPoint("c", 1000, 1), RawPoint("a", 2000, 1)])
        #expect(result.accepted == 3 && result.rejected[.seriesLimit] == 1 && result.newSeries == 2)
        #expect(agg.seriesCount == 2 && agg.id(of: SeriesKey(canonical: "c")) == nil)
    }
}
