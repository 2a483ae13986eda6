/// What `Aggregator.apply` knows about one batch-local series while it walks the batch.
struct BatchPlan {
    /// Newest valid time of the series, this batch included (−1: no valid point in the batch).
    var reference: EpochMillis = -1
    /// Points older than this are too late.
    var lateLimit: EpochMillis = .max
    /// Global SeriesID, −1 when the series was refused (series limit).
    var global: Int32 = -1
    var tierBase: Int32 = 0
    var tierCount: Int32 = 0
    /// Some point of the series was stored.
    var touched = false

    /// Counters of one batch.
    struct Tally {
        var accepted = 0
        var tierSkips = 0
        var rejected = RejectionCounts()
    }

    /// First pass: one plan per batch-local series holding its newest valid time. Also checks
    /// that every local id is in range, so the second pass may index without checks.
    static func newestTimes(_ batch: ParsedBatch, latestAllowed: EpochMillis) -> [BatchPlan] {
        var plans = [BatchPlan](repeating: BatchPlan(), count: batch.keys.count)
        let localCount = UInt32(truncatingIfNeeded: plans.count)
        batch.series.withUnsafeBufferPointer { ids in
            batch.times.withUnsafeBufferPointer { times in
                batch.values.withUnsafeBufferPointer { values in
                    for i in 0..<ids.count {
                        let local = ids[i]
                        precondition(UInt32(bitPattern: local) < localCount, "ParsedBatch series id out of range")
                        let time = times[i]
                        if time >= 0 && time <= latestAllowed && values[i].isFinite
                            && time > plans[Int(local)].reference
                        {
                            plans[Int(local)].reference = time
                        }
                    }
                }
            }
        }
        return plans
    }

    /// Second pass: the hot loop. Checks each point, then adds it to every tier of its series.
    static func accumulate(
        ids: UnsafeBufferPointer<Int32>, times: UnsafeBufferPointer<EpochMillis>,
        values: UnsafeBufferPointer<Double>, plans: UnsafeMutableBufferPointer<BatchPlan>,
        rings: UnsafeMutableBufferPointer<TierRing>, latestAllowed: EpochMillis,
        tally: inout Tally
    ) {
        let upper = EpochTime.validRange.upperBound
        var accepted = 0
        var tierSkips = 0
        for i in 0..<ids.count {
            let time = times[i]
            let raw = values[i]
            guard raw.isFinite else {
                tally.rejected[.nonFiniteValue] += 1
                continue
            }
            guard time >= 0 && time < upper else {
                tally.rejected[.timestampOutOfRange] += 1
                continue
            }
            guard time <= latestAllowed else {
                tally.rejected[.tooFarInFuture] += 1
                continue
            }
            let local = Int(ids[i])
            let plan = plans[local]
            guard plan.global >= 0 else {
                tally.rejected[.seriesLimit] += 1
                continue
            }
            guard time >= plan.lateLimit else {
                tally.rejected[.tooLate] += 1
                continue
            }
            let value = raw + 0.0  // −0.0 becomes +0.0: min/max/ties must not see two zeros
            var stored: Int32 = 0
            var ring = Int(plan.tierBase)
            let end = ring + Int(plan.tierCount)
            while ring < end {
                if rings[ring].add(time: time, value: value, reference: plan.reference) { stored += 1 }
                ring += 1
            }
            if stored == 0 {
                tally.rejected[.beyondRetention] += 1
                continue
            }
            tierSkips += Int(plan.tierCount - stored)
            accepted += 1
            if !plan.touched { plans[local].touched = true }
        }
        tally.accepted += accepted
        tally.tierSkips += tierSkips
    }

    /// The batch's columns with the points of each series together (a stable counting sort by
    /// series id, O(n)). Small batches and batches of one series are returned as they are.
    static func groupedBySeries(_ batch: ParsedBatch, seriesCount: Int)
        -> (ids: [Int32], times: [EpochMillis], values: [Double])
    {
        let n = batch.series.count
        guard n >= 4096, seriesCount > 1 else { return (batch.series, batch.times, batch.values) }
        var starts = [Int](repeating: 0, count: seriesCount + 1)
        for id in batch.series { starts[Int(id) + 1] += 1 }
        for i in 1...seriesCount { starts[i] += starts[i - 1] }
        var ids = [Int32](repeating: 0, count: n)
        var times = [EpochMillis](repeating: 0, count: n)
        var values = [Double](repeating: 0, count: n)
        batch.series.withUnsafeBufferPointer { source in
            batch.times.withUnsafeBufferPointer { sourceTimes in
                batch.values.withUnsafeBufferPointer { sourceValues in
                    ids.withUnsafeMutableBufferPointer { ids in
                        times.withUnsafeMutableBufferPointer { times in
                            values.withUnsafeMutableBufferPointer { values in
                                starts.withUnsafeMutableBufferPointer { next in
                                    for i in 0..<n {
                                        let id = Int(source[i])
                                        let at = next[id]
                                        next[id] = at + 1
                                        ids[at] = source[i]
                                        times[at] = sourceTimes[i]
                                        values[at] = sourceValues[i]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (ids, times, values)
    }
}
