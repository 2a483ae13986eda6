extension Aggregator {
    /// Applies a parsed batch: every point lands in each tier of its series that still keeps its
    /// time, or is rejected and counted (`ApplyResult.rejected`); nothing is dropped silently.
    ///
    /// - `now`: the caller's clock; points later than `now + config.maxFuture` are rejected.
    /// - `idempotencyKey`: when given and among the last `config.idempotencyWindow` keys seen,
    ///   the batch is not applied again; the first application's counts come back with
    ///   `isDuplicate == true`, no changes and no version moves. The key alone identifies the
    ///   batch: contents are not compared.
    /// - `lateness`: the lateness window to judge this batch with instead of `config.lateness`;
    ///   a log replay passes the window the batch was written with.
    ///
    /// Within a batch the outcome does not depend on point order: lateness is judged against
    /// the newest point stored *before* this batch (a new series accepts any history), tier
    /// retention against the newest valid point *including this batch*. Each
    /// series that changed gets its version moved by exactly one, listed in `changed`.
    ///
    /// Cost: two passes over the batch columns, one key lookup per distinct series in the
    /// batch, then per point a few compares and (usually) an update of each tier's open bucket;
    /// no allocation (beyond amortised ring growth) and no dictionary lookup per point. Batch
    /// ids are mapped to global ids once per batch; like `ParsedBatch`'s interner guarantees,
    /// distinct local ids must name distinct series.
    public mutating func apply(
        _ batch: ParsedBatch, now: EpochMillis, idempotencyKey: String? = nil, lateness: EpochMillis? = nil
    ) -> ApplyResult {
        if let key = idempotencyKey, let summary = idempotency.summary(for: key) {
            return summary.duplicateResult
        }
        // The batch's interner extends ours when it was seeded from our current state.
        let extendsOurs = batch.interner.lineage == interner.lineage && batch.seededSeries == seriesCount
        var result = applyPoints(batch, now: now, lateness: lateness ?? config.lateness)
        // If every series the batch added was created here with the batch's own id, its interner
        // (with the raw spellings parsers registered, e.g. Influx `measurement,tags field`)
        // becomes ours, so the next batches find those spellings without rebuilding keys.
        if extendsOurs, batch.interner.count == seriesCount, batch.interner.entryCount > interner.entryCount {
            interner = batch.interner
        }
        if !result.changed.isEmpty { generation += 1 }
        result.generation = generation
        if let key = idempotencyKey { idempotency.record(key, ApplySummary(result)) }
        return result
    }

    private mutating func applyPoints(_ batch: ParsedBatch, now: EpochMillis, lateness: EpochMillis) -> ApplyResult {
        let count = batch.values.count
        precondition(
            batch.series.count == count && batch.times.count == count,
            "ParsedBatch columns must have equal lengths")
        var result = ApplyResult()
        let (sum, overflow) = now.addingReportingOverflow(config.maxFuture)
        let latest = Swift.min(overflow ? .max : sum, EpochTime.validRange.upperBound - 1)
        var plans = BatchPlan.newestTimes(batch, latestAllowed: latest)
        // Ids of a batch seeded from this aggregator's interner are already global.
        let seeded = batch.interner.lineage == interner.lineage ? batch.seededSeries : 0
        for local in plans.indices where plans[local].reference >= 0 {
            let resolved = local < seeded ? SeriesID(Int32(local)) : resolveSeries(batch.keys[local], created: &result.newSeries)
            guard let id = resolved else { continue }
            let reference = Swift.max(plans[local].reference, newest[id.index])
            plans[local].reference = reference
            // Lateness is judged against what was stored before this batch, so a bulk load of
            // history in one batch is accepted whole; within the batch order still does not matter.
            let stored = newest[id.index]
            plans[local].lateLimit = stored >= 0 ? stored - Swift.max(lateness, 0) : .min
            plans[local].global = id.rawValue
            plans[local].tierBase = tierBase[id.index]
            plans[local].tierCount = Int32(tierCount[id.index])
            for ring in ringRange(id) { rings[ring].prepare(reference: reference) }
        }
        var tally = BatchPlan.Tally()
        var rings = self.rings
        self.rings = []  // `rings` is now the only reference: mutated in place, no copy
        // Points grouped by series touch one ring's memory at a time instead of jumping between
        // thousands of rings (cache misses dominated a 10k-series batch); order within a batch
        // does not change the outcome, so grouping is free to do.
        let grouped = BatchPlan.groupedBySeries(batch, seriesCount: plans.count)
        grouped.ids.withUnsafeBufferPointer { ids in
            grouped.times.withUnsafeBufferPointer { times in
                grouped.values.withUnsafeBufferPointer { values in
                    plans.withUnsafeMutableBufferPointer { plans in
                        rings.withUnsafeMutableBufferPointer { rings in
                            BatchPlan.accumulate(
                                ids: ids, times: times, values: values, plans: plans, rings: rings,
                                latestAllowed: latest, tally: &tally)
                        }
                    }
                }
            }
        }
        self.rings = rings
        result.accepted = tally.accepted
        result.rejected = tally.rejected
        result.tierSkips = tally.tierSkips
        for plan in plans where plan.touched {
            let id = SeriesID(plan.global)
            versions[id.index] += 1
            newest[id.index] = Swift.max(newest[id.index], plan.reference)
            result.changed.append(SeriesChange(id: id, version: versions[id.index]))
        }
        result.changed.sort { $0.id < $1.id }
        return result
    }
}
