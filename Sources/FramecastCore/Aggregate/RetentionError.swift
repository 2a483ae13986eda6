/// Why a retention policy or rule was refused. Every description names the offending text and
/// says what to write instead.
public enum RetentionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The policy text holds no tiers at all.
    case empty
    /// A tier is not of the form `precision:retention` (e.g. `10s:7d`).
    case malformedTier(String)
    /// A precision or retention is not a whole number with an optional known unit.
    case badDuration(String, tier: String)
    /// A precision or retention is zero.
    case zeroDuration(tier: String)
    /// The precision is below 1 ms or above `RetentionPolicy.maxPrecision` (4 weeks).
    case precisionOutOfRange(tier: String)
    /// The retention is not a whole number of buckets of the tier's precision.
    case retentionNotMultipleOfPrecision(tier: String)
    /// The retention is longer than `RetentionPolicy.maxRetention` (100 years).
    case retentionTooLong(tier: String)
    /// The tier would need more than `RetentionPolicy.maxBucketsPerTier` buckets per series.
    case tooManyBuckets(tier: String, buckets: Int64)
    /// More than `RetentionPolicy.maxTiers` tiers.
    case tooManyTiers(count: Int)
    /// Two tiers have the same precision.
    case duplicatePrecision(String)
    /// A coarser tier's precision is not a whole multiple of the next finer tier's precision.
    case precisionNotMultiple(finer: String, coarser: String)
    /// A coarser tier does not keep data strictly longer than the next finer tier.
    case retentionNotIncreasing(finer: String, coarser: String)
    /// A retention rule is not of the form `GLOB=POLICY`.
    case ruleWithoutEquals(String)
    /// A retention rule has nothing before its `=`.
    case emptyGlob(String)
    /// A retention rule's policy is invalid; the wrapped error says why.
    indirect case badRule(String, RetentionError)

    public var description: String {
        switch self {
        case .empty:
            return "retention policy is empty: give comma-separated tiers such as 1s:6h,10s:7d,1m:1y"
        case .malformedTier(let tier):
            return "retention tier '\(tier)' is not precision:retention; write e.g. 10s:7d or 60:1440"
        case .badDuration(let text, let tier):
            return "'\(text)' in retention tier '\(tier)' is not a duration: use a whole number with a unit "
                + "ms, s, m/min, h, d, w or y (a plain number is seconds for a precision, points for a retention)"
        case .zeroDuration(let tier):
            return "retention tier '\(tier)' has a zero precision or retention; both must be positive"
        case .precisionOutOfRange(let tier):
            return "retention tier '\(tier)': precision must be between 1ms and 4w"
        case .retentionNotMultipleOfPrecision(let tier):
            return "retention tier '\(tier)': retention must be a whole multiple of the precision"
        case .retentionTooLong(let tier):
            return "retention tier '\(tier)': retention may be at most 100y"
        case .tooManyBuckets(let tier, let buckets):
            return "retention tier '\(tier)' needs \(buckets) buckets per series; the limit is "
                + "\(RetentionPolicy.maxBucketsPerTier): use a coarser precision or a shorter retention"
        case .tooManyTiers(let count):
            return "retention policy has \(count) tiers; at most \(RetentionPolicy.maxTiers) are allowed"
        case .duplicatePrecision(let precision):
            return "two retention tiers have the precision \(precision); give each tier its own precision"
        case .precisionNotMultiple(let finer, let coarser):
            return "retention tier '\(coarser)': its precision must be a whole multiple of the finer tier '\(finer)'s"
        case .retentionNotIncreasing(let finer, let coarser):
            return "retention tier '\(coarser)' must keep data longer than the finer tier '\(finer)'"
        case .ruleWithoutEquals(let rule):
            return "retention rule '\(rule)' is not GLOB=POLICY; write e.g. servers.*.cpu=10s:7d,1m:1y"
        case .emptyGlob(let rule):
            return "retention rule '\(rule)' has no glob before '='; use ** to match every series"
        case .badRule(let rule, let error):
            return "retention rule '\(rule)': \(error)"
        }
    }
}
