/// The dense view of a series: per pixel column a shaded bar from min to max, exactly one device
/// column wide, and over it the line of the column averages. A spike stays visible in the band
/// even where the average hides it.
public enum BandPath {
    struct Shapes {
        var bands: [[Point]] = []
        var averages: [[Point]] = []
    }

    static func shapes(_ series: M4Series, runs: [[PathStep]], mapping: PlotMapping, y: (Double) -> Double) -> Shapes {
        var shapes = Shapes()
        for run in runs {
            var upper: [Point] = []
            var lower: [Point] = []
            var average: [Point] = []
            upper.reserveCapacity(run.count * 2)
            lower.reserveCapacity(run.count * 2)
            average.reserveCapacity(run.count)
            for step in run {
                switch step {
                case .zero(let x):
                    let zero = Point(x, y(0))
                    upper.append(zero)
                    lower.append(zero)
                    average.append(zero)
                case .column(let c):
                    let column = series.columns[c]
                    let left = mapping.columnLeft(c)
                    let right = mapping.columnLeft(c + 1)
                    let top = y(column.max)
                    let bottom = y(column.min)
                    upper += [Point(left, top), Point(right, top)]
                    lower += [Point(left, bottom), Point(right, bottom)]
                    average.append(Point(mapping.columnCentre(c), y(column.average)))
                }
            }
            shapes.bands.append(upper + lower.reversed())
            shapes.averages.append(ColumnRuns.simplify(average))
        }
        return shapes
    }
}
