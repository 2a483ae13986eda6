/// The line of a reduced series. Per column: first and last at their real times, min and max
/// at their real times where the source recorded them (else at the column's centre), in time
/// order, so the line passes through exactly the points M4 kept (Jugel et al., VLDB 2014). With
/// a one-device-pixel pen that covers whole pixels (the non-antialiased raster) this sets exactly
/// the pixels the raw points would. Antialiased, a pixel's coverage depends on where within it
/// the raw line runs, which one M4 column per pixel does not keep: so lines are drawn from
/// `subColumns` M4 columns per device pixel column (`detail`), each through the raw points its
/// source kept for lines (`M4Column.line`: a spike's sides, a wide spike's flanks), which brings
/// the pixels that differ from drawing every raw point under 1% (M4IdentityTests).
public enum LinePath {
    /// M4 columns per device pixel column that lines are drawn from.
    public static let subColumns = 4

    /// `runs` name device pixel columns; `detail` holds `detail.width / mapping.columns` columns
    /// for each of them.
    static func subpaths(_ detail: M4Series, runs: [[PathStep]], mapping: PlotMapping, y: (Double) -> Double) -> [[Point]] {
        let factor = max(1, detail.width / mapping.columns)
        return runs.map { run in
            var points: [Point] = []
            points.reserveCapacity(run.count * 4)
            for step in run {
                switch step {
                case .zero(let x):
                    points.append(Point(x, y(0)))
                case .column(let c):
                    for sub in c * factor..<(c + 1) * factor where detail.columns[sub].count > 0 {
                        append(
                            detail.columns[sub],
                            centre: mapping.columnLeft(c) + (Double(sub - c * factor) + 0.5) / Double(factor) / mapping.pixelScale,
                            to: &points, mapping: mapping, y: y)
                    }
                }
            }
            return ColumnRuns.simplify(points)
        }
    }

    static func append(_ column: M4Column, centre: Double, to points: inout [Point], mapping: PlotMapping, y: (Double) -> Double) {
        points.append(Point(mapping.x(column.firstTime), y(column.first)))
        guard column.count > 1 else { return }
        if !column.line.isEmpty {
            // The kept raw points are in time order and include the extremes.
            for point in column.line { points.append(Point(mapping.x(point.time), y(point.value))) }
            points.append(Point(mapping.x(column.lastTime), y(column.last)))
            return
        }
        let minX = column.minTime == M4Column.unknownTime ? centre : mapping.x(column.minTime)
        let maxX = column.maxTime == M4Column.unknownTime ? centre : mapping.x(column.maxTime)
        // Time order when known; else the extreme nearer the first value first (the likelier
        // order, and the shorter path).
        let minFirst =
            column.minTime != M4Column.unknownTime && column.maxTime != M4Column.unknownTime
            ? column.minTime <= column.maxTime
            : abs(column.first - column.min) <= abs(column.first - column.max)
        points.append(minFirst ? Point(minX, y(column.min)) : Point(maxX, y(column.max)))
        points.append(minFirst ? Point(maxX, y(column.max)) : Point(minX, y(column.min)))
        points.append(Point(mapping.x(column.lastTime), y(column.last)))
    }
}
