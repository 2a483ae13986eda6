extension LogBatch {
    /// The batch as the aggregator takes it, its points added to `start` (usually
    /// `Aggregator.makeBatch()`, so replay maps known series without lookups).
    public func parsed(into start: ParsedBatch = ParsedBatch()) -> ParsedBatch {
        var batch = start
        let ids = keys.map { batch.interner.intern($0) }
        batch.series = series.map { ids[Int($0)] }
        batch.times = times
        batch.values = values
        return batch
    }
}

extension ParsedBatch {
    /// Removes points later than `limit`, returning how many were removed. The ingest engine
    /// applies the future bound before logging, so that replaying the log later (when "now" has
    /// moved on) accepts exactly the points that were accepted live.
    public mutating func removePoints(after limit: EpochMillis) -> Int {
        guard times.contains(where: { $0 > limit }) else { return 0 }
        var kept = 0
        for i in times.indices where times[i] <= limit {
            series[kept] = series[i]
            times[kept] = times[i]
            values[kept] = values[i]
            kept += 1
        }
        let removed = times.count - kept
        series.removeLast(removed)
        times.removeLast(removed)
        values.removeLast(removed)
        return removed
    }
}
