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
    public func query(_ id: SeriesID, from: EpochMillis, until: EpochMillis, width: Int, tier: Int? = nil) -> M4Series {
        precondition(width > 0 && until > from, "a query needs a positive width and from < until")
        let range = ringRange(id)
        let k = tier ?? tierIndex(for: id, from: from, until: until, width: width)
        precondition(k >= 0 && k < range.count, "tier \(k) does not exist for this series")
        let ring = rings[range.lowerBound + k]
        let precision = ring.precision
        var columns = [M4Column](repeating: .empty, count: width)
        var firstTimes: [EpochMillis] = []
        ring.forEachBucket(from: floorDivide(from, precision), through: floorDivide(until - 1, precision)) { index, cell in
            let bucket = Bucket(start: index * precision, cell: cell)
            guard bucket.lastTime >= from, bucket.firstTime < until else { return }
            let time = Swift.max(bucket.firstTime, from)
            let c = M4Reducer.firstColumn(time, from: from, until: until, width: width)
            columns[c].absorb(bucket)
            firstTimes.append(bucket.firstTime)
        }
        return M4Series(from: from, until: until, columns: columns, step: medianStep(firstTimes))
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

    /// Median of sampled consecutive differences, sampled as `M4Reducer` does for raw points.
    private func medianStep(_ times: [EpochMillis]) -> Int64 {
        guard times.count >= 2 else { return 0 }
        let stride = Swift.max(1, (times.count - 1) / 256)
        var steps: [Int64] = []
        var i = 1
        while i < times.count {
            steps.append(times[i] - times[i - 1])
            i += stride
        }
        steps.sort()
        return steps[steps.count / 2]
    }
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
        if count == 0 {
            self = M4Column(
                count: Int(bucket.count), min: bucket.min, max: bucket.max, first: bucket.first,
                last: bucket.last, sum: bucket.sum, firstTime: bucket.firstTime, lastTime: bucket.lastTime)
            return
        }
        count += Int(bucket.count)
        sum += bucket.sum
        min = Swift.min(min, bucket.min)
        max = Swift.max(max, bucket.max)
        last = bucket.last
        lastTime = bucket.lastTime
    }
}
