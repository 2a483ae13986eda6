extension Aggregator {
    /// Bucket slots a query of tier `tier` over `[from, until)` visits at most: the range's
    /// overlap with what the ring holds, in buckets (`Aggregator.query` costs about this many
    /// bucket reads). O(1): no bucket is read to know it.
    ///
    /// With `width`, a query the summary pyramid answers costs what it reads from it instead:
    /// per column up to 2 × 32 single buckets and 2 blocks a level.
    public func readCost(_ id: SeriesID, tier: Int, from: EpochMillis, until: EpochMillis, width: Int? = nil) -> Int {
        let ring = rings[ringRange(id).lowerBound + tier]
        guard !ring.isEmpty, until > from else { return 0 }
        let oldest = Swift.max(ring.tail, ring.firstRetainedIndex ?? ring.tail)
        let first = Swift.max(from / ring.precision, oldest)
        let last = Swift.min((until - 1) / ring.precision, ring.head)
        let slots = last < first ? 0 : Int(Swift.min(last - first + 1, ring.maxBuckets))
        if let width, ring.readsSummary(from: from, until: until, width: width) {
            return Swift.min(slots, width * (2 << SummaryPyramid.baseShift + 2 * ring.summary.levels.count))
        }
        return slots
    }

    /// A render's read plan: the tier per series and the buckets it reads in all.
    public struct ReadPlan: Sendable, Equatable {
        public var tiers: [Int]
        public var cost: Int
        /// Indices (into the ids given) of the series moved to a coarser tier than `tierIndex`
        /// picks, to fit the budget.
        public var coarsened: Set<Int>
    }

    /// The tiers to read `ids` over `[from, until)` at `width` columns within `budget` bucket
    /// reads: each series starts at the tier `tierIndex(for:from:until:width:)` picks; while the
    /// total is over the budget, the series costing most moves to its next coarser tier. nil
    /// when even that cannot fit (every over-budget series is at its coarsest tier), so the
    /// caller refuses instead of starting a render that would hold a worker for seconds.
    public func readPlan(_ ids: [SeriesID], from: EpochMillis, until: EpochMillis, width: Int, budget: Int) -> ReadPlan? {
        var chosen = ids.map { tierIndex(for: $0, from: from, until: until, width: width) }
        var costs = zip(ids, chosen).map { readCost($0, tier: $1, from: from, until: until, width: width) }
        var total = costs.reduce(0, +)
        var coarsened = Set<Int>()
        while total > budget {
            // The costliest series that still has a coarser tier.
            var pick: Int?
            for i in ids.indices where chosen[i] + 1 < tiers(of: ids[i]).count {
                if pick == nil || costs[i] > costs[pick!] { pick = i }
            }
            guard let i = pick else { return nil }
            chosen[i] += 1
            let cost = readCost(ids[i], tier: chosen[i], from: from, until: until, width: width)
            total += cost - costs[i]
            costs[i] = cost
            coarsened.insert(i)
        }
        return ReadPlan(tiers: chosen, cost: total, coarsened: coarsened)
    }
}
