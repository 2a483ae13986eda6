/// The names of the chart parameters, as the table (`ChartParameter.table`) knows them. Each
/// front end maps its own spelling onto these: the CLI writes `--y-min`, HTTP `y-min` or `y_min`,
/// and a Graphite-style front end may map `yMin` or `target` onto `.yMin` and `.series`.
public enum ChartParameterName: String, Sendable, Hashable, CaseIterable, Comparable {
    case series, from, until, width, height, scale, format, title, tz, kind, color, legend
    case legendStats = "legend-stats"
    case legendStat = "legend-stat"
    case yLabel = "y-label"
    case yMin = "y-min"
    case yMax = "y-max"
    case log, unit
    case rightAxis = "right-axis"
    case rightUnit = "right-unit"
    case rightYLabel = "right-y-label"
    case threshold, annotation, missing, theme, sparkline, refresh

    /// Table order (the order of the cases).
    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The table entry for this name.
    public var parameter: ChartParameter { ChartParameter.table[self]! }
}
