extension SeriesData {
    /// Columns per sizing column in the one pass over the points (`M4FineReduction`). Measured on
    /// a 10M-point band chart: with 4, FramecastCore took 38% fewer CPU samples per render than
    /// the two passes it replaces, with 8 only 28% (each fine column costs a boundary search in
    /// timestamps that are not in cache).
    static let fineFactor = 4
    /// Below this many points per fine column a second reduction costs less than the fine one.
    static let finePointsPerColumn = 32

    /// One pass over the points: a reduction at `fineFactor` × the sizing width, from which the
    /// sizing columns follow exactly (every sizing column is `fineFactor` whole fine columns) and
    /// the final columns almost so (whole fine columns plus the two partial ones at their edges,
    /// re-read from the points). Small series reduce twice instead.
    public func plan(from: EpochMillis, until: EpochMillis, sizingWidth: Int) -> ReductionPlan {
        let window = indices(from: from, until: until)
        guard window.count >= sizingWidth * Self.fineFactor * Self.finePointsPerColumn else {
            return ReductionPlan.reducingTwice(self, from: from, until: until, sizingWidth: sizingWidth)
        }
        let fine = M4FineReduction(self, window: window, from: from, until: until, width: sizingWidth * Self.fineFactor)
        let sizing = fine.fine.grouped(by: Self.fineFactor)
        return ReductionPlan(
            summary: SeriesSummary(sizing), sizing: { sizing },
            columns: { width, extremeTimes in
                fine.columns(width: width, extremeTimes: extremeTimes)
            })
    }
}

/// A series reduced at a fine width, kept with its points so that columns at any coarser width
/// are assembled from whole fine columns and only the points of the fine columns a coarse
/// boundary cuts through are read again.
struct M4FineReduction: Sendable {
    let series: SeriesData
    let window: Range<Int>
    let fine: M4Series
    /// `starts[j]` is the index of fine column j's first point; `starts[fine.width]` ends the window.
    let starts: [Int]

    init(_ series: SeriesData, window: Range<Int>, from: EpochMillis, until: EpochMillis, width: Int) {
        self.series = series
        self.window = window
        fine = M4Reducer.reduce(series, from: from, until: until, width: width)
        var starts = [Int](repeating: 0, count: width + 1)
        starts[0] = window.lowerBound
        for j in 0..<width { starts[j + 1] = starts[j] + fine.columns[j].count }
        self.starts = starts
    }

    /// The columns `M4Reducer.reduce` would give at `width` (sums may differ in the last bit:
    /// they are added piece by piece).
    func columns(width: Int, extremeTimes: Bool) -> M4Series {
        let from = fine.from
        let until = fine.until
        var columns = [M4Column](repeating: .empty, count: width)
        series.times.withUnsafeBufferPointer { times in
            series.values.withUnsafeBufferPointer { values in
                var low = window.lowerBound
                let density = M4Reducer.density(times, window)
                let columnSpan = Double(until - from) / Double(width)
                for c in 0..<width where low < window.upperBound {
                    let boundary = c + 1 < width ? M4Reducer.columnStart(c + 1, from: from, until: until, width: width) : until
                    let high = M4Reducer.columnEnd(times, boundary, from: low, end: window.upperBound, density: density)
                    if high > low {
                        columns[c] = column(low..<high, times: times, values: values, extremeTimes: extremeTimes, columnSpan: columnSpan)
                    }
                    low = high
                }
            }
        }
        return M4Series(from: from, until: until, columns: columns, step: fine.step)
    }

    /// One coarse column over the points `range`: whole fine columns where they fit, the points
    /// themselves where a boundary cuts a fine column. With `extremeTimes`, `M4Line` reads the
    /// column's points once more for the extremes' times and the line's points.
    func column(
        _ range: Range<Int>, times: UnsafeBufferPointer<EpochMillis>, values: UnsafeBufferPointer<Double>,
        extremeTimes: Bool, columnSpan: Double
    ) -> M4Column {
        var column = M4Column(
            count: range.count, min: .infinity, max: -.infinity, first: values[range.lowerBound],
            last: values[range.upperBound - 1], sum: 0, firstTime: times[range.lowerBound],
            lastTime: times[range.upperBound - 1])
        var position = range.lowerBound
        // The fine column of each piece: that of the first point, then the next non-empty ones.
        var j = M4Reducer.firstColumn(times[position], from: fine.from, until: fine.until, width: fine.width)
        while position < range.upperBound {
            while starts[j + 1] <= position { j += 1 }
            let end = Swift.min(range.upperBound, starts[j + 1])
            let piece: (min: Double, max: Double, sum: Double)
            if position == starts[j] && end == starts[j + 1] {
                piece = (fine.columns[j].min, fine.columns[j].max, fine.columns[j].sum)
            } else {
                let stats = SliceStats(values.baseAddress! + position, end - position)
                piece = (stats.min, stats.max, stats.sum)
            }
            column.min = Swift.min(column.min, piece.min)
            column.max = Swift.max(column.max, piece.max)
            column.sum += piece.sum
            position = end
        }
        if extremeTimes { M4Line.record(&column, range: range, times: times, values: values, columnSpan: columnSpan) }
        return column
    }
}
