import FramecastCore
import Testing

@Suite struct AggregateQueryTests {
    static let text = "1s:10m,10s:2h,1m:1d"
    static let newest: EpochMillis = 100_000_000

    /// One point every 1.5 s over almost a day (the 1 m tier keeps them all), integer values (exact sums).
    static func dense() -> [RawPoint] {
        var rng = SeededGenerator(seed: 3)
        return stride(from: newest - 86_000_000, through: newest, by: 1500).map {
            RawPoint("dense", $0, Double(Int.random(in: -1000...1000, using: &rng)))
        }
    }

    static func loaded(_ points: [RawPoint]) -> Aggregator {
        var agg = aggregator(text)
        let result = agg.apply(points)
        precondition(result.accepted == points.count)
        return agg
    }

    static func rawSeries(_ points: [RawPoint]) -> SeriesData {
        SeriesData(key: SeriesKey(canonical: points[0].key), times: points.map(\.time), values: points.map(\.value))
    }

    @Test(
        arguments: [
            (newest - 300_000, 300, 0),  // 1 s columns: only the 1 s tier is fine enough
            (newest - 300_000, 30, 1),  // 10 s columns: 10 s tier is the coarsest fine enough
            (newest - 3_600_000, 100, 1),  // 1 s tier no longer keeps `from`
            (newest - 3_600_000, 60, 2),  // 60 s columns: the 1 m tier is fine enough and covers
            (newest - 43_200_000, 1000, 2),  // only the 1 m tier covers; coarser than a column: fallback
            (0, 100, 2),  // no tier keeps `from`: the coarsest
            (newest - 60_000, 1000, 0)  // every covering tier is coarser than a column: the finest
        ] as [(EpochMillis, Int, Int)])
    func picksTier(from: EpochMillis, width: Int, expected: Int) {
        let agg = Self.loaded(Self.dense())
        #expect(agg.tierIndex(for: agg.id("dense"), from: from, until: Self.newest, width: width) == expected)
    }

    @Test func alignedColumnsMatchM4OverRawPoints() {
        let points = Self.dense()
        let agg = Self.loaded(points)
        let id = agg.id("dense")
        let from = Self.newest - 590_000
        let until = Self.newest + 10_000
        let reference = M4Reducer.reduce(Self.rawSeries(points), from: from, until: until, width: 60)
        #expect(agg.tierIndex(for: id, from: from, until: until, width: 60) == 1)
        for tier in [nil, 0, 1] as [Int?] {
            let m4 = agg.query(id, from: from, until: until, width: 60, tier: tier)
            #expect(m4.columns == reference.columns, "tier \(String(describing: tier))")
            #expect(m4.from == from && m4.until == until)
        }
        // 23 one-hour columns aligned to the minute: read from the 1 m tier, still exact.
        let (hourFrom, hourUntil): (EpochMillis, EpochMillis) = (287 * 60_000, 1667 * 60_000)
        #expect(agg.tierIndex(for: id, from: hourFrom, until: hourUntil, width: 23) == 2)
        let hourly = M4Reducer.reduce(Self.rawSeries(points), from: hourFrom, until: hourUntil, width: 23)
        #expect(agg.query(id, from: hourFrom, until: hourUntil, width: 23).columns == hourly.columns)
    }

    /// With at most one point per bucket, any (unaligned) columns match M4 over the raw points.
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func sparseUnalignedQueryMatchesM4Exactly(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let seconds = (0..<600).filter { _ in Int.random(in: 0..<3, using: &rng) == 0 }
        let points = seconds.map {
            RawPoint(
                "sparse", Self.newest - 600_000 + Int64($0) * 1000 + Int64.random(in: 0..<1000, using: &rng),
                Double(Int.random(in: -99...99, using: &rng)))
        }
        let agg = Self.loaded(points)
        let from = Self.newest - 500_123
        let until = Self.newest - 1377
        for width in [1, 7, 37, 250, 999] {
            let reference = M4Reducer.reduce(Self.rawSeries(points), from: from, until: until, width: width)
            #expect(agg.query(agg.id("sparse"), from: from, until: until, width: width, tier: 0) == reference)
        }
    }

    @Test func rawBucketsMatchBruteForce() {
        let points = Self.dense()
        let agg = Self.loaded(points)
        let from = Self.newest - 3_600_000 + 5000
        let until = Self.newest - 1_800_000
        let got = agg.buckets(agg.id("dense"), tier: 1, from: from, until: until)
        let start = from / 10_000 * 10_000
        #expect(got == referenceBuckets(points.filter { $0.time >= start && $0.time < until }, precision: 10_000))
        #expect(got.first?.start == start && got.count == 180)
        #expect(agg.buckets(agg.id("dense"), tier: 1, from: until, until: from).isEmpty)
    }

    @Test func emptyRangeAndSeriesGiveEmptyColumns() {
        var agg = aggregator(Self.text)
        agg.apply([RawPoint("a", 5000, 1)])
        let m4 = agg.query(agg.id("a"), from: 10_000, until: 20_000, width: 10)
        #expect(m4.columns.allSatisfy(\.isEmpty) && m4.step == 0)
        #expect(agg.query(agg.id("a"), from: 0, until: 10_000, width: 10).pointCount == 1)
    }

    @Test func selectsSeriesByGlobAndTags() {
        var agg = aggregator(Self.text)
        agg.apply([RawPoint("cpu.a;host=x", 1000, 1), RawPoint("cpu.b;host=y", 1000, 1), RawPoint("mem.a", 1000, 1)])
        let keys = { (glob: String) in agg.seriesIDs(matching: Glob(glob)).map { agg.key(of: $0).canonical } }
        #expect(keys("cpu.*") == ["cpu.a;host=x", "cpu.b;host=y"])
        #expect(keys("cpu.*;host=x") == ["cpu.a;host=x"])
        #expect(keys("*.a") == ["cpu.a;host=x", "mem.a"])
        #expect(keys("**").count == 3 && agg.allSeriesIDs.count == 3)
        #expect(agg.seriesIDs { $0.tag("host") == "y" }.map { agg.key(of: $0).name } == ["cpu.b"])
    }
}
