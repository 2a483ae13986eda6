import FramecastCore
import FramecastStore

extension CrashTestChild {
    /// What `engineVerify` found.
    public struct EngineVerification: Sendable, CustomStringConvertible {
        /// Distinct acknowledged batches, and their points.
        public var acknowledged = 0
        public var acknowledgedPoints = 0
        /// Acknowledged batches whose every bucket is present with exactly the generated values.
        public var intact = 0
        /// Acknowledged batches with a bucket absent from the recovered rollups.
        public var missing: [UInt64] = []
        /// Acknowledged batches whose buckets are present but hold other values.
        public var damaged: [String] = []
        /// Batches present that were never acknowledged (in flight at a kill: allowed).
        public var unacknowledgedPresent = 0
        /// Buckets no batch the child could have sent explains: a batch half applied, applied
        /// twice, or a bucket outside any batch's slot.
        public var unexpected: [String] = []
        /// The 1 m tier disagrees with the merged 1 s tier.
        public var rollupMismatches: [String] = []
        /// The idempotency window does not remember exactly the keys of the batches present.
        public var idempotency: [String] = []
        /// A sequence number or batch number acknowledged twice.
        public var reused: [String] = []
        /// Acknowledged sequence numbers beyond the last one the engine recovered.
        public var beyondLog: [UInt64] = []
        /// What opening the engine found.
        public var recovery: EngineRecovery?
        /// Batches present in the state, and their points.
        public var presentBatches = 0
        public var presentPoints = 0
        public var idempotencyKeysChecked = 0

        public init() {}

        public var passed: Bool {
            missing.isEmpty && damaged.isEmpty && unexpected.isEmpty && rollupMismatches.isEmpty && idempotency.isEmpty
                && reused.isEmpty && beyondLog.isEmpty && (recovery?.log.isClean ?? false)
        }

        public var description: String {
            "\(passed ? "PASS" : "FAIL"): \(intact)/\(acknowledged) acknowledged batches "
                + "(\(acknowledgedPoints) points) present exactly; \(presentBatches) batches (\(presentPoints) points) "
                + "in the state, \(unacknowledgedPresent) of them unacknowledged; \(idempotencyKeysChecked) idempotency keys; "
                + (recovery.map { "\($0)" } ?? "no recovery")
                + (missing.isEmpty ? "" : "; MISSING \(missing.count): \(missing.prefix(20))")
                + (damaged.isEmpty ? "" : "; DAMAGED \(damaged.count): \(damaged.prefix(5))")
                + (unexpected.isEmpty ? "" : "; UNEXPECTED \(unexpected.count): \(unexpected.prefix(5))")
                + (rollupMismatches.isEmpty ? "" : "; ROLLUP \(rollupMismatches.count): \(rollupMismatches.prefix(5))")
                + (idempotency.isEmpty ? "" : "; IDEMPOTENCY \(idempotency.count): \(idempotency.prefix(5))")
                + (reused.isEmpty ? "" : "; REUSED \(reused.prefix(10))")
                + (beyondLog.isEmpty ? "" : "; BEYOND LOG \(beyondLog.prefix(10))")
                + ((recovery?.log.isClean ?? true) ? "" : "; recovery not clean")
        }
    }

    /// Opens the engine in `dataDirectory` (recovery: checkpoint plus replay, as a restart
    /// does), checks every acknowledgement against the recovered rollups, and closes it again
    /// without writing a checkpoint, so the next run still has a log to replay.
    public static func engineVerify(dataDirectory: String, acks: [EngineAck]) async throws -> EngineVerification {
        let engine = try await IngestEngine(
            directory: dataDirectory, options: engineOptions(checkpointMinimumLogBytes: .max, checkpointEvery: .seconds(86_400)))
        let snapshot = await engine.snapshot()
        let result = verifyEngineState(snapshot, recovery: engine.recovery, acks: acks)
        try await engine.close()
        return result
    }

