/// The points of one series, sorted by time, as two parallel columns.
public struct SeriesData: Sendable, Equatable {
    public let key: SeriesKey
    public private(set) var times: [EpochMillis]
    public private(set) var values: [Double]

    /// Builds a series from columns in any order; points are sorted by time (stable, so among
    /// points with the same timestamp the one that arrived last is last).
    public init(key: SeriesKey, times: [EpochMillis], values: [Double]) {
        precondition(times.count == values.count, "times and values must have the same length")
        self.key = key
        var sorted = true
        for i in times.indices.dropFirst() where times[i] < times[i - 1] {
            sorted = false
            break
        }
        if sorted {
            self.times = times
            self.values = values
        } else {
            let order = times.indices.sorted { times[$0] < times[$1] || (times[$0] == times[$1] && $0 < $1) }
            self.times = order.map { times[$0] }
            self.values = order.map { values[$0] }
        }
    }

    public var count: Int { times.count }
    public var isEmpty: Bool { times.isEmpty }

    /// Index range of the points with `from <= time < until` (binary search).
    public func indices(from: EpochMillis, until: EpochMillis) -> Range<Int> {
        let lower = times.partitionPoint { $0 >= from }
        let upper = times.partitionPoint { $0 >= until }
        return lower..<max(lower, upper)
    }

    /// Median spacing between consecutive points (0 with fewer than two points). Used to tell a
    /// gap in the data from the ordinary step between samples.
    public func medianStep(in range: Range<Int>? = nil) -> Int64 {
        let range = range ?? times.indices
        guard range.count >= 2 else { return 0 }
        // A sample of at most 1,001 steps is enough for a median and keeps this O(1)-ish.
        let stride = max(1, (range.count - 1) / 1000)
        var steps: [Int64] = []
        var i = range.lowerBound + 1
        while i < range.upperBound {
            steps.append(times[i] - times[i - 1])
            i += stride
        }
        steps.sort()
        return steps[steps.count / 2]
    }
}

extension Array {
    /// First index whose element satisfies `predicate`, for a predicate that is false then true.
    @inlinable
    public func partitionPoint(_ predicate: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) >> 1
            if predicate(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
