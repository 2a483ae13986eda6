/// One ingest batch as the log stores it: the series it uses and its points as columns.
///
/// This is what `LogBatchCodec` encodes and decodes, and what a replay hands to the aggregator.
/// `series[i]` indexes `keys`; the three point columns have the same length.
public struct LogBatch: Sendable, Equatable {
    /// The series the batch's points belong to; every key is used by at least one point when
    /// the batch was built from a `ParsedBatch`.
    public var keys: [SeriesKey]
    public var series: [Int32]
    public var times: [EpochMillis]
    public var values: [Double]
    /// A client-chosen key naming this batch, so a retried upload can be recognised.
    public var idempotencyKey: String?
    /// The lateness window (ms) the batch was judged with when it was written. Replay judges it
    /// with the same window, so a store reopened with another `--lateness` (an export uses the
    /// default) rebuilds exactly the state that was acknowledged. nil: entries written before
    /// the window was recorded, replayed with the opener's configuration.
    public var lateness: Int64?
    /// A deletion entry: `keys` are series to remove, and there are no points. Logged by
    /// `DELETE /api/v1/series`, `framecast delete` and the expiry of series whose every tier has
    /// expired, and replayed in sequence like any write, so a deletion is as durable as a write.
    public var deletes: Bool

    public init(
        keys: [SeriesKey], series: [Int32], times: [EpochMillis], values: [Double],
        idempotencyKey: String? = nil, lateness: Int64? = nil
    ) {
        self.keys = keys
        self.series = series
        self.times = times
        self.values = values
        self.idempotencyKey = idempotencyKey
        self.lateness = lateness
        deletes = false
    }

    /// A deletion entry for these series.
    public init(deleting keys: [SeriesKey]) {
        self.init(keys: keys, series: [], times: [], values: [])
        deletes = true
    }

    /// The accepted points of a parsed batch. Series the parser interned but that kept no point
    /// (every line of theirs was rejected) are left out and the ids renumbered.
    public init(_ parsed: ParsedBatch, idempotencyKey: String? = nil, lateness: Int64? = nil) {
        let keys = parsed.keys
        var used = [Bool](repeating: false, count: keys.count)
        var usedCount = 0
        for id in parsed.series where !used[Int(id)] {
            used[Int(id)] = true
            usedCount += 1
        }
        if usedCount == keys.count {
            self.init(
                keys: keys, series: parsed.series, times: parsed.times, values: parsed.values,
                idempotencyKey: idempotencyKey, lateness: lateness)
            return
        }
        var remap = [Int32](repeating: -1, count: keys.count)
        var kept: [SeriesKey] = []
        kept.reserveCapacity(usedCount)
        for id in keys.indices where used[id] {
            remap[id] = Int32(kept.count)
            kept.append(keys[id])
        }
        self.init(
            keys: kept, series: parsed.series.map { remap[Int($0)] }, times: parsed.times,
            values: parsed.values, idempotencyKey: idempotencyKey, lateness: lateness)
    }

    public var pointCount: Int { values.count }
}
