import FramecastCore
import Testing

@Suite struct AggregateBucketTests {
    @Test func bucketIndexIsFloorOfTimeOverPrecision() {
        var agg = aggregator("1s:1m,10s:10m")
        agg.apply([RawPoint("a", 999, 1), RawPoint("a", 1000, 2), RawPoint("a", 1999, 3), RawPoint("a", 10_000, 4)])
        let tiers = agg.allBuckets("a")
        #expect(tiers[0].map(\.start) == [0, 1000, 10_000])
        #expect(tiers[0].map(\.count) == [1, 2, 1])
        #expect(
            tiers[0][1]
                == Bucket(
                    start: 1000, count: 2, sum: 5, min: 2, max: 3, first: 2, last: 3,
                    firstTime: 1000, lastTime: 1999))
        #expect(
            tiers[1] == [
                Bucket(start: 0, count: 3, sum: 6, min: 1, max: 3, first: 1, last: 3, firstTime: 999, lastTime: 1999),
                Bucket(start: 10_000, count: 1, sum: 4, min: 4, max: 4, first: 4, last: 4, firstTime: 10_000, lastTime: 10_000)
            ])
        #expect(tiers[1][0].average == 2)
    }

    @Test func advancingExpiresOldBucketsAndClearsPassedSlots() {
        var agg = aggregator("1s:10s")
        agg.apply((0..<5).map { RawPoint("a", Int64($0) * 1000, Double($0)) })
        agg.apply([RawPoint("a", 12_000, 12)])
        let id = agg.id("a")
        // The ring keeps bucket indices (12 − 10, 12] = 3…12: buckets 0, 1, 2 expired.
        #expect(agg.retainedSince(id, tier: 0) == 3000)
        #expect(agg.allBuckets("a")[0].map(\.start) == [3000, 4000, 12_000])
        agg.apply([RawPoint("a", 7500, 7)])
        #expect(agg.allBuckets("a")[0].map(\.start) == [3000, 4000, 7000, 12_000])
        // Jumping a whole ring ahead leaves only the new bucket; no stale slot reappears.
        agg.apply([RawPoint("a", 100_000, 100)])
        #expect(agg.allBuckets("a")[0].map(\.start) == [100_000])
        agg.apply([RawPoint("a", 95_000, 95)])
        #expect(agg.allBuckets("a")[0].map(\.start) == [95_000, 100_000])
    }

    /// Random streams with gaps, jumps and late points, checked bucket by bucket against a
    /// brute-force rollup of the raw points the tier still keeps.
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func ringMatchesBruteForce(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let text = "1s:30s,5s:2m,1m:10m"
        var agg = aggregator(text, lateness: 20_000)
        var stored: [RawPoint] = []
        var newest: Int64 = -1
        var time: Int64 = 1_000_000
        for _ in 0..<60 {
            var points: [RawPoint] = []
            for _ in 0..<Int.random(in: 1...40, using: &rng) {
                switch Int.random(in: 0..<10, using: &rng) {
                case 0: time += Int64.random(in: 0...90_000, using: &rng)  // gap, sometimes past a whole ring
                case 1...3: time += Int64.random(in: 0...2_000, using: &rng)
                default: break
                }
                let late = Int64.random(in: 0...25_000, using: &rng) * (Bool.random(using: &rng) ? 1 : 0)
                points.append(RawPoint("s", time - late, Double(Int.random(in: -50...50, using: &rng))))
            }
            let result = agg.apply(points)
            #expect(result.points == points.count)
            let reference = max(newest, points.filter { $0.time >= 0 }.map(\.time).max()!)
            // Lateness counts from the newest point stored before the batch.
            stored += points.filter { newest < 0 || $0.time >= newest - 20_000 }
            newest = reference
        }
        let tiers = policy(text).tiers
        for (k, tier) in tiers.enumerated() {
            let kept = (newest / tier.precision - Int64(tier.bucketCount) + 1) * tier.precision
            let expected = referenceBuckets(stored.filter { $0.time >= kept }, precision: tier.precision)
            #expect(agg.allBuckets("s")[k] == expected, "tier \(tier)")
        }
    }

    /// Tiers coarser than 65.536 s keep 32-bit offsets: times inside the bucket stay exact,
    /// also after the bucket moves from the open slot into the columns and through a checkpoint.
    @Test func wideOffsetsKeepExactTimes() throws {
        var agg = aggregator("1m:1h,1h:1d")
        agg.apply([RawPoint("a", 7_199_999, 2), RawPoint("a", 3_600_001, 1), RawPoint("a", 3_654_321, 5)])
        agg.apply([RawPoint("a", 10_800_000, 9)])  // opens the next hour: the first moves to the columns
        let restored = try Aggregator(restoring: agg.checkpoint(), rules: agg.rules)
        for state in [agg, restored] {
            let hour = state.allBuckets("a")[1][0]
            #expect(hour.firstTime == 3_600_001 && hour.first == 1)
            #expect(hour.lastTime == 7_199_999 && hour.last == 2)
            #expect(state.allBuckets("a")[0].map(\.firstTime) == [10_800_000])  // the 1 m tier keeps 1 h only
        }
    }

    @Test func negativeZeroIsStoredAsPositiveZero() {
        for values in [[-0.0, 0.0], [0.0, -0.0]] {
            var agg = aggregator("1s:1m")
            agg.apply(values.map { RawPoint("z", 5000, $0) })
            let bucket = agg.allBuckets("z")[0][0]
            #expect([bucket.min, bucket.max, bucket.first, bucket.last, bucket.sum].allSatisfy { $0.sign == .plus })
        }
    }

    @Test func memoryPerBucketIsFortyEightBytes() {
        let fields = MemoryLayout<UInt32>.size + 5 * MemoryLayout<Double>.size + 2 * MemoryLayout<UInt16>.size
        #expect(fields == 48)
        var agg = aggregator("1s:1m")
        #expect(agg.storageBytes == 0)
        agg.apply([RawPoint("a", 0, 1)])
        #expect(agg.storageBytes == 8 * 48)  // rings start small and grow only as data spans more buckets
        agg.apply((0..<600).map { RawPoint("a", Int64($0) * 100, 1) })
        #expect(agg.storageBytes == 60 * 48)  // capped at retention / precision buckets
        // A jump past the whole retention keeps the ring small: nothing older survives it.
        var sparse = aggregator("1s:6h")
        for hour in 0..<10 { sparse.apply([RawPoint("a", Int64(hour) * 7 * 3_600_000, 1)]) }
        #expect(sparse.storageBytes == 8 * 48 && sparse.allBuckets("a")[0].count == 1)
        var coarse = aggregator("1h:1d")
        coarse.apply((0..<48).map { RawPoint("a", Int64($0) * 3_600_000, 1) })
        #expect(coarse.storageBytes == 24 * 52)  // offsets beyond 65,536 ms need 32 bits each
    }
}
