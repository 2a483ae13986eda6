import FramecastCore
import Testing

/// `Aggregator.readPlan`: the render budget moves the costliest series to coarser tiers first.
@Suite struct ReadPlanTests {
    @Test func theCostliestSeriesIsCoarsenedFirstAndAnImpossibleBudgetIsNil() throws {
        var aggregator = Aggregator(policy: try RetentionPolicy("1s:1h,1m:1d"))
        var batch = aggregator.makeBatch()
        var text = ""
        for s in 0..<1800 { text += "dense 1 \(1_700_000_000 + s)\n" }
        for s in stride(from: 0, to: 1800, by: 10) { text += "sparse 1 \(1_700_000_000 + s)\n" }
        Array(text.utf8).withUnsafeBytes { GraphiteParser.parse($0, options: ParseOptions(), into: &batch) }
        _ = aggregator.apply(batch, now: 1_700_001_800_000)
        let ids = ["dense", "sparse"].map { aggregator.id(of: SeriesKey(name: $0))! }
        let from: EpochMillis = 1_700_000_000_000
        let until: EpochMillis = 1_700_001_800_000
        // The 1 s tier visits every slot from the range's start to the newest bucket held, however
        // sparse (sparse's newest is at 1790 s); the minute tier 31 minutes (the start is not on one).
        #expect(ids.map { aggregator.readCost($0, tier: 0, from: from, until: until) } == [1800, 1791])
        #expect(ids.map { aggregator.readCost($0, tier: 1, from: from, until: until) } == [31, 31])
        let unlimited = try #require(aggregator.readPlan(ids, from: from, until: until, width: 100, budget: .max))
        #expect(unlimited.tiers == [0, 0] && unlimited.coarsened.isEmpty && unlimited.cost == 3591)
        let one = try #require(aggregator.readPlan(ids, from: from, until: until, width: 100, budget: 2000))
        // Dense costs most, so it moves first.
        #expect(one.tiers == [1, 0] && one.coarsened == [0] && one.cost == 1822)
        let both = try #require(aggregator.readPlan(ids, from: from, until: until, width: 100, budget: 100))
        #expect(both.tiers == [1, 1] && both.cost == 62)
        #expect(aggregator.readPlan(ids, from: from, until: until, width: 100, budget: 61) == nil)
    }
}
