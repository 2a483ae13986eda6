/// The aggregates of one bucket while it is updated: times are offsets from the bucket's start.
///
/// Order independence: count, min and max are commutative; `first` is the value at the earliest
/// offset and `last` the value at the latest, with this TIE RULE for points at the same
/// millisecond: `first` takes the smallest of their values and `last` the largest. Values are
/// never NaN (rejected at ingest) and −0.0 is stored as +0.0, so `<` is a total order and every
/// field except `sum` is a pure function of the multiset of (time, value) points, whatever their
/// arrival order. `sum` is a plain floating-point sum, which is exact (hence order-independent)
/// for integers and dyadic fractions below 2⁵³ but may differ in the last bits otherwise.
struct BucketCell: Sendable, Equatable {
    /// Points in the bucket; saturates at `UInt32.max` (then `sum / count` is approximate).
    var count: UInt32
    var firstOffset: UInt32
    var lastOffset: UInt32
    var sum: Double
    var min: Double
    var max: Double
    var first: Double
    var last: Double

    static let empty = BucketCell(count: 0, firstOffset: 0, lastOffset: 0, sum: 0, min: 0, max: 0, first: 0, last: 0)

    init(
        count: UInt32, firstOffset: UInt32, lastOffset: UInt32, sum: Double, min: Double, max: Double,
        first: Double, last: Double
    ) {
        self.count = count
        self.firstOffset = firstOffset
        self.lastOffset = lastOffset
        self.sum = sum
        self.min = min
        self.max = max
        self.first = first
        self.last = last
    }

    /// A bucket holding one point.
    @inline(__always)
    init(offset: UInt32, value: Double) {
        self.init(
            count: 1, firstOffset: offset, lastOffset: offset, sum: value, min: value, max: value,
            first: value, last: value)
    }

    var isEmpty: Bool { count == 0 }

    /// Adds one point (value already normalised: finite, no −0.0).
    @inline(__always)
    mutating func add(offset: UInt32, value: Double) {
        if count == 0 {
            self = BucketCell(offset: offset, value: value)
            return
        }
        count = count == .max ? .max : count &+ 1
        sum += value
        if value < min { min = value }
        if value > max { max = value }
        if offset < firstOffset || (offset == firstOffset && value < first) {
            firstOffset = offset
            first = value
        }
        if offset > lastOffset || (offset == lastOffset && value > last) {
            lastOffset = offset
            last = value
        }
    }
}
