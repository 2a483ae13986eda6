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
    /// time range are a range of bucket indices, and the one bucket that straddles its end goes
    /// where its `firstTime` puts it. The ranges are then read through the pyramid level by level
    /// (`readRanges`), so the blocks are read in ascending memory order a level at a time. First
    /// and last come from the earliest and latest non-empty piece, so they are the same as
    /// above; the step samples the same buckets (`sampledStep`).
    func queryingSummary(from: EpochMillis, until: EpochMillis, width: Int) -> M4Series {
        var pieces = [RangeAccumulator](repeating: .empty, count: width)
        var ranges = [(lower: Int64, upper: Int64)](repeating: (0, 0), count: width)
        let lowest = floorDivide(from, precision)
        let highest = floorDivide(until - 1, precision)
        // The edge buckets are read only if some of their points may lie in the range.
        let first = cell(at: lowest).map { lowest * precision + Int64($0.lastOffset) < from } == true ? lowest + 1 : lowest
        let last = cell(at: highest).map { highest * precision + Int64($0.firstOffset) >= until } == true ? highest - 1 : highest
        var next = first
        for c in 0..<width where next <= last {
            let boundary = c + 1 < width ? M4Reducer.columnStart(c + 1, from: from, until: until, width: width) : until
            // Buckets ending at or before the boundary lie wholly in this column (or were the
            // straddler of its start, already placed).
            let whole = Swift.min(floorDivide(boundary, precision), last + 1)
            if whole > next {
                ranges[c] = (next, whole)
                next = whole
            }
            // The bucket straddling the boundary, if any: here when its first point is before it.
            guard next <= last, next * precision < boundary else { continue }
            guard let straddler = cell(at: next) else {
                next += 1
                continue
            }
            if next * precision + Int64(straddler.firstOffset) < boundary {
                pieces[c].add(straddler, index: next, precision: precision)
                next += 1
            }
        }
        readRanges(ranges, into: &pieces)
        var read: Int64 = 0
        var columns = [M4Column](repeating: .empty, count: width)
        for c in 0..<width where pieces[c].block.buckets > 0 {
            columns[c].absorb(pieces[c].block)
            read += pieces[c].block.buckets
        }
        let step = sampledStep(from: first, to: last + 1, count: read)
        return M4Series(from: from, until: until, columns: columns, step: step)
    }

    /// Adds to `pieces[c]` the buckets of `ranges[c]` the ring holds (ascending, disjoint
    /// ranges). Each range is split as a segment tree splits it: at every level the blocks that
    /// fit in it and not in a block of the level above, single buckets below 32-aligned edges, the
    /// open bucket last. All columns are read one level at a time, finest last: each level's
    /// blocks are then read in ascending order, which the hardware prefetches, where reading
    /// column by column jumped between levels and missed the cache on nearly every block.
    func readRanges(_ ranges: [(lower: Int64, upper: Int64)], into pieces: inout [RangeAccumulator]) {
        guard head >= 0 else { return }
        let base = SummaryPyramid.baseShift
        let top = summary.levels.count - 1
        // Clip to the closed buckets; the open bucket is read as a single piece.
        var closed = ranges
        for c in closed.indices {
            let (lower, upper) = (Swift.max(ranges[c].lower, tail), ranges[c].upper)
            if lower <= head && upper > head && !open.isEmpty { pieces[c].add(open, index: head, precision: precision) }
            closed[c] = (lower, Swift.min(upper, head))
        }
        // Blocks at `shift` that lie in [lower, upper): [⌈lower / 2^shift⌉, ⌊upper / 2^shift⌋).
        func blocks(_ range: (lower: Int64, upper: Int64), _ shift: Int) -> (Int64, Int64) {
            guard range.upper > range.lower else { return (0, 0) }
            return ((range.lower + (Int64(1) << shift) - 1) >> shift, range.upper >> shift)
        }
        if top >= 0 {
            for level in stride(from: top, through: 0, by: -1) {
                let shift = base + level
                for c in closed.indices {
                    let (a, b) = blocks(closed[c], shift)
                    guard a < b else { continue }
                    let (parentA, parentB) = level == top ? (0, 0) : blocks(closed[c], shift + 1)
                    if parentA < parentB {
                        // Left of the parents' blocks, then right of them: at most one each.
                        for j in a..<(2 * parentA) { pieces[c].add(summary.block(level: level, j), from: j << shift, to: (j + 1) << shift) }
                        for j in (2 * parentB)..<b { pieces[c].add(summary.block(level: level, j), from: j << shift, to: (j + 1) << shift) }
                    } else {
                        for j in a..<b { pieces[c].add(summary.block(level: level, j), from: j << shift, to: (j + 1) << shift) }
                    }
                }
            }
        }
        // Single buckets outside the finest blocks (all of a range shorter than one).
        for c in closed.indices {
            let range = closed[c]
            guard range.upper > range.lower else { continue }
            let (a, b) = top >= 0 ? blocks(range, base) : (0, 0)
            if a < b {
                readSingles(range.lower, a << base, into: &pieces[c])
                readSingles(b << base, range.upper, into: &pieces[c])
            } else {
                readSingles(range.lower, range.upper, into: &pieces[c])
            }
        }
    }

    /// Adds the non-empty closed buckets in `lower..<upper` one by one.
    private func readSingles(_ lower: Int64, _ upper: Int64, into piece: inout RangeAccumulator) {
        guard upper > lower else { return }
        var s = slot(lower)
        for i in lower..<upper {
            if columns.count(at: s) > 0 { piece.add(columns.cell(at: s), index: i, precision: precision) }
            s = wrapped(s + 1)
        }
    }
}

/// One column's pieces, merged in any order: count, sum, min and max commute, and first and
/// last are taken from the piece that starts earliest and the one that ends latest.
struct RangeAccumulator {
    var block = SummaryBlock.empty
    var firstIndex = Int64.max
    var lastIndex = Int64.min

    static let empty = RangeAccumulator()

    /// Adds a run of buckets covering the indices `lower..<upper`.
    @inline(__always)
    mutating func add(_ piece: SummaryBlock, from lower: Int64, to upper: Int64) {
        guard piece.buckets > 0 else { return }
        guard block.buckets > 0 else {
            block = piece
            (firstIndex, lastIndex) = (lower, upper)
            return
        }
        block.count += piece.count
        block.buckets += piece.buckets
        block.sum += piece.sum
        if piece.min < block.min { block.min = piece.min }
        if piece.max > block.max { block.max = piece.max }
        if lower < firstIndex {
            (block.first, block.firstTime, firstIndex) = (piece.first, piece.firstTime, lower)
        }
        if upper > lastIndex {
            (block.last, block.lastTime, lastIndex) = (piece.last, piece.lastTime, upper)
        }
    }

    /// Adds the bucket `index`.
    @inline(__always)
    mutating func add(_ cell: BucketCell, index: Int64, precision: Int64) {
        var piece = SummaryBlock.empty
        piece.append(cell, start: index * precision)
        add(piece, from: index, to: index + 1)
    }
}
