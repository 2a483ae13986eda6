/// Stacked areas: per pixel column each series contributes its average, stacked on the series
/// before it on the same axis. A series missing in a column adds nothing there (its band breaks);
/// empty columns inside a run are interpolated, and `MissingData.zero` fills gaps with zero.
public enum StackedPath {
    /// One series' band: top edge (its line) and the closed fill between top and base.
    struct Layer {
        var lines: [[Point]] = []
        var fills: [[Point]] = []
    }

    /// Per column, the value a series adds to the stack (nil where it has none).
    static func values(_ series: M4Series, runs: [[PathStep]], missing: MissingData) -> [Double?] {
        var values = [Double?](repeating: nil, count: series.width)
        for run in runs {
            var previous: Int? = nil
            for case .column(let c) in run {
                values[c] = series.columns[c].average
                if let previous, c > previous + 1, let a = values[previous], let b = values[c] {
                    for k in (previous + 1)..<c {
                        values[k] = a + (b - a) * Double(k - previous) / Double(c - previous)
                    }
                }
                previous = c
            }
        }
        if missing == .zero, let first = values.firstIndex(where: { $0 != nil }), let last = values.lastIndex(where: { $0 != nil }) {
            for c in first...last where values[c] == nil { values[c] = 0 }
        }
        return values
    }

    /// Stacks the series in order; returns one layer per series.
    static func layers(_ values: [[Double?]], mapping: PlotMapping, y: (Double) -> Double) -> (layers: [Layer], tops: [[Double?]]) {
        let columns = values.first?.count ?? 0
        var cumulative = [Double](repeating: 0, count: columns)
        var layers: [Layer] = []
        var tops: [[Double?]] = []
        for series in values {
            var layer = Layer()
            var top: [Point] = []
            var base: [Point] = []
            var seriesTops = [Double?](repeating: nil, count: columns)
            func close() {
                guard !top.isEmpty else { return }
                layer.lines.append(ColumnRuns.simplify(top))
                layer.fills.append(top + base.reversed())
                top = []
                base = []
            }
            for c in 0..<columns {
                guard let value = series[c] else {
                    close()
                    continue
                }
                let x = mapping.columnCentre(c)
                base.append(Point(x, y(cumulative[c])))
                cumulative[c] += value
                seriesTops[c] = cumulative[c]
                top.append(Point(x, y(cumulative[c])))
            }
            close()
            layers.append(layer)
            tops.append(seriesTops)
        }
        return (layers, tops)
    }
}
