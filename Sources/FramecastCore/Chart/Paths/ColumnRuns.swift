/// A step along a series' path: a pixel column with data, or a point at value zero where
/// `MissingData.zero` bridges a gap.
enum PathStep: Equatable {
    case column(Int)
    case zero(x: Double)
}

/// Splits a series' non-empty columns into the runs its path draws unbroken. A gap is a silence
/// longer than three typical steps that leaves at least one empty column; columns a log axis
/// cannot place (`usable` false) count as a gap too. Then the chart's missing-data mode decides:
/// gaps break the path, are joined over, or are bridged at zero.
enum ColumnRuns {
    static func runs(
        _ series: M4Series, missing: MissingData, mapping: PlotMapping,
        usable: (M4Column) -> Bool = { _ in true }
    ) -> [[PathStep]] {
        var runs: [[Int]] = []
        var current: [Int] = []
        var previous: (column: Int, time: EpochMillis)? = nil
        var skipped = false
        let gapLimit = series.step > 0 ? series.step * 3 : Int64.max
        for (index, column) in series.columns.enumerated() where column.count > 0 {
            guard usable(column) else {
                skipped = true
                continue
            }
            if let previous, !current.isEmpty,
                skipped || (index > previous.column + 1 && column.firstTime - previous.time > gapLimit)
            {
                runs.append(current)
                current = []
            }
            skipped = false
            current.append(index)
            previous = (index, column.lastTime)
        }
        if !current.isEmpty { runs.append(current) }
        switch missing {
        case .gap:
            return runs.map { $0.map(PathStep.column) }
        case .connect:
            return runs.isEmpty ? [] : [runs.joined().map(PathStep.column)]
        case .zero:
            var joined: [PathStep] = []
            for (index, run) in runs.enumerated() {
                if index > 0, let last = runs[index - 1].last, let first = run.first {
                    let start = mapping.columnCentre(last + 1)
                    let end = mapping.columnCentre(max(last + 1, first - 1))
                    joined.append(.zero(x: start))
                    if end > start { joined.append(.zero(x: end)) }
                }
                joined += run.map(PathStep.column)
            }
            return joined.isEmpty ? [] : [joined]
        }
    }

    /// Drops points that repeat the previous one (flat runs produce many), keeping the shape; a
    /// lone point becomes a zero-length segment, which round caps draw as a dot.
    static func simplify(_ points: [Point]) -> [Point] {
        guard points.count > 1 else { return points.count == 1 ? [points[0], points[0]] : [] }
        var result: [Point] = [points[0]]
        result.reserveCapacity(points.count)
        for point in points.dropFirst() where point != result[result.count - 1] {
            result.append(point)
        }
        return result.count == 1 ? [result[0], result[0]] : result
    }
}
