import FramecastCore
import Testing

/// Charts draw (and colour) series in the order `seriesIDs` lists them: canonical key order,
/// whatever order the series arrived in.
@Suite struct AggregateSeriesOrderTests {
    static let keys = ["zeta.cpu", "alpha.cpu;host=b", "alpha.cpu;host=a", "mid.mem;dc=x;rack=2", "alpha"]

    @Test func seriesAreListedInCanonicalKeyOrderWhateverTheArrival() {
        let expected = Self.keys.map { SeriesKey(canonical: $0) }.sorted()
        var rng = SeededGenerator(seed: 9)
        for round in 0..<20 {
            var arrival = Self.keys
            if round > 0 { arrival.shuffle(using: &rng) }
            var store = aggregator("1s:1h")
            for (index, key) in arrival.enumerated() {
                _ = store.apply([RawPoint(key, 5000 + Int64(index) * 1000, Double(index))])
            }
            #expect(store.seriesIDs(matching: Glob("**")).map(store.key(of:)) == expected, "arrival \(arrival)")
            #expect(store.seriesIDs(matching: Glob("alpha.*")).map(store.key(of:)) == expected.filter { $0.name == "alpha.cpu" })
            #expect(store.seriesIDs { _ in true }.map(store.key(of:)) == expected)
        }
    }
}