    /// The checks of `engineVerify`, on a recovered state.
    public static func verifyEngineState(
        _ snapshot: Aggregator, recovery: EngineRecovery,
        acks: [EngineAck]
    ) -> EngineVerification {
        var result = EngineVerification()
        result.recovery = recovery
        var acked = Set<UInt64>()
        var seqs = Set<UInt64>()
        for ack in acks {
            if !seqs.insert(ack.seq).inserted { result.reused.append("seq \(ack.seq)") }
            if !acked.insert(ack.batch).inserted { result.reused.append("batch \(ack.batch)") }
            if ack.seq > recovery.lastSequence { result.beyondLog.append(ack.seq) }
        }
        result.acknowledged = acked.count

        // Every tier-0 bucket of the state, by slot (= batch number) and series index.
        var present: [UInt64: [Int: Bucket]] = [:]
        for index in 0..<engineSeriesCount {
            guard let id = snapshot.id(of: engineSeriesKey(index)) else { continue }
            let tier0 = snapshot.buckets(id, tier: 0, from: 0, until: EpochTime.validRange.upperBound)
            for bucket in tier0 {
                let offset = bucket.start - engineBaseTime
                guard offset >= 1000, offset % 1000 == 0 else {
                    result.unexpected.append("series \(index): bucket \(bucket) outside every batch's slot")
                    continue
                }
                present[UInt64(offset / 1000), default: [:]][index] = bucket
            }
            checkRollup(snapshot, id, index: index, tier0: tier0, into: &result)
        }
        if snapshot.seriesCount > engineSeriesCount {
            result.unexpected.append("\(snapshot.seriesCount) series in the state, \(engineSeriesCount) written")
        }

        // Each slot present must be exactly one whole batch as generated.
        var expectedKeys = 0
        for (batch, buckets) in present {
            let expected = engineExpectedBuckets(batch)
            if buckets == expected {
                result.presentBatches += 1
                result.presentPoints += expected.values.reduce(0) { $0 + Int($1.count) }
                if !acked.contains(batch) { result.unacknowledgedPresent += 1 }
                if let key = engineIdempotencyKey(batch) {
                    expectedKeys += 1
                    checkIdempotency(snapshot, batch: batch, key: key, expected: expected, into: &result)
                }
            } else if acked.contains(batch) {
                result.damaged.append("batch \(batch): \(describe(buckets)) instead of \(describe(expected))")
            } else {
                result.unexpected.append("unacknowledged batch \(batch): \(describe(buckets)) instead of \(describe(expected))")
            }
        }
        if snapshot.idempotencyKeyCount != expectedKeys {
            result.idempotency.append("\(snapshot.idempotencyKeyCount) keys remembered, \(expectedKeys) batches with a key present")
        }

        for batch in acked.sorted() {
            let expected = engineExpectedBuckets(batch)
            result.acknowledgedPoints += expected.values.reduce(0) { $0 + Int($1.count) }
            guard let buckets = present[batch], buckets.count == expected.count else {
                result.missing.append(batch)
                continue
            }
            if buckets == expected { result.intact += 1 }
        }
        return result
    }

    /// The 1 m tier must equal the 1 s tier merged by minute.
    private static func checkRollup(
        _ snapshot: Aggregator, _ id: SeriesID, index: Int, tier0: [Bucket],
        into result: inout EngineVerification
    ) {
        guard snapshot.tiers(of: id).count == 2 else {
            result.rollupMismatches.append("series \(index) has \(snapshot.tiers(of: id).count) tiers")
            return
        }
        var merged: [Bucket] = []
        for bucket in tier0 {
            let minute = bucket.start - ((bucket.start % 60_000) + 60_000) % 60_000
            if let last = merged.last, last.start == minute {
                merged[merged.count - 1] = Bucket(
                    start: minute, count: last.count + bucket.count, sum: last.sum + bucket.sum,
                    min: Swift.min(last.min, bucket.min), max: Swift.max(last.max, bucket.max),
                    first: last.first, last: bucket.last, firstTime: last.firstTime, lastTime: bucket.lastTime)
            } else {
                merged.append(
                    Bucket(
                        start: minute, count: bucket.count, sum: bucket.sum, min: bucket.min, max: bucket.max,
                        first: bucket.first, last: bucket.last, firstTime: bucket.firstTime,
                        lastTime: bucket.lastTime))
            }
        }
        let tier1 = snapshot.buckets(id, tier: 1, from: 0, until: EpochTime.validRange.upperBound)
        if tier1 != merged {
            let differing = zip(tier1, merged).first { $0 != $1 }
            result.rollupMismatches.append(
                "series \(index): \(tier1.count) minute buckets, \(merged.count) expected"
                    + (differing.map { ", e.g. \($0.0) instead of \($0.1)" } ?? ""))
        }
    }

    private static func checkIdempotency(
        _ snapshot: Aggregator, batch: UInt64, key: String, expected: [Int: Bucket],
        into result: inout EngineVerification
    ) {
        result.idempotencyKeysChecked += 1
        let points = expected.values.reduce(0) { $0 + Int($1.count) }
        guard let earlier = snapshot.duplicateResult(for: key) else {
            result.idempotency.append("batch \(batch): key \(key) forgotten")
            return
        }
        if !earlier.isDuplicate || earlier.accepted != points {
            result.idempotency.append("batch \(batch): key \(key) remembers \(earlier.accepted) accepted, not \(points)")
        }
    }

    private static func describe(_ buckets: [Int: Bucket]) -> String {
        "{" + buckets.keys.sorted().map { "s\($0): \(buckets[$0]!)" }.joined(separator: ", ") + "}"
    }
}
