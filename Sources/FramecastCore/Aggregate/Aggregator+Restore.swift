extension Aggregator {
    /// Rebuilds an Aggregator from `checkpoint()` bytes. Restored series keep the policy they
    /// were checkpointed with (changing `rules` affects new series only, as carbon's schemas do);
    /// `config` may differ from the one in force when the checkpoint was written (a smaller
    /// idempotency window keeps the newest keys). Throws, restoring nothing, on a blob that is
    /// short, foreign, of an unknown version, corrupt (checksum) or inconsistent.
    public init(
        restoring bytes: [UInt8], rules: RetentionRules,
        config: AggregatorConfig = AggregatorConfig()
    ) throws(CheckpointError) {
        var input = try CheckpointReader(bytes)
        self.init(rules: rules, config: config)
        generation = try input.varint()
        let policyCount = try input.count("policy count")
        for p in 0..<policyCount { policies.append(try Self.readPolicy(&input, number: p)) }
        let seriesCount = try input.int(max: Swift.min(config.maxSeries, input.end), "series count")
        for _ in 0..<seriesCount { try readSeries(&input) }
        try readIdempotency(&input)
        guard input.isAtEnd else { throw .invalid("\(input.end - input.position) unread bytes before the checksum") }
    }

    private static func readPolicy(_ input: inout CheckpointReader, number: Int) throws(CheckpointError) -> RetentionPolicy {
        let tierCount = try input.int(max: RetentionPolicy.maxTiers, "tier count of policy \(number)")
        var tiers: [RetentionTier] = []
        for _ in 0..<tierCount {
            let precision = try input.int(max: Int(RetentionPolicy.maxPrecision), "precision")
            let retention = try input.int(max: Int(RetentionPolicy.maxRetention), "retention")
            tiers.append(RetentionTier(precision: Int64(precision), retention: Int64(retention)))
        }
        let policy: RetentionPolicy
        do {
            policy = try RetentionPolicy(tiers: tiers)
        } catch {
            throw .invalid("policy \(number): \(error)")
        }
        guard policy.tiers == tiers else { throw .invalid("policy \(number) tiers are not finest first") }
        return policy
    }

    private mutating func readSeries(_ input: inout CheckpointReader) throws(CheckpointError) {
        let text = try input.string("series key")
        let key = SeriesKey(canonical: text)
        guard !key.name.isEmpty, key.canonical == text else { throw .invalid("series key '\(text)' is not canonical") }
        guard id(of: key) == nil else { throw .invalid("series '\(text)' appears twice") }
        let policyIndex = try input.int(max: policies.count - 1, "policy index of '\(text)'")
        let policy = policies[policyIndex]
        let newestTime = try input.signed()
        guard newestTime >= -1, newestTime < EpochTime.validRange.upperBound else {
            throw .invalid("series '\(text)' has newest time \(newestTime)")
        }
        let version = try input.varint()
        var restored: [TierRing] = []
        for tier in policy.tiers {
            restored.append(try Self.readRing(&input, tier: tier, newest: newestTime, series: text))
        }
        let id = createSeries(key, policy: policy)
        newest[id.index] = newestTime
        versions[id.index] = version
        for (offset, ring) in restored.enumerated() { rings[ringRange(id).lowerBound + offset] = ring }
    }

    private static func readRing(
        _ input: inout CheckpointReader, tier: RetentionTier, newest: EpochMillis,
        series: String
    ) throws(CheckpointError) -> TierRing {
        let head = try input.signed()
        let expected = newest < 0 ? -1 : newest / tier.precision
        guard head == expected else { throw .invalid("series '\(series)' tier \(tier): head \(head), expected \(expected)") }
        guard head >= 0 else { return TierRing(tier: tier) }
        let bucketCount = try input.int(max: tier.bucketCount, "bucket count of '\(series)' tier \(tier)")
        var buckets: [(index: Int64, cell: BucketCell)] = []
        buckets.reserveCapacity(bucketCount)
        let limit = UInt32(tier.precision - 1)
        for n in 0..<bucketCount {
            let step = Int64(try input.int(max: tier.bucketCount - 1, "bucket index gap"))
            guard n == 0 || step > 0 else { throw .invalid("buckets of '\(series)' tier \(tier) are not ascending") }
            let index = n == 0 ? head - step : buckets[n - 1].index + step
            guard index <= head, index > head - Int64(tier.bucketCount), index >= 0 else {
                throw .invalid("bucket \(index) of '\(series)' tier \(tier) is outside the retention")
            }
            let count = try input.int(max: Int(UInt32.max), "bucket point count")
            let firstOffset = try input.int(max: Int(limit), "bucket first offset")
            let lastOffset = try input.int(max: Int(limit), "bucket last offset")
            let cell = BucketCell(
                count: UInt32(count), firstOffset: UInt32(firstOffset), lastOffset: UInt32(lastOffset),
                sum: try input.double(), min: try input.double(), max: try input.double(),
                first: try input.double(), last: try input.double())
            guard count > 0, firstOffset <= lastOffset,
                [cell.sum, cell.min, cell.max, cell.first, cell.last].allSatisfy(\.isFinite)
            else {
                throw .invalid("bucket \(index) of '\(series)' tier \(tier) holds impossible values")
            }
            buckets.append((index, cell))
        }
        return TierRing(tier: tier, head: head, buckets: buckets)
    }

    private mutating func readIdempotency(_ input: inout CheckpointReader) throws(CheckpointError) {
        let count = try input.count("idempotency key count")
        var entries: [(String, ApplySummary)] = []
        for _ in 0..<count {
            let key = try input.string("idempotency key")
            let accepted = try input.int(max: Int.max, "accepted count")
            let reasons = try input.int(max: PointRejection.allCases.count, "rejection reason count")
            guard reasons == PointRejection.allCases.count else { throw .invalid("idempotency entry has \(reasons) reasons") }
            var rejected = RejectionCounts()
            for reason in PointRejection.allCases { rejected[reason] = try input.int(max: Int.max, "rejection count") }
            let summary = ApplySummary(
                accepted: accepted, rejected: rejected,
                tierSkips: try input.int(max: Int.max, "tier skips"),
                newSeries: try input.int(max: Int.max, "new series"),
                generation: try input.varint())
            entries.append((key, summary))
        }
        for (key, summary) in entries.suffix(config.idempotencyWindow) {
            guard idempotency.summary(for: key) == nil else { throw .invalid("idempotency key '\(key)' appears twice") }
            idempotency.record(key, summary)
        }
    }
}
