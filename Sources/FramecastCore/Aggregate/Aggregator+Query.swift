extension Aggregator {
    /// The tiers of a series, finest first.
    public func tiers(of id: SeriesID) -> [RetentionTier] { policy(of: id).tiers }

    /// Earliest time tier `tier` of the series still keeps (its retention counted back from the
    /// series' newest bucket), nil while the series has no data.
    public func retainedSince(_ id: SeriesID, tier: Int) -> EpochMillis? {
        let ring = rings[ringRange(id).lowerBound + tier]
        return ring.firstRetainedIndex.map { $0 * ring.precision }
    }

    /// The tier a query over `[from, until)` drawn `width` columns wide reads:
    /// 1. only tiers that still keep `from` are considered ("covering" tiers);
    /// 2. among them, the coarsest whose bucket is no wider than one column
    ///    (`precision · width ≤ until − from`): fine enough for M4 per column, and the fewest
    ///    buckets to read, so the cost follows the width rather than the range;
    /// 3. if every covering tier is coarser than a column, the finest covering tier;
    /// 4. if no tier keeps `from`, the coarsest tier (it holds the most of the range).
    public func tierIndex(for id: SeriesID, from: EpochMillis, until: EpochMillis, width: Int) -> Int {
        let range = ringRange(id)
        let span = until - from
        var finestCovering: Int?
        var coarsestFineEnough: Int?
        for k in 0..<range.count {
            let ring = rings[range.lowerBound + k]
            let covers = ring.firstRetainedIndex.map { $0 * ring.precision <= from } ?? true
            guard covers else { continue }
            if finestCovering == nil { finestCovering = k }
            let (columnCost, overflow) = ring.precision.multipliedReportingOverflow(by: Int64(width))
            if !overflow && columnCost <= span { coarsestFineEnough = k }
        }
        return coarsestFineEnough ?? finestCovering ?? range.count - 1
    }

    /// The series over `[from, until)` reduced to `width` M4 columns, from tier `tier` or, when
    /// nil, the tier `tierIndex(for:from:until:width:)` picks.
    ///
    /// A bucket is read when some of its points may lie in the range (`lastTime ≥ from` and
    /// `firstTime < until`) and goes whole to the column holding its `firstTime` (clamped to
    /// `from`). Per column: count and sum add up, min/max over buckets, first/firstTime from the
    /// earliest bucket, last/lastTime from the latest. When the columns are whole multiples of
    /// the tier's buckets and aligned to them, this equals M4 over the raw points exactly.
    /// `step` is the median spacing of the read buckets' first times (0 with fewer than two).
    ///
    /// Long ranges are read through the tier's summary pyramid (`queryingSummary`), in
    /// O(width · log n) reads whatever the range; the columns are the same as from the buckets
    /// one by one (`queryingBuckets`), the sums aside, which are added block by block.
    public func query(_ id: SeriesID, from: EpochMillis, until: EpochMillis, width: Int, tier: Int? = nil) -> M4Series {
        precondition(width > 0 && until > from, "a query needs a positive width and from < until")
        let range = ringRange(id)
        let k = tier ?? tierIndex(for: id, from: from, until: until, width: width)
        precondition(k >= 0 && k < range.count, "tier \(k) does not exist for this series")
        let ring = rings[range.lowerBound + k]
        return ring.readsSummary(from: from, until: until, width: width)
            ? ring.queryingSummary(from: from, until: until, width: width)
            : ring.queryingBuckets(from: from, until: until, width: width)
    }

    /// The oldest non-empty bucket of tier `tier` at or after `from`, found without reading the
    /// buckets after it (nil when there is none).
    public func firstBucket(_ id: SeriesID, tier: Int, from: EpochMillis) -> Bucket? {
        let range = ringRange(id)
        precondition(tier >= 0 && tier < range.count, "tier \(tier) does not exist for this series")
        let ring = rings[range.lowerBound + tier]
        let lower = floorDivide(from, ring.precision)
        guard let index = ring.nonEmptyBucket(rank: 0, from: lower, to: ring.head + 1), let cell = ring.cell(at: index) else {
            return nil
        }
        return Bucket(start: index * ring.precision, cell: cell)
    }

    /// The non-empty buckets of tier `tier` whose interval overlaps `[from, until)`, oldest
    /// first: the raw rollup for JSON/CSV output.
    public func buckets(_ id: SeriesID, tier: Int, from: EpochMillis, until: EpochMillis) -> [Bucket] {
        let range = ringRange(id)
        precondition(tier >= 0 && tier < range.count, "tier \(tier) does not exist for this series")
        guard until > from else { return [] }
        let ring = rings[range.lowerBound + tier]
        var out: [Bucket] = []
        ring.forEachBucket(from: floorDivide(from, ring.precision), through: floorDivide(until - 1, ring.precision)) {
            out.append(Bucket(start: $0 * ring.precision, cell: $1))
        }
        return out
    }

}

/// Median of sampled consecutive differences of `count` ascending times (`time(i)` gives the
/// i-th), sampled as `M4Reducer` does for raw points: at most ~256 differences.
func medianStep(count: Int64, _ time: (Int64) -> EpochMillis) -> Int64 {
    guard count >= 2 else { return 0 }
    let stride = Swift.max(1, (count - 1) / 256)
    var steps: [Int64] = []
    var i: Int64 = 1
    while i < count {
        steps.append(time(i) - time(i - 1))
        i += stride
    }
    steps.sort()
    return steps[steps.count / 2]
}

/// ⌊a / b⌋ for b > 0 (Swift's `/` rounds toward zero).
@inline(__always)
func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && a < 0) ? q - 1 : q
}

extension M4Column {
    /// Merges a bucket that comes after every bucket already merged into this column.
    mutating func absorb(_ bucket: Bucket) {
        absorb(
            SummaryBlock(
                count: Int64(bucket.count), buckets: 1, sum: bucket.sum, min: bucket.min, max: bucket.max,
                first: bucket.first, last: bucket.last, firstTime: bucket.firstTime, lastTime: bucket.lastTime))
    }
}
