import FramecastCore

/// Graphite's view of the store: untagged series as a tree of dot-separated paths (what path
/// expressions and `/metrics/find` see), every series by its tags (what `seriesByTag` sees), and
/// a fetch that reads a series as whisper would hand it to graphite-web. Over one snapshot of
/// the engine, filtered by what the request may see.
public struct GraphiteStore: Sendable {
    public let snapshot: Aggregator
    let visible: @Sendable (SeriesKey) -> Bool

    /// `visible` decides which series the request may see; the event series is never seen.
    public init(snapshot: Aggregator, visible: @escaping @Sendable (SeriesKey) -> Bool = { _ in true }) {
        self.snapshot = snapshot
        self.visible = { $0.name != GraphiteEvent.seriesName && visible($0) }
    }

    /// Untagged series whose name matches a Graphite path pattern, sorted by name.
    public func names(matching pattern: String) throws(GraphiteError) -> [(name: String, id: SeriesID)] {
        let glob: Glob
        do {
            glob = try Glob.validated(pattern)
        } catch {
            throw GraphiteError("path expression '\(pattern)': \(error)")
        }
        if !pattern.contains(where: { "*?[{".contains($0) }) {
            guard let id = snapshot.id(of: SeriesKey(name: pattern)), visible(snapshot.key(of: id)) else { return [] }
            return [(pattern, id)]
        }
        return snapshot.seriesIDs(matching: glob).compactMap { id in
            let key = snapshot.key(of: id)
            return key.tags.isEmpty && visible(key) ? (key.name, id) : nil
        }.sorted { $0.name < $1.name }
    }

    /// Every visible series key (tagged and untagged) with its id.
    public func allSeries() -> [(key: SeriesKey, id: SeriesID)] {
        snapshot.allSeriesIDs.compactMap { id in
            let key = snapshot.key(of: id)
            return visible(key) ? (key, id) : nil
        }
    }

    /// The untagged series names (for `/metrics/find` and `/metrics/index.json`).
    public func untaggedNames() -> [String] {
        allSeries().compactMap { $0.key.tags.isEmpty ? $0.key.name : nil }
    }

    /// What a fetch of one series over a window reads, decided before anything is read.
    public struct FetchPlan: Sendable, Equatable {
        public let id: SeriesID
        public let tier: Int
        /// Epoch seconds: the first value's time, one step past the last, and the step.
        public let start: Int64
        public let end: Int64
        public let step: Int64
        public var count: Int { Int((end - start) / step) }
    }

    /// whisper's fetch: the range clamped to the retention and to `now`, the first tier that keeps
    /// `now − from`, and the interval bounds `t − t % step + step` (so a value at exactly `from`
    /// is not part of it, as in graphite-web). Nil when nothing of the range is kept.
    public func plan(_ id: SeriesID, from: Int64, until: Int64, now: Int64) -> FetchPlan? {
        let tiers = snapshot.tiers(of: id)
        guard !tiers.isEmpty else { return nil }
        let longest = tiers.map(\.retention).max()! / 1000
        var from = from
        var until = until
        if from < now - longest { from = now - longest }
        if until > now { until = now }
        guard from < until else { return nil }
        let diff = now - from
        var k = tiers.count - 1
        for (i, tier) in tiers.enumerated() where tier.retention / 1000 >= diff {
            k = i
            break
        }
        let step = Swift.max(1, (tiers[k].precision + 999) / 1000)
        let fromInterval = from - mod(from, step) + step
        var untilInterval = until - mod(until, step) + step
        if fromInterval == untilInterval { untilInterval += step }
        return FetchPlan(id: id, tier: k, start: fromInterval, end: untilInterval, step: step)
    }

