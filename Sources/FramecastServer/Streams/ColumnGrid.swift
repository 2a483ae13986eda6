import FramecastCore

/// The column grid of an events chart: `count` columns of `columnMillis` each, ending at a
/// multiple of `columnMillis`. Columns are whole multiples of the tier's buckets, so when a live
/// window moves it moves by whole columns and a diff can say "drop k at the left, add k at the right"
/// instead of resending every column.
struct ColumnGrid: Sendable, Equatable {
    let from: EpochMillis
    let columnMillis: Int64
    let count: Int

    var until: EpochMillis { from + columnMillis * Int64(count) }

    func start(of column: Int) -> EpochMillis { from + columnMillis * Int64(column) }

    /// The grid for a resolved chart: about one column per device pixel, never finer than the
    /// tier's buckets (`quantum`), covering the chart's window.
    init(resolved: ResolvedChart) {
        let spec = resolved.spec
        let pixels = max(1, Int((Double(spec.width) * spec.scale).rounded()))
        let span = max(1, spec.until - spec.from)
        let quantum = max(1, resolved.quantum)
        let perPixel = (span + Int64(pixels) - 1) / Int64(pixels)
        columnMillis = max(quantum, (perPixel + quantum - 1) / quantum * quantum)
        count = Int((span + columnMillis - 1) / columnMillis)
        let end = (spec.until + columnMillis - 1).floorDiv(columnMillis) * columnMillis
        from = end - columnMillis * Int64(count)
    }

    init(from: EpochMillis, columnMillis: Int64, count: Int) {
        self.from = from
        self.columnMillis = columnMillis
        self.count = count
    }
}

extension Int64 {
    /// Division rounding toward negative infinity.
    func floorDiv(_ divisor: Int64) -> Int64 {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }
}
