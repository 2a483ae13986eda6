/// One rollup tier of a retention policy: buckets `precision` ms wide, kept for `retention` ms.
/// Bucket `i` covers `[i · precision, (i + 1) · precision)` ms since the epoch (UTC-aligned).
public struct RetentionTier: Sendable, Hashable, CustomStringConvertible {
    /// Bucket width in milliseconds.
    public let precision: Int64
    /// How far back the tier keeps data, in milliseconds; a whole multiple of `precision`.
    public let retention: Int64

    /// Makes a tier without validating it; `RetentionPolicy(tiers:)` validates.
    public init(precision: Int64, retention: Int64) {
        self.precision = precision
        self.retention = retention
    }

    /// Buckets a series keeps in this tier at most: `retention / precision`.
    public var bucketCount: Int { Int(retention / precision) }

    /// Whether first/last offsets inside a bucket fit 16 bits (precision ≤ 65,536 ms).
    var hasNarrowOffsets: Bool { precision <= 65_536 }

    /// Bytes a stored bucket of this tier takes in the ring columns: count (4) + sum, min, max,
    /// first, last (5 × 8) + first/last time offsets (2 × 2 when precision ≤ 65.536 s, else
    /// 2 × 4). That is 48 bytes for tiers up to 1 minute-ish, 52 for coarser ones.
    public var bytesPerBucket: Int { BucketColumns.bytesPerBucket(narrow: hasNarrowOffsets) }

    /// `precision:retention` with each duration in its largest exact unit (`10s:1w`).
    public var description: String { "\(Self.format(precision)):\(Self.format(retention))" }

    /// Parses one `precision:retention` tier in Graphite's syntax. A precision without a unit is
    /// seconds; a retention without a unit is a number of points (carbon's `60:1440`).
    public static func parse(_ text: Substring) throws(RetentionError) -> RetentionTier {
        let tier = String(text)
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { throw .malformedTier(tier) }
        let (precisionAmount, precisionUnit) = try split(parts[0], tier: tier)
        let precision = try scale(precisionAmount, by: precisionUnit ?? 1000, text: parts[0], tier: tier)
        guard precision > 0 else { throw .zeroDuration(tier: tier) }
        let (retentionAmount, retentionUnit) = try split(parts[1], tier: tier)
        if retentionUnit == nil, retentionAmount > Int64(RetentionPolicy.maxBucketsPerTier) {
            throw .tooManyBuckets(tier: tier, buckets: retentionAmount)
        }
        let retention = try scale(retentionAmount, by: retentionUnit ?? precision, text: parts[1], tier: tier)
        guard retention > 0 else { throw .zeroDuration(tier: tier) }
        return RetentionTier(precision: precision, retention: retention)
    }

    private static func split(_ text: Substring, tier: String) throws(RetentionError) -> (Int64, Int64?) {
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, let amount = Int64(digits) else { throw .badDuration(String(text), tier: tier) }
        let unit = text.dropFirst(digits.count)
        if unit.isEmpty { return (amount, nil) }
        guard let millis = TimeExpression.unitMillis(unit) else { throw .badDuration(String(text), tier: tier) }
        return (amount, millis)
    }

    private static func scale(_ amount: Int64, by unit: Int64, text: Substring, tier: String) throws(RetentionError) -> Int64 {
        let (product, overflow) = amount.multipliedReportingOverflow(by: unit)
        guard !overflow else { throw .badDuration(String(text), tier: tier) }
        return product
    }

    static let units: [(String, Int64)] = [
        ("y", 365 * 86_400_000), ("w", 7 * 86_400_000), ("d", 86_400_000), ("h", 3_600_000),
        ("m", 60_000), ("s", 1000), ("ms", 1)
    ]

    /// A duration in its largest exact unit: 604800000 → `1w`, 90000 → `90s`.
    public static func format(_ millis: Int64) -> String {
        for (name, size) in units where millis % size == 0 && millis != 0 {
            return "\(millis / size)\(name)"
        }
        return "\(millis)ms"
    }
}
