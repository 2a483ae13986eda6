/// The buckets of one tier of one series: a ring over the bucket indices
/// `(head − maxBuckets, head]`, where bucket `i` covers `[i · precision, (i + 1) · precision)`.
///
/// The newest bucket (`head`) is the *open* bucket, kept inline in the ring header so that the
/// common case — in-order points landing in the newest bucket — touches one or two cache lines
/// and no column. It moves into the columns when a newer bucket opens. Writing a bucket ahead of
/// `head` advances the ring, clearing the slots it passes and expiring buckets older than the
/// retention. The columns are allocated lazily and grow (doubling) only as far as the span of
/// buckets actually held, up to `maxBuckets`, so a sparse or new series costs little.
///
/// Invariants while non-empty: `head − tail < capacity`; slots of indices in `[tail, head)` hold
/// those buckets (count 0 = empty); the slot of `head` is stale (the open bucket replaces it).
struct TierRing: Sendable {
    let precision: Int64
    let maxBuckets: Int64
    /// `head · precision`; `Int64.max` while the ring is empty so the hot path never matches.
    private(set) var openStart: Int64 = .max
    /// The bucket at `head`, not yet stored in `columns`.
    private(set) var open = BucketCell.empty
    /// Index of the newest bucket; −1 while empty (times are ≥ 0, so indices are too).
    private(set) var head: Int64 = -1
    /// Oldest index whose slot may hold a bucket.
    private(set) var tail: Int64 = 0
    private(set) var columns: BucketColumns
    /// Block aggregates over the closed buckets (`TierRing+Summary.swift`), rebuilt when the
    /// columns grow, extended as buckets close, refreshed when a late point changes one.
    var summary = SummaryPyramid(capacity: 0)
    /// `slot(head)`, kept up to date so the hot path needs no division to find it.
    private(set) var headSlot = 0
    /// The reference time `prepare` saw, and the newest bucket index too old for this tier
    /// at that reference (cached: integer division is the costliest step of a new bucket).
    private var preparedReference: EpochMillis = -1
    private var tooOldIndex: Int64 = .min

    /// Smallest ring allocated on first write.
    static let initialCapacity: Int64 = 8

    init(tier: RetentionTier) {
        precision = tier.precision
        maxBuckets = Int64(tier.bucketCount)
        columns = BucketColumns(capacity: 0, narrow: tier.hasNarrowOffsets)
    }

    var isEmpty: Bool { head < 0 }

    /// Rebuilds a ring from a checkpoint: `buckets` are non-empty, ascending, in
    /// `(head − maxBuckets, head]`.
    init(tier: RetentionTier, head: Int64, buckets: [(index: Int64, cell: BucketCell)]) {
        self.init(tier: tier)
        guard head >= 0 else { return }
        self.head = head
        openStart = head * precision
        tail = buckets.first?.index ?? head
        grow(toHold: head - tail + 1, summarize: false)
        for bucket in buckets {
            if bucket.index == head { open = bucket.cell } else { columns.store(bucket.cell, at: slot(bucket.index)) }
        }
        rebuildSummary()
    }

    /// Adds a point whose series' newest accepted time (this batch included) is `reference`.
    /// Returns false, storing nothing, when the point is older than this tier keeps.
    @inline(__always)
    mutating func add(time: EpochMillis, value: Double, reference: EpochMillis) -> Bool {
        let offset = time &- openStart
        if offset >= 0 && offset < precision {
            open.add(offset: UInt32(truncatingIfNeeded: offset), value: value)
            return true
        }
        return addOutsideOpenBucket(time: time, value: value, reference: reference)
    }

