/// Last, min, max and average of a series over the chart's range, from its summary or its
/// reduced columns (exact: M4 keeps the extremes, the sums and the last point at any width).
public struct SeriesStats: Sendable, Equatable {
    public let last: Double
    public let min: Double
    public let max: Double
    public let average: Double
    public let count: Int

    /// nil when the series has no point in the range.
    public init?(_ series: M4Series) {
        self.init(SeriesSummary(series))
    }

    /// nil when the summary holds no point.
    public init?(_ summary: SeriesSummary) {
        guard summary.count > 0 else { return nil }
        last = summary.last
        min = summary.min
        max = summary.max
        average = summary.sum / Double(summary.count)
        count = summary.count
    }

    /// The figure a legend stat names.
    public func value(_ stat: LegendStat) -> Double {
        switch stat {
        case .last: return last
        case .min: return min
        case .max: return max
        case .avg: return average
        }
    }

    /// "last 12.3  min 1  max 40  avg 8.1" for the chosen figures, written in `unit`.
    public func text(_ stats: [LegendStat], unit: ValueUnit) -> String {
        stats.map { "\($0.rawValue) \(unit.format(value($0)))" }.joined(separator: "  ")
    }
}
