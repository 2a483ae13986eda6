/// One pixel column of a reduced series: the M4 aggregates (min, max, first, last) plus sum and
/// count for the average. Drawing first → min/max → last per column and joining last to the next
/// column's first gives the same pixels as drawing every raw point (Jugel et al., VLDB 2014).
public struct M4Column: Sendable, Equatable {
    /// Raw points under the column; 0 marks an empty column (the other fields are meaningless).
    public var count: Int
    public var min: Double
    public var max: Double
    public var first: Double
    public var last: Double
    public var sum: Double
    public var firstTime: EpochMillis
    public var lastTime: EpochMillis
    /// Time of the first point holding `min` (resp. `max`), or `unknownTime` when the source did
    /// not record it (rollup buckets; reductions without `extremeTimes`). Lines place the
    /// extremes at their real x when known, which keeps antialiased M4 lines closest to the raw.
    public var minTime: EpochMillis
    public var maxTime: EpochMillis
    /// With extreme times: the raw points between first and last, in time order, that a line
    /// through the column passes through (`M4Line`); empty where the source keeps no points.
    public var line: [M4Point] = []

    public static let unknownTime = EpochMillis.min
    public static let empty = M4Column(count: 0, min: .infinity, max: -.infinity, first: 0, last: 0, sum: 0, firstTime: 0, lastTime: 0)

    public init(
        count: Int, min: Double, max: Double, first: Double, last: Double, sum: Double,
        firstTime: EpochMillis, lastTime: EpochMillis, minTime: EpochMillis = unknownTime, maxTime: EpochMillis = unknownTime
    ) {
        self.count = count
        self.min = min
        self.max = max
        self.first = first
        self.last = last
        self.sum = sum
        self.firstTime = firstTime
        self.lastTime = lastTime
        self.minTime = minTime
        self.maxTime = maxTime
    }

    public var isEmpty: Bool { count == 0 }
    public var average: Double { sum / Double(count) }
}

/// A series reduced to `width` columns over [from, until).
public struct M4Series: Sendable, Equatable {
    public let from: EpochMillis
    public let until: EpochMillis
    public let columns: [M4Column]
    /// Typical spacing of the underlying points (0 if unknown): a longer silence is a gap.
    public let step: Int64

    public init(from: EpochMillis, until: EpochMillis, columns: [M4Column], step: Int64) {
        self.from = from
        self.until = until
        self.columns = columns
        self.step = step
    }

    public var width: Int { columns.count }
    public var pointCount: Int { columns.reduce(0) { $0 + $1.count } }

    /// Smallest and largest value over non-empty columns, nil when all are empty.
    public var valueRange: ClosedRange<Double>? {
        var low = Double.infinity
        var high = -Double.infinity
        for column in columns where column.count > 0 {
            low = Swift.min(low, column.min)
            high = Swift.max(high, column.max)
        }
        return low <= high ? low...high : nil
    }

    /// Index of the column holding time `t` (may be outside 0..<width).
    public func column(of t: EpochMillis) -> Int {
        let span = until - from
        let offset = t - from
        let scaled = offset.multipliedFullWidth(by: Int64(width))
        let (quotient, _) = span.dividingFullWidth(scaled)
        return Int(offset < 0 && quotient * span != offset * Int64(width) ? quotient - 1 : quotient)
    }
}