    /// Values of `plan` (bucket averages; NaN where a bucket is empty) and their exact statistics.
    public func read(_ plan: FetchPlan, withStats: Bool) -> (values: [Double], stats: BucketStats?) {
        let n = plan.count
        var values = [Double](repeating: .nan, count: n)
        var stats = withStats ? BucketStats(capacity: n) : nil
        forEachColumn(plan, from: plan.start, count: n, valuesPerPoint: 1) { i, column in
            values[i] = column.sum / Double(column.count)
            stats?.set(i, column)
        }
        return (values, stats)
    }

    /// The values (bucket averages) of buckets `range` of `plan`.
    public func readValues(_ plan: FetchPlan, range: Range<Int>) -> [Double] {
        var values = [Double](repeating: .nan, count: range.count)
        forEachColumn(plan, from: plan.start + Int64(range.lowerBound) * plan.step, count: range.count, valuesPerPoint: 1) { i, column in
            values[i] = column.sum / Double(column.count)
        }
        return values
    }

    /// `count` output points of `valuesPerPoint` buckets each, the first from bucket `startIndex`
    /// of `plan`, each `value(column)` of the exact statistics of its buckets, read through the
    /// summary pyramid (the cost follows `count`, not the buckets). A last group that would run
    /// past the plan's end is read only up to it. NaN where a group has no point.
    public func readConsolidated(
        _ plan: FetchPlan, startIndex: Int, count: Int, valuesPerPoint: Int, value: (M4Column) -> Double
    ) -> [Double] {
        var out = [Double](repeating: .nan, count: count)
        let available = Swift.max(0, plan.count - startIndex)
        let whole = Swift.min(count, available / valuesPerPoint)
        forEachColumn(plan, from: plan.start + Int64(startIndex) * plan.step, count: whole, valuesPerPoint: valuesPerPoint) { i, column in
            out[i] = value(column)
        }
        if whole < count, available > whole * valuesPerPoint {
            let lower = (plan.start + Int64(startIndex + whole * valuesPerPoint) * plan.step) * 1000
            let column = snapshot.query(plan.id, from: lower, until: plan.end * 1000, width: 1, tier: plan.tier).columns[0]
            if column.count > 0 { out[whole] = value(column) }
        }
        return out
    }

    /// Calls `body` with each non-empty column of `valuesPerPoint × step` seconds from `from`,
    /// `count` columns in all, in chunks so a long range never holds all its columns at once.
    func forEachColumn(_ plan: FetchPlan, from: Int64, count: Int, valuesPerPoint: Int, _ body: (Int, M4Column) -> Void) {
        let width = plan.step * 1000 * Int64(valuesPerPoint)
        let chunk = 65_536
        var done = 0
        while done < count {
            let n = Swift.min(chunk, count - done)
            let lower = from * 1000 + Int64(done) * width
            let series = snapshot.query(plan.id, from: lower, until: lower + Int64(n) * width, width: n, tier: plan.tier)
            for (j, column) in series.columns.enumerated() where column.count > 0 { body(done + j, column) }
            done += n
        }
    }
}

/// Floor modulo for a positive divisor (Python's `%`).
@inline(__always)
func mod(_ a: Int64, _ b: Int64) -> Int64 {
    let r = a % b
    return r < 0 ? r + b : r
}

extension BucketStats {
    init(capacity n: Int) {
        self.init(
            count: [Int64](repeating: 0, count: n), sum: [Double](repeating: 0, count: n),
            min: [Double](repeating: .nan, count: n), max: [Double](repeating: .nan, count: n),
            first: [Double](repeating: .nan, count: n), last: [Double](repeating: .nan, count: n))
    }

    mutating func set(_ i: Int, _ column: M4Column) {
        count[i] = Int64(column.count)
        sum[i] = column.sum
        min[i] = column.min
        max[i] = column.max
        first[i] = column.first
        last[i] = column.last
    }
}

extension M4Column {
    /// The consolidated value of the raw points of a column: exact for these functions.
    func value(for function: Aggregation) -> Double {
        switch function {
        case .sum: return sum
        case .min: return min
        case .max: return max
        case .first: return first
        case .last: return last
        default: return sum / Double(count)
        }
    }
}
