/// Reduces a series that arrives in pieces (a file read chunk by chunk) to M4 columns, holding
/// only the columns: each piece is reduced by `M4Reducer` and merged in (`M4Column.absorb`).
/// The pieces must come in time order (each piece sorted, no point before the previous piece's
/// last), which is what `M4Reducer` needs of a whole series. The result equals reducing all the
/// points at once, sums aside (added per piece: last-bit rounding), including the typical step,
/// which is sampled at the same points when `windowCount` is the number of points in
/// [from, until) that the pieces hold.
public struct M4Accumulator: Sendable {
    public let from: EpochMillis
    public let until: EpochMillis
    public let extremeTimes: Bool
    public private(set) var columns: [M4Column]
    let sampleStride: Int
    /// Points of the window seen so far, and the time of the latest.
    var seen = 0
    var previousTime: EpochMillis = 0
    var steps: [Int64] = []
    /// With extreme times, the points of the column the latest piece ended in: a column's line
    /// points (`M4Line`) are chosen from all its points at once, so they wait for the piece that
    /// ends the column. Past `carryLimit` points (a column holding a large share of the series)
    /// they are reduced as they are and merged, keeping memory bounded.
    var carryTimes: [EpochMillis] = []
    var carryValues: [Double] = []
    static let carryLimit = 1 << 16

    public init(from: EpochMillis, until: EpochMillis, width: Int, extremeTimes: Bool = false, windowCount: Int) {
        precondition(width > 0 && until > from, "M4 needs a positive width and from < until")
        self.from = from
        self.until = until
        self.extremeTimes = extremeTimes
        columns = [M4Column](repeating: .empty, count: width)
        // As M4Reducer: steps between window points i−1 and i for i = 1, 1 + stride, 1 + 2·stride, …
        sampleStride = Swift.max(1, (windowCount - 1) / 256)
    }

    /// Adds the next points in time order.
    public mutating func add(times: UnsafeBufferPointer<EpochMillis>, values: UnsafeBufferPointer<Double>) {
        precondition(times.count == values.count, "times and values must have the same length")
        let low = M4Reducer.lowerBound(times, from, in: 0..<times.count)
        let high = M4Reducer.lowerBound(times, until, in: low..<times.count)
        guard high > low else { return }
        precondition(seen == 0 || times[low] >= previousTime, "M4Accumulator needs the points in time order")
        // Window index `seen + k` is point `low + k` of this piece.
        var index = Swift.max(1, seen)
        let remainder = (index - 1) % sampleStride
        if remainder != 0 { index += sampleStride - remainder }
        while index < seen + high - low {
            let k = low + index - seen
            steps.append(times[k] - (index == seen ? previousTime : times[k - 1]))
            index += sampleStride
        }
        seen += high - low
        previousTime = times[high - 1]
        guard extremeTimes else { return reduce(times, values, low..<high) }
        var start = low
        if let carried = carryTimes.first {
            // The carried column's points in this piece, then the column is whole if more follow.
            let end = M4Reducer.lowerBound(times, endOfColumn(holding: carried), in: low..<high)
            carryTimes += times[low..<end]
            carryValues += values[low..<end]
            start = end
            if end < high || carryTimes.count >= Self.carryLimit { flushCarry() }
        }
        guard start < high else { return }
        let tail = M4Reducer.lowerBound(times, startOfColumn(holding: times[high - 1]), in: start..<high)
        reduce(times, values, start..<tail)
        carryTimes = Array(times[tail..<high])
        carryValues = Array(values[tail..<high])
    }

    /// The columns so far.
    public var series: M4Series {
        var whole = self
        whole.flushCarry()
        let sorted = steps.sorted()
        return M4Series(from: from, until: until, columns: whole.columns, step: sorted.isEmpty ? 0 : sorted[sorted.count / 2])
    }

    private mutating func reduce(_ times: UnsafeBufferPointer<EpochMillis>, _ values: UnsafeBufferPointer<Double>, _ range: Range<Int>) {
        guard !range.isEmpty else { return }
        let piece = M4Reducer.reduce(
            times: UnsafeBufferPointer(rebasing: times[range]), values: UnsafeBufferPointer(rebasing: values[range]),
            from: from, until: until, width: columns.count, extremeTimes: extremeTimes)
        for c in piece.columns.indices where piece.columns[c].count > 0 { columns[c].absorb(piece.columns[c], keepingLine: extremeTimes) }
    }

    private mutating func flushCarry() {
        guard !carryTimes.isEmpty else { return }
        let (times, values) = (carryTimes, carryValues)
        carryTimes = []
        carryValues = []
        times.withUnsafeBufferPointer { t in values.withUnsafeBufferPointer { reduce(t, $0, 0..<t.count) } }
    }

    private func startOfColumn(holding t: EpochMillis) -> EpochMillis {
        M4Reducer.columnStart(
            M4Reducer.firstColumn(t, from: from, until: until, width: columns.count), from: from, until: until,
            width: columns.count)
    }

    private func endOfColumn(holding t: EpochMillis) -> EpochMillis {
        let c = M4Reducer.firstColumn(t, from: from, until: until, width: columns.count)
        return c + 1 < columns.count ? M4Reducer.columnStart(c + 1, from: from, until: until, width: columns.count) : until
    }
}
