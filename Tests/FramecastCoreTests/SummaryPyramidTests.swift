import Testing

@testable import FramecastCore

/// The summary pyramid: every block within the ring's closed buckets equals the merge of those
/// buckets, whatever the writes did (in order, late, before the tail, past the retention), and a
/// query through it gives the columns the bucket-by-bucket query gives, for random ranges and
/// widths. Values are integers, so sums are exact in any order and columns compare with ==.
@Suite struct SummaryPyramidTests {
    /// Writes to one ring the way `Aggregator.apply` does: `prepare` with the batch's newest
    /// time, then each point.
    struct Writer {
        var ring: TierRing
        var reference: EpochMillis = -1
        var rng: SplitMix64

        init(precision: Int64, buckets: Int64, seed: UInt64) {
            ring = TierRing(tier: RetentionTier(precision: precision, retention: precision * buckets))
            rng = SplitMix64(seed: seed)
        }

        mutating func write(_ points: [(EpochMillis, Double)]) {
            reference = Swift.max(reference, points.map(\.0).max() ?? reference)
            ring.prepare(reference: reference)
            for (time, value) in points { _ = ring.add(time: time, value: value, reference: reference) }
        }

        mutating func value() -> Double { Double(Int(rng.next() % 2001) - 1000) }

        /// `count` batches of up to 20 points moving forward from the newest time, with gaps,
        /// equal times, and now and then points from the past.
        mutating func run(batches count: Int, startingAt start: EpochMillis) {
            var t = Swift.max(start, reference)
            for _ in 0..<count {
                var points: [(EpochMillis, Double)] = []
                for _ in 0..<(1 + Int(rng.next() % 20)) {
                    switch rng.next() % 100 {
                    case 0..<3: t += Int64(rng.next() % UInt64(ring.precision * 400))  // a gap
                    case 3..<8:  // late: anywhere in the retention, or a little before it
                        let back = Int64(rng.next() % UInt64(ring.precision * (ring.maxBuckets + 8)))
                        points.append((Swift.max(0, t - back), value()))
                        continue
                    default: t += Int64(rng.next() % UInt64(ring.precision * 2))
                    }
                    points.append((t, value()))
                }
                write(points)
            }
        }
    }

    /// Every block whose buckets lie in `[tail, head)` is the merge of those buckets.
    static func expectBlocksMatchBuckets(_ ring: TierRing, _ context: String) {
        for level in ring.summary.levels.indices {
            let size = Int64(1) << (SummaryPyramid.baseShift + level)
            var j = (ring.tail + size - 1) / size
            while (j + 1) * size - 1 < ring.head {
                var merged = SummaryBlock.empty
                ring.forEachBucket(from: j * size, through: (j + 1) * size - 1) { index, cell in
                    merged.append(cell, start: index * ring.precision)
                }
                let block = ring.summary.block(level: level, j)
                guard block == merged else {
                    Issue.record("\(context): level \(level) block \(j): \(block) != \(merged)")
                    return
                }
                j += 1
            }
        }
    }

    /// Random ranges (inside, across and beyond what the ring holds) at random widths.
    static func expectQueriesMatch(_ ring: TierRing, seed: UInt64, _ context: String) {
        var rng = SplitMix64(seed: seed)
        guard ring.head >= 0 else { return }
        let low = ring.tail * ring.precision
        let high = (ring.head + 1) * ring.precision
        let span = UInt64(high - low + ring.precision * 40)
        var summarized = 0
        for round in 0..<60 {
            let a = low - 20 * ring.precision + Int64(rng.next() % span)
            let b = low - 20 * ring.precision + Int64(rng.next() % span)
            let from = Swift.min(a, b)
            let until = Swift.max(a, b) + 1 + Int64(rng.next() % 3)
            let width = 1 + Int(rng.next() % UInt64(round % 3 == 0 ? 7 : 900))
            let byBuckets = ring.queryingBuckets(from: from, until: until, width: width)
            let bySummary = ring.queryingSummary(from: from, until: until, width: width)
            if ring.readsSummary(from: from, until: until, width: width) { summarized += 1 }
            #expect(bySummary == byBuckets, "\(context): [\(from), \(until)) at \(width) columns")
        }
        // Not only ranges the bucket path would serve.
        #expect(summarized > 0 || ring.summary.isEmpty, "\(context): no range read the pyramid")
    }

    @Test(arguments: [1 as UInt64, 2, 3, 4, 5, 6])
    func blocksAndQueriesMatchTheBuckets(seed: UInt64) {
        // 1 s buckets kept 4,096 deep: the ring wraps several times over the run.
        var writer = Writer(precision: 1_000, buckets: 4_096, seed: seed)
        for phase in 0..<6 {
            writer.run(batches: 700, startingAt: 1_700_000_000_000)
            Self.expectBlocksMatchBuckets(writer.ring, "seed \(seed) phase \(phase)")
            Self.expectQueriesMatch(writer.ring, seed: seed &* 31 &+ UInt64(phase), "seed \(seed) phase \(phase)")
        }
        // A jump past the whole retention restarts the ring; the pyramid follows.
        writer.write([(writer.reference + 1_000 * 10_000, 7)])
        writer.run(batches: 300, startingAt: writer.reference)
        Self.expectBlocksMatchBuckets(writer.ring, "seed \(seed) after a jump")
        Self.expectQueriesMatch(writer.ring, seed: seed, "seed \(seed) after a jump")
    }

