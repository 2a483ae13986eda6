extension TierRing {
    /// Above this many buckets per column a query reads the pyramid: it reads up to about
    /// 2 × 31 single buckets and 2 × log2(n) blocks per column.
    static let bucketsPerColumnForSummary: Int64 = 64

    /// Whether a query over `[from, until)` at `width` columns reads the summary pyramid.
    func readsSummary(from: EpochMillis, until: EpochMillis, width: Int) -> Bool {
        guard !summary.isEmpty else { return false }
        let buckets = floorDivide(until - 1, precision) - floorDivide(from, precision) + 1
        let (limit, overflow) = Int64(width).multipliedReportingOverflow(by: Self.bucketsPerColumnForSummary)
        return !overflow && buckets > limit
    }

    /// `Aggregator.query` over this ring, reading every bucket in the range.
    ///
    /// A bucket is read when some of its points may lie in the range (`lastTime ≥ from` and
    /// `firstTime < until`) and goes whole to the column holding its `firstTime` (clamped to
    /// `from`).
    func queryingBuckets(from: EpochMillis, until: EpochMillis, width: Int) -> M4Series {
        var columns = [M4Column](repeating: .empty, count: width)
        var firstTimes: [EpochMillis] = []
        forEachBucket(from: floorDivide(from, precision), through: floorDivide(until - 1, precision)) { index, cell in
            let bucket = Bucket(start: index * precision, cell: cell)
            guard bucket.lastTime >= from, bucket.firstTime < until else { return }
            let time = Swift.max(bucket.firstTime, from)
            let c = M4Reducer.firstColumn(time, from: from, until: until, width: width)
            columns[c].absorb(bucket)
            firstTimes.append(bucket.firstTime)
        }
        let step = medianStep(count: Int64(firstTimes.count)) { firstTimes[Int($0)] }
        return M4Series(from: from, until: until, columns: columns, step: step)
    }

    /// The same columns through the summary pyramid: per column, the buckets wholly inside its
    /// time range are one `summary(from:to:)` read, and the one bucket that straddles its end
    /// goes where its `firstTime` puts it. Buckets are merged in index order, so first and last
    /// are the same as above; the step samples the same buckets (`sampledStep`).
    func queryingSummary(from: EpochMillis, until: EpochMillis, width: Int) -> M4Series {
        var columns = [M4Column](repeating: .empty, count: width)
        let lowest = floorDivide(from, precision)
        let highest = floorDivide(until - 1, precision)
        // The edge buckets are read only if some of their points may lie in the range.
        let first = cell(at: lowest).map { lowest * precision + Int64($0.lastOffset) < from } == true ? lowest + 1 : lowest
        let last = cell(at: highest).map { highest * precision + Int64($0.firstOffset) >= until } == true ? highest - 1 : highest
        var next = first
        var read: Int64 = 0
        for c in 0..<width where next <= last {
            let boundary = c + 1 < width ? M4Reducer.columnStart(c + 1, from: from, until: until, width: width) : until
            // Buckets ending at or before the boundary lie wholly in this column (or were the
            // straddler of its start, already placed).
            let whole = Swift.min(floorDivide(boundary, precision), last + 1)
            if whole > next {
                let block = summary(from: next, to: whole)
                columns[c].absorb(block)
                read += block.buckets
                next = whole
            }
            // The bucket straddling the boundary, if any: here when its first point is before it.
            guard next <= last, next * precision < boundary else { continue }
            guard let straddler = cell(at: next) else {
                next += 1
                continue
            }
            let start = next * precision
            if start + Int64(straddler.firstOffset) < boundary {
                columns[c].absorb(Bucket(start: start, cell: straddler))
                read += 1
                next += 1
            }
        }
        let step = sampledStep(from: first, to: last + 1, count: read)
        return M4Series(from: from, until: until, columns: columns, step: step)
    }
}
