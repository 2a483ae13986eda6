/// Last, min, max and average of a series over the chart's range, from its reduced columns
/// (exact: M4 keeps the extremes, the sums and the last point at any width).
public struct SeriesStats: Sendable, Equatable {
    public let last: Double
    public let min: Double
    public let max: Double
    public let average: Double
    public let count: Int

    /// nil when the series has no point in the range.
    public init?(_ series: M4Series) {
        var low = Double.infinity, high = -Double.infinity, sum = 0.0, count = 0
        var last: Double? = nil
        for column in series.columns where column.count > 0 {
            low = Swift.min(low, column.min)
            high = Swift.max(high, column.max)
            sum += column.sum
            count += column.count
            last = column.last
        }
        guard let last, count > 0 else { return nil }
        self.last = last
        self.min = low
        self.max = high
        self.average = sum / Double(count)
        self.count = count
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
