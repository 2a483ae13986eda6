/// A staircase: each value holds until the next point, then the line jumps. Within a dense
/// column the jumps run through min and max at the column's centre, as for lines. The last
/// value of a run holds for one typical step.
public enum StepPath {
    static func subpaths(_ series: M4Series, runs: [[PathStep]], mapping: PlotMapping, y: (Double) -> Double) -> [[Point]] {
        runs.map { run in
            var points: [Point] = []
            points.reserveCapacity(run.count * 5)
            var held: Double? = nil
            var lastTime: EpochMillis? = nil
            for step in run {
                switch step {
                case .zero(let x):
                    if let held { points.append(Point(x, held)) }
                    points.append(Point(x, y(0)))
                    held = y(0)
                case .column(let c):
                    let column = series.columns[c]
                    let x = mapping.x(column.firstTime)
                    if let held { points.append(Point(x, held)) }
                    points.append(Point(x, y(column.first)))
                    if column.count > 1 {
                        let centre = mapping.columnCentre(c)
                        points.append(Point(centre, y(column.min)))
                        points.append(Point(centre, y(column.max)))
                        points.append(Point(centre, y(column.last)))
                        points.append(Point(mapping.x(column.lastTime), y(column.last)))
                    }
                    held = y(column.last)
                    lastTime = column.lastTime
                }
            }
            if let held, let lastTime, series.step > 0 {
                let end = min(mapping.plot.maxX, mapping.x(lastTime + series.step))
                points.append(Point(end, held))
            }
            return ColumnRuns.simplify(points)
        }
    }
}
