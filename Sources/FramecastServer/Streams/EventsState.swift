import FramecastCore
import FramecastStore

/// What an events chart shows at one moment: per series its M4 columns on the grid, and the
/// scales. Diffs are computed between two of these, once per chart per tick.
struct EventsState: Sendable, Equatable {
    struct Series: Sendable, Equatable {
        let name: String
        let rightAxis: Bool
        let columns: [M4Column]
    }

    struct Scales: Sendable, Equatable {
        var left: ClosedRange<Double>?
        var right: ClosedRange<Double>?
    }

    let grid: ColumnGrid
    let series: [Series]
    let scales: Scales

    init(grid: ColumnGrid, series: [Series], scales: Scales) {
        self.grid = grid
        self.series = series
        self.scales = scales
    }

    init(resolved: ResolvedChart) {
        let grid = ColumnGrid(resolved: resolved)
        let spec = resolved.spec
        let keys = resolved.sources.map(\.key)
        let onRight = keys.map(spec.isOnRightAxis)
        // As the chart does: a right axis only when some, not all, series are on it.
        let useRight = onRight.contains(true) && onRight.contains(false)
        var series: [Series] = []
        var left = (Double.infinity, -Double.infinity)
        var right = left
        for (index, source) in resolved.sources.enumerated() {
            let m4 = source.reduce(from: grid.from, until: grid.until, width: grid.count)
            let isRight = useRight && onRight[index]
            if let range = m4.valueRange {
                if isRight {
                    right = (min(right.0, range.lowerBound), max(right.1, range.upperBound))
                } else {
                    left = (min(left.0, range.lowerBound), max(left.1, range.upperBound))
                }
            }
            series.append(Series(name: keys[index].description, rightAxis: isRight, columns: m4.columns))
        }
        var scales = Scales()
        let low = spec.leftAxis.min ?? left.0
        let high = spec.leftAxis.max ?? left.1
        if low <= high { scales.left = low...high }
        if right.0 <= right.1 { scales.right = right.0...right.1 }
        self.init(grid: grid, series: series, scales: scales)
    }
}
