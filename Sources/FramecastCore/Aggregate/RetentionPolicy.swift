/// How long a series keeps data at which resolution, in Graphite's form: `1s:6h,10s:7d,1m:1y`
/// keeps 1-second buckets for 6 hours, 10-second buckets for 7 days and 1-minute buckets for a
/// year. Every tier is fed from the raw points (not consolidated from the finer tier), so each
/// tier's buckets are exact aggregates of the points that fell in them.
///
/// Tiers are held finest first. A valid policy has 1…`maxTiers` tiers; each precision lies in
/// 1 ms…4 w; each retention is a whole number of buckets, at most `maxBucketsPerTier` of them and
/// at most 100 years; each coarser precision is a whole multiple of the finer one; and each
/// coarser tier keeps data strictly longer than the finer one.
public struct RetentionPolicy: Sendable, Hashable, CustomStringConvertible {
    /// The tiers, finest (smallest precision) first.
    public let tiers: [RetentionTier]

    /// Most tiers a policy may have.
    public static let maxTiers = 8
    /// Most buckets a tier may keep per series (10 M buckets ≈ 480 MB for one busy series).
    public static let maxBucketsPerTier = 10_000_000
    /// Widest allowed bucket: 4 weeks, so offsets inside a bucket fit 32 bits.
    public static let maxPrecision: Int64 = 28 * 86_400_000
    /// Longest allowed retention: 100 years of 365 days.
    public static let maxRetention: Int64 = 100 * 365 * 86_400_000

    /// Parses and validates a policy such as `1s:6h,10s:7d,1m:1y` or carbon's `60:1440`.
    /// Tiers may be given in any order; blanks around tiers are ignored.
    public init(_ text: String) throws(RetentionError) {
        var tiers: [RetentionTier] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let trimmed = part.trimmedForRetention
            guard !trimmed.isEmpty else {
                if text.allSatisfy({ $0 == " " || $0 == "," }) { throw .empty }
                throw .malformedTier(String(part))
            }
            tiers.append(try RetentionTier.parse(trimmed))
        }
        try self.init(tiers: tiers)
    }

    /// Validates tiers given in any order and sorts them finest first.
    public init(tiers: [RetentionTier]) throws(RetentionError) {
        guard !tiers.isEmpty else { throw .empty }
        guard tiers.count <= Self.maxTiers else { throw .tooManyTiers(count: tiers.count) }
        for tier in tiers { try Self.validate(tier) }
        let sorted = tiers.sorted { $0.precision < $1.precision }
        for (finer, coarser) in zip(sorted, sorted.dropFirst()) {
            if finer.precision == coarser.precision {
                throw .duplicatePrecision(RetentionTier.format(finer.precision))
            }
            if coarser.precision % finer.precision != 0 {
                throw .precisionNotMultiple(finer: finer.description, coarser: coarser.description)
            }
            if coarser.retention <= finer.retention {
                throw .retentionNotIncreasing(finer: finer.description, coarser: coarser.description)
            }
        }
        self.tiers = sorted
    }

    private static func validate(_ tier: RetentionTier) throws(RetentionError) {
        let text = tier.description
        guard tier.precision > 0, tier.retention > 0 else { throw .zeroDuration(tier: text) }
        guard tier.precision <= maxPrecision else { throw .precisionOutOfRange(tier: text) }
        guard tier.retention % tier.precision == 0 else { throw .retentionNotMultipleOfPrecision(tier: text) }
        guard tier.retention <= maxRetention else { throw .retentionTooLong(tier: text) }
        let buckets = tier.retention / tier.precision
        guard buckets <= Int64(maxBucketsPerTier) else { throw .tooManyBuckets(tier: text, buckets: buckets) }
    }

    /// The finest tier.
    public var finest: RetentionTier { tiers[0] }
    /// The coarsest tier, which keeps data longest.
    public var coarsest: RetentionTier { tiers[tiers.count - 1] }

    /// Canonical text, finest tier first: `1s:6h,10s:1w,1m:1y`.
    public var description: String { tiers.map(\.description).joined(separator: ",") }

    /// Most bytes one series can hold in ring columns under this policy (all rings full).
    public var maxBytesPerSeries: Int { tiers.reduce(0) { $0 + $1.bucketCount * $1.bytesPerBucket } }
}