    /// One late point far before the tail of a ring that restarted after a jump: the blocks of
    /// the stretch it opens held slots of blocks from before the jump.
    @Test func aLatePointBeforeTheTailAfterAJump() {
        var writer = Writer(precision: 1_000, buckets: 4_096, seed: 12)
        writer.run(batches: 2_000, startingAt: 1_700_000_000_000)
        let jump = writer.reference + 1_000 * 10_000
        writer.write((0..<3_000).map { (jump + Int64($0) * 1_000, Double($0 % 17)) })
        let tail = writer.ring.tail
        writer.write([(jump - 1_000 * 1_000, 5)])
        #expect(writer.ring.tail < tail - 900)
        Self.expectBlocksMatchBuckets(writer.ring, "late point before the tail")
        Self.expectQueriesMatch(writer.ring, seed: 13, "late point before the tail")
    }

    /// Every bucket holds points (the step's ranks are indices, no search), with jittered times.
    @Test func denseRingsWithoutEmptyBuckets() {
        var writer = Writer(precision: 1_000, buckets: 20_000, seed: 21)
        let start: EpochMillis = 1_700_000_000_000
        for chunk in 0..<30 {
            writer.write(
                (0..<1_000).map { k in
                    let second = Int64(chunk * 1_000 + k)
                    return (start + second * 1_000 + Int64(writer.rng.next() % 1_000), Double(second % 91))
                })
        }
        Self.expectBlocksMatchBuckets(writer.ring, "dense")
        Self.expectQueriesMatch(writer.ring, seed: 22, "dense")
    }

    @Test func coarseWideTiersAndSparseData() {
        // Ten-minute buckets (wide offsets), written one point every few buckets.
        var writer = Writer(precision: 600_000, buckets: 2_000, seed: 9)
        var points: [(EpochMillis, Double)] = []
        var t: EpochMillis = 1_600_000_000_000
        for _ in 0..<3_000 {
            t += Int64(writer.rng.next() % 2_400_000)
            points.append((t, writer.value()))
        }
        for chunk in stride(from: 0, to: points.count, by: 50) { writer.write(Array(points[chunk..<min(chunk + 50, points.count)])) }
        Self.expectBlocksMatchBuckets(writer.ring, "sparse")
        Self.expectQueriesMatch(writer.ring, seed: 10, "sparse")
    }

    @Test func aRestoredRingHasTheSamePyramid() {
        var writer = Writer(precision: 1_000, buckets: 3_000, seed: 77)
        writer.run(batches: 2_000, startingAt: 1_700_000_000_000)
        var buckets: [(index: Int64, cell: BucketCell)] = []
        writer.ring.forEachBucket { buckets.append(($0, $1)) }
        let tier = RetentionTier(precision: 1_000, retention: 3_000_000)
        let restored = TierRing(tier: tier, head: writer.ring.head, buckets: buckets)
        Self.expectBlocksMatchBuckets(restored, "restored")
        Self.expectQueriesMatch(restored, seed: 78, "restored")
        #expect(
            restored.queryingSummary(from: restored.tail * 1_000, until: (restored.head + 1) * 1_000, width: 40)
                == writer.ring.queryingSummary(from: restored.tail * 1_000, until: (restored.head + 1) * 1_000, width: 40))
    }

    /// Through the public query: a 1 s tier of a million points at 800 columns reads the
    /// pyramid and gives the bucket path's columns; a non-integer sum differs only in rounding.
    @Test func aMillionPointQueryThroughTheAggregator() throws {
        var aggregator = Aggregator(policy: try RetentionPolicy("1s:30d"))
        var batch = aggregator.makeBatch()
        var rng = SplitMix64(seed: 5)
        let start: EpochMillis = 1_700_000_000_000
        let series = batch.interner.intern(SeriesKey(name: "m"))
        for s in 0..<1_000_000 where rng.next() % 50 != 0 {
            batch.append(series: series, time: start + Int64(s) * 1_000 + Int64(rng.next() % 1_000), value: Double(rng.next() % 1_000) / 7)
        }
        _ = aggregator.apply(batch, now: start + 1_000_000_000)
        let id = try #require(aggregator.id(of: SeriesKey(name: "m")))
        let ring = aggregator.rings[aggregator.ringRange(id).lowerBound]
        let from = start + 12_345
        let until = start + 999_000_777
        #expect(ring.readsSummary(from: from, until: until, width: 800))
        let fast = aggregator.query(id, from: from, until: until, width: 800)
        let slow = ring.queryingBuckets(from: from, until: until, width: 800)
        #expect(fast.step == slow.step && fast.columns.count == slow.columns.count)
        for (a, b) in zip(fast.columns, slow.columns) {
            #expect(a.count == b.count && a.min == b.min && a.max == b.max && a.first == b.first && a.last == b.last)
            #expect(a.firstTime == b.firstTime && a.lastTime == b.lastTime)
            #expect(abs(a.sum - b.sum) <= 1e-9 * abs(b.sum))
        }
    }
}
