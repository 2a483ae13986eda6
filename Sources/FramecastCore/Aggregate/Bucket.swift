/// One stored bucket of a tier, as returned by `Aggregator.buckets`: aggregates of the points
/// whose time lies in `[start, start + precision)`.
public struct Bucket: Sendable, Equatable, CustomStringConvertible {
    /// Start of the bucket (a multiple of the tier's precision).
    public let start: EpochMillis
    /// Points in the bucket (saturates at `UInt32.max`).
    public let count: UInt32
    /// Sum of the values (a plain floating-point sum; see `Aggregator` on its rounding).
    public let sum: Double
    /// Smallest value.
    public let min: Double
    /// Largest value.
    public let max: Double
    /// Value at `firstTime`; among points at that same millisecond, the smallest value.
    public let first: Double
    /// Value at `lastTime`; among points at that same millisecond, the largest value.
    public let last: Double
    /// Time of the earliest point in the bucket.
    public let firstTime: EpochMillis
    /// Time of the latest point in the bucket.
    public let lastTime: EpochMillis

    public init(
        start: EpochMillis, count: UInt32, sum: Double, min: Double, max: Double, first: Double,
        last: Double, firstTime: EpochMillis, lastTime: EpochMillis
    ) {
        self.start = start
        self.count = count
        self.sum = sum
        self.min = min
        self.max = max
        self.first = first
        self.last = last
        self.firstTime = firstTime
        self.lastTime = lastTime
    }

    init(start: EpochMillis, cell: BucketCell) {
        self.init(
            start: start, count: cell.count, sum: cell.sum, min: cell.min, max: cell.max,
            first: cell.first, last: cell.last,
            firstTime: start + Int64(cell.firstOffset), lastTime: start + Int64(cell.lastOffset))
    }

    /// `sum / count`.
    public var average: Double { sum / Double(count) }

    public var description: String {
        "[\(start)] n=\(count) sum=\(sum) min=\(min) max=\(max) first=\(first)@\(firstTime) last=\(last)@\(lastTime)"
    }
}
