/// The aggregates of a run of consecutive buckets: one block of a tier's summary pyramid, or a
/// range of buckets read through it. Merged strictly in bucket order, so `first` is the first of
/// the earliest non-empty bucket and `last` the last of the latest, exactly as the buckets say.
struct SummaryBlock: Sendable, Equatable {
    /// Points under the run (the sum of the buckets' counts).
    var count: Int64
    /// Non-empty buckets under the run: ranks buckets for the step sampling of a query.
    var buckets: Int64
    var sum: Double
    var min: Double
    var max: Double
    var first: Double
    var last: Double
    var firstTime: EpochMillis
    var lastTime: EpochMillis

    static let empty = SummaryBlock(
        count: 0, buckets: 0, sum: 0, min: .infinity, max: -.infinity, first: 0, last: 0, firstTime: 0, lastTime: 0)

    var isEmpty: Bool { buckets == 0 }

    /// Merges the bucket `cell` starting at `start`, which comes after everything merged so far.
    @inline(__always)
    mutating func append(_ cell: BucketCell, start: EpochMillis) {
        guard cell.count > 0 else { return }
        let firstTime = start + Int64(cell.firstOffset)
        let lastTime = start + Int64(cell.lastOffset)
        if buckets == 0 {
            self = SummaryBlock(
                count: Int64(cell.count), buckets: 1, sum: cell.sum, min: cell.min, max: cell.max,
                first: cell.first, last: cell.last, firstTime: firstTime, lastTime: lastTime)
            return
        }
        count += Int64(cell.count)
        buckets += 1
        sum += cell.sum
        if cell.min < min { min = cell.min }
        if cell.max > max { max = cell.max }
        last = cell.last
        self.lastTime = lastTime
    }

    /// Merges a run that comes after everything merged so far.
    @inline(__always)
    mutating func append(_ block: SummaryBlock) {
        guard block.buckets > 0 else { return }
        if buckets == 0 {
            self = block
            return
        }
        count += block.count
        buckets += block.buckets
        sum += block.sum
        if block.min < min { min = block.min }
        if block.max > max { max = block.max }
        last = block.last
        lastTime = block.lastTime
    }
}

extension M4Column {
    /// Merges a run of buckets that comes after everything already merged into this column
    /// (the same arithmetic as absorbing its buckets one by one, the sum aside: it is added
    /// block by block).
    mutating func absorb(_ block: SummaryBlock) {
        guard block.buckets > 0 else { return }
        if count == 0 {
            self = M4Column(
                count: Int(block.count), min: block.min, max: block.max, first: block.first,
                last: block.last, sum: block.sum, firstTime: block.firstTime, lastTime: block.lastTime)
            return
        }
        count += Int(block.count)
        sum += block.sum
        min = Swift.min(min, block.min)
        max = Swift.max(max, block.max)
        last = block.last
        lastTime = block.lastTime
    }
}
