extension TierRing {
    /// First bucket index the tier still keeps, judged from its newest bucket (nil when empty).
    var firstRetainedIndex: Int64? { head < 0 ? nil : Swift.max(0, head - maxBuckets + 1) }

    /// The non-empty bucket at `index`, if the ring holds one.
    func cell(at index: Int64) -> BucketCell? {
        guard head >= 0, index >= tail, index <= head else { return nil }
        if index == head { return open.isEmpty ? nil : open }
        let s = slot(index)
        return columns.count(at: s) == 0 ? nil : columns.cell(at: s)
    }

    /// Calls `body` with each non-empty bucket whose index lies in `lower...upper`, in order.
    func forEachBucket(from lower: Int64, through upper: Int64, _ body: (Int64, BucketCell) -> Void) {
        guard head >= 0 else { return }
        var i = Swift.max(lower, tail)
        let last = Swift.min(upper, head)
        guard i <= last else { return }
        var s = slot(i)
        while i <= last {
            if i == head {
                if !open.isEmpty { body(i, open) }
            } else if columns.count(at: s) > 0 {
                body(i, columns.cell(at: s))
            }
            s += 1
            if s == columns.capacity { s = 0 }
            i += 1
        }
    }

    /// Calls `body` with every non-empty bucket, oldest first.
    func forEachBucket(_ body: (Int64, BucketCell) -> Void) {
        forEachBucket(from: tail, through: head, body)
    }
}