    mutating func addOutsideOpenBucket(time: EpochMillis, value: Double, reference: EpochMillis) -> Bool {
        // The next bucket after the open one is by far the commonest: no division for it.
        let next = openStart &+ precision
        let index = time >= next && time < next &+ precision && head >= 0 ? head &+ 1 : time / precision
        let tooOld = reference == preparedReference ? tooOldIndex : reference / precision - maxBuckets
        if index <= tooOld { return false }
        let offset = UInt32(truncatingIfNeeded: time - index * precision)
        if index > head {
            advance(to: index)
            open = BucketCell(offset: offset, value: value)
            return true
        }
        if index < tail { extendBack(to: index) }
        columns.add(offset: offset, value: value, at: slot(index))
        refreshBlocks(containing: index)
        return true
    }

    /// Called once per batch before its points: if the batch's newest point would expire the
    /// open bucket, open the newest bucket first, so the hot path never accepts a point into a
    /// bucket that the same batch expires (the outcome must not depend on order in the batch).
    mutating func prepare(reference: EpochMillis) {
        let index = reference / precision
        preparedReference = reference
        tooOldIndex = index - maxBuckets
        if head >= 0 && head <= index - maxBuckets { advance(to: index) }
    }

    @inline(__always)
    func slot(_ index: Int64) -> Int { Int(truncatingIfNeeded: index % Int64(columns.capacity)) }

    /// A slot number below 2 · capacity brought back into the ring.
    @inline(__always)
    func wrapped(_ slot: Int) -> Int { slot >= columns.capacity ? slot - columns.capacity : slot }

    /// Makes `index` (> head) the open bucket: stores the old open bucket, expires buckets older
    /// than the retention, and clears the slots between the old head and `index`.
    mutating func advance(to index: Int64) {
        let oldHead = head
        let firstKept = index - maxBuckets + 1
        // Nothing older survives a jump past the whole retention: restart the window at `index`
        // (so a sparse series does not grow its ring to full size to hold one bucket).
        tail = oldHead < firstKept ? index : Swift.max(tail, firstKept)
        let needed = index - tail + 1
        if needed > Int64(columns.capacity) { grow(toHold: needed) }
        let capacity = columns.capacity
        // headSlot is slot(oldHead) here (grow keeps it current); step it instead of dividing.
        if oldHead >= tail { columns.store(open, at: headSlot) }
        let firstCleared = Swift.max(oldHead + 1, tail)
        if firstCleared < index {
            columns.clear(
                from: firstCleared == oldHead + 1 ? wrapped(headSlot + 1) : slot(firstCleared),
                count: Int(index - firstCleared))
        }
        let step = index &- oldHead
        headSlot = oldHead >= 0 && step < Int64(capacity) ? wrapped(headSlot + Int(step)) : slot(index)
        head = index
        openStart = index * precision
        open = .empty
        // The buckets from the old head to just before the new one are closed now.
        buildBlocks(lastBucketFrom: Swift.max(oldHead, tail), through: index - 1)
    }

    /// Lowers `tail` to `index` (still within retention), growing and clearing slots as needed.
    mutating func extendBack(to index: Int64) {
        let needed = head - index + 1
        if needed > Int64(columns.capacity) { grow(toHold: needed) }
        columns.clear(from: slot(index), count: Int(tail - index))
        let oldTail = tail
        tail = index
        // Blocks starting in the new stretch held stale slots: build them (over its cleared buckets).
        buildBlocks(firstBucketFrom: index, before: oldTail)
    }

    /// Reallocates the columns to hold at least `needed` buckets (doubling, capped at
    /// `maxBuckets`) and copies the stored buckets `[tail, head)` to their new slots.
    mutating func grow(toHold needed: Int64, summarize: Bool = true) {
        let target = Swift.min(maxBuckets, Swift.max(needed, Int64(columns.capacity) * 2, Self.initialCapacity))
        var next = BucketColumns(capacity: Int(target), narrow: columns.narrow)
        if head >= 0 && tail < head && columns.capacity > 0 {
            for i in tail..<head {
                let old = slot(i)
                if columns.count(at: old) > 0 {
                    next.store(columns.cell(at: old), at: Int(truncatingIfNeeded: i % target))
                }
            }
        }
        columns = next
        if head >= 0 { headSlot = slot(head) }
        if summarize { rebuildSummary() }
    }
}
