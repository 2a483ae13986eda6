import FramecastCore
import Testing

@Suite struct AggregateOrderTests {
    static let text = "1s:10m,10s:1h,1m:1d"

    /// Points with many equal timestamps and dyadic values, so that sums are exact.
    static func points(seed: UInt64) -> [RawPoint] {
        var rng = SeededGenerator(seed: seed)
        return (0..<3000).map { _ in
            RawPoint(
                "s\(Int.random(in: 0..<5, using: &rng))", 1_000_000 + Int64.random(in: 0..<300, using: &rng) * 997,
                Double(Int.random(in: -64...64, using: &rng)) / 4)
        }
    }

    /// Applies `points` after a first batch that creates every series in a fixed order.
    static func applied(_ points: [RawPoint], batches: Int, rng: inout SeededGenerator) -> Aggregator {
        var agg = aggregator(text)
        agg.apply((0..<5).map { RawPoint("s\($0)", 1_000_000, 0) })
        var rest = points[...]
        for b in 0..<batches {
            let size = b == batches - 1 ? rest.count : Int.random(in: 0...rest.count, using: &rng)
            agg.apply(Array(rest.prefix(size)))
            rest = rest.dropFirst(size)
        }
        return agg
    }

    @Test func shuffledInputGivesIdenticalBuckets() {
        let points = Self.points(seed: 42)
        var rng = SeededGenerator(seed: 7)
        let base = Self.applied(points, batches: 1, rng: &rng)
        let baseBytes = base.checkpoint()
        let expected = (0..<5).map { base.allBuckets("s\($0)") }
        for permutation in 0..<40 {
            let shuffled = points.shuffled(using: &rng)
            let single = Self.applied(shuffled, batches: 1, rng: &rng)
            #expect(single.checkpoint() == baseBytes, "permutation \(permutation)")
            let split = Self.applied(shuffled, batches: 1 + permutation % 7, rng: &rng)
            #expect((0..<5).map { split.allBuckets("s\($0)") } == expected, "permutation \(permutation) in batches")
        }
    }

    @Test func bucketsEqualTheBruteForceRollup() {
        let points = Self.points(seed: 9)
        var rng = SeededGenerator(seed: 1)
        let agg = Self.applied(points, batches: 5, rng: &rng)
        for s in 0..<5 {
            let mine = points.filter { $0.key == "s\(s)" } + [RawPoint("s\(s)", 1_000_000, 0)]
            for (k, tier) in policy(Self.text).tiers.enumerated() {
                #expect(agg.allBuckets("s\(s)")[k] == referenceBuckets(mine, precision: tier.precision))
            }
        }
    }

    /// Same millisecond: `first` is the smallest of the values, `last` the largest, in any order.
    @Test func tieRuleIsArrivalOrderIndependent() {
        let tied: [Double] = [3, -1, 7, 2]
        var orders: [[Double]] = [[]]
        for value in tied {
            orders = orders.flatMap { order in
                (0...order.count).map {
                    var o = order
                    o.insert(value, at: $0)
                    return o
                }
            }
        }
        #expect(orders.count == 24)
        for order in orders {
            var agg = aggregator("1s:1m,1m:1h")
            agg.apply(order.map { RawPoint("t", 5500, $0) } + [RawPoint("t", 5200, 9), RawPoint("t", 5200, 8)])
            for bucket in agg.allBuckets("t").map({ $0[0] }) {
                #expect(bucket.first == 8 && bucket.firstTime == 5200)
                #expect(bucket.last == 7 && bucket.lastTime == 5500)
                #expect(bucket.min == -1 && bucket.max == 9 && bucket.count == 6 && bucket.sum == 28)
            }
        }
    }

    @Test func firstAndLastFollowTimeNotArrival() {
        var agg = aggregator("10s:1m")
        agg.apply([RawPoint("a", 5000, 50), RawPoint("a", 9000, 90)])
        agg.apply([RawPoint("a", 1000, 10)])  // late: becomes first
        agg.apply([RawPoint("a", 7000, 70)])  // in between: changes neither
        let bucket = agg.allBuckets("a")[0][0]
        #expect(bucket.first == 10 && bucket.firstTime == 1000)
        #expect(bucket.last == 90 && bucket.lastTime == 9000)
    }
}
