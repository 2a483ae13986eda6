/// The line of a reduced series. Per column: first and last at their real times, min and max
/// at their real times where the source recorded them (else at the column's centre), in time
/// order, so the line passes through exactly the points M4 kept (Jugel et al., VLDB 2014). With
/// a one-device-pixel pen that covers whole pixels (the non-antialiased raster) this sets exactly
/// the pixels the raw points would; antialiased, it differs only at the edges of dense columns.
public enum LinePath {
    static func subpaths(_ series: M4Series, runs: [[PathStep]], mapping: PlotMapping, y: (Double) -> Double) -> [[Point]] {
        runs.map { run in
            var points: [Point] = []
            points.reserveCapacity(run.count * 4)
            for step in run {
                switch step {
                case .zero(let x):
                    points.append(Point(x, y(0)))
                case .column(let c):
                    let column = series.columns[c]
                    points.append(Point(mapping.x(column.firstTime), y(column.first)))
                    guard column.count > 1 else { continue }
                    let centre = mapping.columnCentre(c)
                    let minX = column.minTime == M4Column.unknownTime ? centre : mapping.x(column.minTime)
                    let maxX = column.maxTime == M4Column.unknownTime ? centre : mapping.x(column.maxTime)
                    // Time order when known; else the extreme nearer the first value first (the
                    // likelier order, and the shorter path).
                    let minFirst = column.minTime != M4Column.unknownTime && column.maxTime != M4Column.unknownTime
                        ? column.minTime <= column.maxTime
                        : abs(column.first - column.min) <= abs(column.first - column.max)
                    points.append(minFirst ? Point(minX, y(column.min)) : Point(maxX, y(column.max)))
                    points.append(minFirst ? Point(maxX, y(column.max)) : Point(minX, y(column.min)))
                    points.append(Point(mapping.x(column.lastTime), y(column.last)))
                }
            }
            return ColumnRuns.simplify(points)
        }
    }
}
