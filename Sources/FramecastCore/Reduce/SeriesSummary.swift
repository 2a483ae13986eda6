/// What a chart needs of a series over its time range before the plot's width is known: the
/// value range (axes), the smallest positive value (log axes) and the legend figures.
public struct SeriesSummary: Sendable, Equatable {
    public var count = 0
    public var min = Double.infinity
    public var max = -Double.infinity
    public var sum = 0.0
    /// Value of the latest point (the last to arrive among equal times).
    public var last = 0.0
    /// Smallest value above zero, +infinity when there is none.
    public var minPositive = Double.infinity

    public init() {}

    /// From reduced columns. `minPositive` is what the columns show: a column's min when above
    /// zero, else its positive max, first or last (a value inside the column is not kept).
    public init(_ series: M4Series) {
        for column in series.columns where column.count > 0 {
            count += column.count
            sum += column.sum
            min = Swift.min(min, column.min)
            max = Swift.max(max, column.max)
            last = column.last
            for value in [column.min, column.max] where value > 0 { minPositive = Swift.min(minPositive, value) }
            if column.min <= 0 {
                for value in [column.first, column.last] where value > 0 { minPositive = Swift.min(minPositive, value) }
            }
        }
    }

    /// Adds one point that comes after all points added so far.
    @inlinable
    public mutating func add(_ value: Double) {
        count += 1
        sum += value
        min = Swift.min(min, value)
        max = Swift.max(max, value)
        if value > 0 { minPositive = Swift.min(minPositive, value) }
        last = value
    }
}
