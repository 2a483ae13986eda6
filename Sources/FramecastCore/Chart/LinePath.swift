/// Builds the polyline of a reduced series: per non-empty column first → min → max → last at the
/// column's centre, joined to the next column unless the data has a gap there. A gap is a
/// silence longer than three typical steps that leaves at least one empty column.
public enum LinePath {
    public static func subpaths(_ series: M4Series, plot: Rect, scale: NiceScale, pixelScale: Double) -> [[Point]] {
        var subpaths: [[Point]] = []
        var current: [Point] = []
        var previous: (column: Int, time: EpochMillis)? = nil
        let gapLimit = series.step > 0 ? series.step * 3 : Int64.max
        func y(_ value: Double) -> Double { plot.maxY - scale.position(value, length: plot.height) }
        for (index, column) in series.columns.enumerated() where column.count > 0 {
            if let previous, index > previous.column + 1, column.firstTime - previous.time > gapLimit, !current.isEmpty {
                subpaths.append(current)
                current = []
            }
            let x = plot.minX + (Double(index) + 0.5) / pixelScale
            current.append(Point(x, y(column.first)))
            if column.count > 1 {
                current.append(Point(x, y(column.min)))
                current.append(Point(x, y(column.max)))
                current.append(Point(x, y(column.last)))
            }
            previous = (index, column.lastTime)
        }
        if !current.isEmpty { subpaths.append(current) }
        // A lone point becomes a zero-length segment, which round caps draw as a dot.
        return subpaths.map(simplify).map { $0.count == 1 ? [$0[0], $0[0]] : $0 }
    }

    /// Drops points that repeat the previous one (flat runs produce many), keeping the shape.
    static func simplify(_ points: [Point]) -> [Point] {
        guard points.count > 2 else { return points }
        var result: [Point] = [points[0]]
        result.reserveCapacity(points.count)
        for point in points.dropFirst() where point != result[result.count - 1] {
            result.append(point)
        }
        return result
    }
}
