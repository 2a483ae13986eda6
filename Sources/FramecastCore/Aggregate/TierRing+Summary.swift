extension TierRing {
    /// Rebuilds the pyramid for the current capacity: every block within `[tail, head)`.
    mutating func rebuildSummary() {
        summary = SummaryPyramid(capacity: columns.capacity)
        guard head > tail else { return }
        buildBlocks(lastBucketFrom: tail, through: head - 1)
    }

    /// Builds the blocks whose last bucket lies in `lower...upper` and whose first is at or
    /// after `tail`, finest level first (a block is the merge of its two children).
    ///
    /// On the ingest path (`advance`): when one bucket closes, only the blocks it ends are
    /// built, and it ends one in 32 (no block at all for the other 31: two instructions).
    mutating func buildBlocks(lastBucketFrom lower: Int64, through upper: Int64) {
        guard upper >= lower, !summary.isEmpty else { return }
        if lower == upper {
            let ends = (upper + 1).trailingZeroBitCount
            guard ends >= SummaryPyramid.baseShift else { return }
            for level in 0...Swift.min(ends - SummaryPyramid.baseShift, summary.levels.count - 1) {
                let shift = SummaryPyramid.baseShift + level
                let j = upper >> shift
                guard j << shift >= tail else { return }
                summary.set(level: level, j, makeBlock(level: level, j))
            }
            return
        }
        let tail = tail
        buildBlocks { shift in
            // Block j ends at (j + 1) · 2^shift − 1; indices are ≥ 0, so shifts divide.
            let size = Int64(1) << shift
            return (Swift.max(((lower + size) >> shift) - 1, (tail + size - 1) >> shift), ((upper + 1) >> shift) - 1)
        }
    }

    /// Builds the blocks whose first bucket lies in `lower..<upper` and whose last is before `head`.
    mutating func buildBlocks(firstBucketFrom lower: Int64, before upper: Int64) {
        guard upper > lower else { return }
        let head = head
        buildBlocks { shift in
            let size = Int64(1) << shift
            return ((lower + size - 1) >> shift, Swift.min((upper - 1) >> shift, (head >> shift) - 1))
        }
    }

    /// Builds, level by level from the finest, the blocks `first...last` that `range` gives for
    /// the level's block shift.
    private mutating func buildBlocks(_ range: (_ shift: Int) -> (first: Int64, last: Int64)) {
        for level in summary.levels.indices {
            let (first, last) = range(SummaryPyramid.baseShift + level)
            guard first <= last else { continue }
            for j in first...last { summary.set(level: level, j, makeBlock(level: level, j)) }
        }
    }

    /// Block `j` of `level` from what is below it: the buckets, or the two child blocks.
    func makeBlock(level: Int, _ j: Int64) -> SummaryBlock {
        var block = SummaryBlock.empty
        if level == 0 {
            let size = Int64(1) << SummaryPyramid.baseShift
            var s = slot(j * size)
            var start = j * size * precision
            for _ in 0..<size {
                if columns.count(at: s) > 0 { block.append(columns.cell(at: s), start: start) }
                s += 1
                if s == columns.capacity { s = 0 }
                start += precision
            }
        } else {
            block = summary.block(level: level - 1, 2 * j)
            block.append(summary.block(level: level - 1, 2 * j + 1))
        }
        return block
    }

    /// Brings the blocks holding the closed bucket `index` up to date after it changed.
    mutating func refreshBlocks(containing index: Int64) {
        for level in summary.levels.indices {
            let shift = SummaryPyramid.baseShift + level
            let j = index >> shift
            guard (j + 1) << shift - 1 < head else { return }
            guard j << shift >= tail else { continue }
            summary.set(level: level, j, makeBlock(level: level, j))
        }
    }

    /// Index of the non-empty bucket of rank `rank` (0 is the first) among those with index in
    /// `lower..<upper`; nil when there are not that many.
    func nonEmptyBucket(rank: Int64, from lower: Int64, to upper: Int64) -> Int64? {
        var remaining = rank
        var found: Int64?
        forEachPiece(from: lower, to: upper) { piece in
            if remaining >= piece.block.buckets {
                remaining -= piece.block.buckets
                return true
            }
            found = descend(level: piece.level, piece.index, rank: remaining)
            return false
        }
        return found
    }

    /// `medianStep` of the first times of the `count` non-empty buckets in `lower..<upper`, in
    /// one sweep: each sampled pair is the bucket of rank `k · stride`, found by descending the
    /// pyramid from the piece that holds it, and the next non-empty bucket after it. When every
    /// bucket in the range holds points, ranks are indices and nothing is searched.
    func sampledStep(from lower: Int64, to upper: Int64, count: Int64) -> Int64 {
        guard count >= 2 else { return 0 }
        let stride = Swift.max(1, (count - 1) / 256)
        var steps: [Int64] = []
        if count == upper - lower {
            // Every bucket in the range holds points: rank k is bucket lower + k, no search.
            var rank: Int64 = 0
            while rank + 1 < count {
                steps.append(firstTime(lower + rank + 1) - firstTime(lower + rank))
                rank += stride
            }
            steps.sort()
            return steps[steps.count / 2]
        }
        var wanted: Int64 = 0
        var base: Int64 = 0
        forEachPiece(from: lower, to: upper) { piece in
            while wanted + 1 < count && wanted < base + piece.block.buckets {
                let index = descend(level: piece.level, piece.index, rank: wanted - base)
                let next = nextNonEmptyBucket(after: index, before: upper) ?? index
                steps.append(firstTime(next) - firstTime(index))
                wanted += stride
            }
            base += piece.block.buckets
            return wanted + 1 < count
        }
        steps.sort()
        return steps.isEmpty ? 0 : steps[steps.count / 2]
    }

    /// The first non-empty bucket after `index` and before `upper`: a short scan, then the
    /// pyramid when the gap is long.
    private func nextNonEmptyBucket(after index: Int64, before upper: Int64) -> Int64? {
        var i = index + 1
        let scanEnd = Swift.min(upper, head, index + 65)
        guard i < scanEnd else { return nonEmptyBucket(rank: 0, from: i, to: upper) }
        var s = slot(i)
        while i < scanEnd {
            if columns.count(at: s) > 0 { return i }
            i += 1
            s = wrapped(s + 1)
        }
        return nonEmptyBucket(rank: 0, from: i, to: upper)
    }

    /// The first point's time of the non-empty bucket `index`.
    private func firstTime(_ index: Int64) -> EpochMillis {
        index * precision + Int64(cell(at: index)?.firstOffset ?? 0)
    }

    /// Within block `j` of `level` (or the single bucket `j` when `level` is nil), the index of
    /// the non-empty bucket of rank `rank`.
    private func descend(level: Int?, _ j: Int64, rank: Int64) -> Int64 {
        guard var level else { return j }
        var j = j
        var rank = rank
        while level > 0 {
            let left = summary.block(level: level - 1, 2 * j)
            if rank < left.buckets {
                j = 2 * j
            } else {
                rank -= left.buckets
                j = 2 * j + 1
            }
            level -= 1
        }
        var i = j << SummaryPyramid.baseShift
        var s = slot(i)
        while true {
            if columns.count(at: s) > 0 {
                if rank == 0 { return i }
                rank -= 1
            }
            i += 1
            s = wrapped(s + 1)
        }
    }

    /// A run of buckets read at once: a pyramid block (`level`, block `index`) or one bucket
    /// (`level` nil, bucket `index`).
    struct SummaryPiece {
        let level: Int?
        let index: Int64
        let block: SummaryBlock
    }

    /// Calls `body` with the pieces covering the buckets in `lower..<upper` the ring holds, in
    /// order, until it returns false: single buckets up to the first 32-aligned index, then the
    /// largest aligned blocks that fit, then single buckets, and the open bucket last.
    func forEachPiece(from lower: Int64, to upper: Int64, _ body: (SummaryPiece) -> Bool) {
        guard head >= 0 else { return }
        var i = Swift.max(lower, tail)
        let end = Swift.min(upper, head + 1)
        guard i < end else { return }
        let closedEnd = Swift.min(end, head)
        let top = summary.topShift
        while i < closedEnd {
            let room = closedEnd - i
            var shift = Swift.min(i == 0 ? 63 : i.trailingZeroBitCount, 63 - room.leadingZeroBitCount)
            shift = Swift.min(shift, top)
            if shift >= SummaryPyramid.baseShift {
                let level = shift - SummaryPyramid.baseShift
                let piece = SummaryPiece(level: level, index: i >> shift, block: summary.block(level: level, i >> shift))
                guard body(piece) else { return }
                i += Int64(1) << shift
            } else {
                // Single buckets up to the next aligned index (or the end): one slot division.
                let alignment = Int64(1) << SummaryPyramid.baseShift
                let runEnd = Swift.min(closedEnd, (i | (alignment - 1)) + 1)
                var s = slot(i)
                while i < runEnd {
                    if columns.count(at: s) > 0 {
                        var block = SummaryBlock.empty
                        block.append(columns.cell(at: s), start: i * precision)
                        guard body(SummaryPiece(level: nil, index: i, block: block)) else { return }
                    }
                    i += 1
                    s = wrapped(s + 1)
                }
            }
        }
        if end > head && !open.isEmpty {
            var block = SummaryBlock.empty
            block.append(open, start: openStart)
            _ = body(SummaryPiece(level: nil, index: head, block: block))
        }
    }
}
