/// A series as Graphite's functions see it (graphite-web's `TimeSeries`): values at
/// `start, start + step, …` (seconds), `nil` written as NaN, a name that records the functions
/// applied, the path expression it came from, tags, and drawing options.
public struct GraphiteSeries: Sendable, Equatable {
    public var name: String
    public var pathExpression: String
    public var tags: [String: String]
    /// Epoch seconds of the first value; `end` is as graphite-web keeps it (one step past the last
    /// value for fetched series).
    public var start: Int64
    public var end: Int64
    public var step: Int64
    /// NaN is a missing value (`None`).
    public var values: [Double]
    /// How many values one output point stands for (maxDataPoints, normalize); 1 = as stored.
    public var valuesPerPoint = 1
    public var consolidation: Aggregation = .average
    public var xFilesFactor: Double = 0
    /// Exact per-bucket statistics when the values came straight from the store (count, sum, min,
    /// max, last per value): `consolidateBy('max')` then reads maxima of the raw points, not of
    /// the averages. Dropped by every function that changes the values.
    public var stats: BucketStats?
    /// Where the values came from when they are a tier's buckets as stored: the chart draws
    /// such a series straight from the store (through its summary pyramid). Dropped with `stats`.
    public var source: GraphiteStore.FetchPlan?
    public var options = DrawOptions()

    public init(
        name: String, pathExpression: String? = nil, tags: [String: String]? = nil, start: Int64, end: Int64, step: Int64,
        values: [Double], xFilesFactor: Double = 0
    ) {
        self.name = name
        self.pathExpression = pathExpression ?? name
        self.tags = tags ?? GraphiteSeries.tags(parsing: name)
        self.start = start
        self.end = end
        self.step = step
        self.values = values
        self.xFilesFactor = xFilesFactor
    }

    /// graphite-web's tag parse of a name: `a.b;k=v` gives `name=a.b, k=v`; a name that looks
    /// like a function call keeps only `name`.
    public static func tags(parsing name: String) -> [String: String] {
        guard name.contains(";"), !(name.last == ")" && name.contains("(")) else { return ["name": name] }
        let parts = name.split(separator: ";", omittingEmptySubsequences: false)
        var tags = ["name": String(parts[0])]
        for part in parts.dropFirst() {
            guard let equals = part.firstIndex(of: "=") else { return ["name": name] }
            tags[String(part[..<equals])] = String(part[part.index(after: equals)...])
        }
        return tags
    }

    /// A copy with other values (and optionally another name, start, step); the exact
    /// statistics go, since the values changed.
    public func with(name: String? = nil, start: Int64? = nil, end: Int64? = nil, step: Int64? = nil, values: [Double]) -> GraphiteSeries {
        var copy = self
        if let name { copy.name = name }
        if let start { copy.start = start }
        if let end { copy.end = end }
        if let step { copy.step = step }
        copy.values = values
        copy.stats = nil
        copy.source = nil
        copy.valuesPerPoint = 1
        return copy
    }

    /// The values as output points: consolidated `valuesPerPoint` at a time with the series'
    /// consolidation function, as graphite-web's `TimeSeries.__iter__` does.
    public var points: [Double] {
        guard valuesPerPoint > 1 else { return values }
        return consolidated(by: valuesPerPoint)
    }

    /// Timestamps and values as graphite-web's `datapoints()` pairs them (the shorter wins).
    public var datapoints: (timestamps: StrideTo<Int64>, values: [Double]) {
        let stride = step * Int64(valuesPerPoint)
        return (Swift.stride(from: start, to: end + 1, by: Int(Swift.max(1, stride))), points)
    }

    func consolidated(by n: Int) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(values.count / n + 1)
        var i = 0
        while i < values.count {
            let upper = Swift.min(i + n, values.count)
            out.append(consolidate(i..<upper, expected: n))
            i = upper
        }
        return out
    }

    /// One output point from `values[range]`; exact bucket statistics when the store gave them.
    private func consolidate(_ range: Range<Int>, expected: Int) -> Double {
        var nonNull = 0
        for k in range where !values[k].isNaN { nonNull += 1 }
        guard nonNull > 0, Double(nonNull) / Double(expected) >= xFilesFactor else { return .nan }
        if let stats, let exact = stats.consolidate(range, consolidation) { return exact }
        return consolidation.apply(values[range])
    }
}

/// Drawing options Graphite's functions set (`color`, `lineWidth`, `dashed`, `stacked`,
/// `secondYAxis`); JSON output ignores them.
public struct DrawOptions: Sendable, Equatable {
    public var color: String?
    public var lineWidth: Double?
    public var dashed: Double?
    public var stacked = false
    public var secondYAxis = false
    public init() {}
}

/// Per-value statistics of the buckets a fetched series came from.
public struct BucketStats: Sendable, Equatable {
    public var count: [Int64]
    public var sum: [Double]
    public var min: [Double]
    public var max: [Double]
    public var first: [Double]
    public var last: [Double]

    public init(count: [Int64], sum: [Double], min: [Double], max: [Double], first: [Double], last: [Double]) {
        self.count = count
        self.sum = sum
        self.min = min
        self.max = max
        self.first = first
        self.last = last
    }

    /// The exact statistic over the raw points of `range`'s buckets, for the functions where the
    /// buckets know more than their averages (nil for the others).
    func consolidate(_ range: Range<Int>, _ function: Aggregation) -> Double? {
        var n: Int64 = 0
        var total = 0.0
        var low = Double.infinity
        var high = -Double.infinity
        var firstValue = Double.nan
        var lastValue = Double.nan
        for k in range where count[k] > 0 {
            if n == 0 { firstValue = first[k] }
            n += count[k]
            total += sum[k]
            low = Swift.min(low, min[k])
            high = Swift.max(high, max[k])
            lastValue = last[k]
        }
        guard n > 0 else { return nil }
        switch function {
        case .max: return high
        case .min: return low
        case .sum: return total
        case .average: return total / Double(n)
        case .first: return firstValue
        case .last: return lastValue
        default: return nil
        }
    }
}
