/// The in-memory rollup engine: turns parsed batches into per-series tiers of buckets
/// (count, sum, min, max, first, last) under retention policies, and answers queries from them.
///
/// Semantics, in short:
/// - Order independence: a bucket's count, min, max, first and last depend only on the set of
///   points in it, not on their arrival order. `first` is the value at the earliest time and
///   `last` the value at the latest; among points at the same millisecond, `first` takes the
///   smallest value and `last` the largest (the tie rule). −0.0 is stored as +0.0. `sum` is a
///   plain floating-point sum: exact, hence order-independent, for integers and dyadic
///   fractions below 2⁵³; otherwise it may differ in the last bits between arrival orders.
/// - Late data: a point may be up to `config.lateness` older than the newest point stored
///   before its batch (a new series takes any history);
///   it then updates closed buckets. Older points, points too far in the future, non-finite
///   values and points of series over the series limit are rejected and counted by reason.
/// - Versions: a series' version moves by one per applied batch that changed it; each apply
///   returns the changed series with their new versions (the change feed).
/// - Memory: rings allocate lazily and grow with the span of buckets held, up to the policy's
///   size; they do not shrink. 48 bytes per bucket (52 for tiers coarser than 65.536 s).
///
/// Pure Swift, no I/O and no clock: the caller passes `now`, persists `checkpoint()` bytes and
/// serialises access (one actor owns it). It is a value type of copy-on-write arrays, so it is
/// `Sendable`, and `let snapshot = aggregator` is an O(1) consistent snapshot that can be
/// encoded elsewhere while the owner keeps applying batches (the owner's next writes then copy
/// the arrays they touch, once: a memcpy of the touched rings, far cheaper than encoding).
///
/// Layout: series are dense `SeriesID`s with per-series columns (`newest`, `versions`, …) and a
/// contiguous run of `TierRing`s in one flat array, one ring per tier of the series' policy.
public struct Aggregator: Sendable {
    /// Policies for new series. Existing series keep the policy they were created with.
    public let rules: RetentionRules
    public let config: AggregatorConfig
    /// Moves by one for every applied batch that changed any series (duplicates do not move it).
    public internal(set) var generation: UInt64 = 0

    /// Canonical key bytes → SeriesID; `interner.keys[id]` is the key.
    var interner = SeriesInterner(capacity: 1024)
    /// Distinct policies in use; `policyOf[id]` indexes it.
    var policies: [RetentionPolicy] = []
    var policyOf: [UInt16] = []
    /// Newest accepted time per series, −1 before its first point.
    var newest: [EpochMillis] = []
    var versions: [UInt64] = []
    /// The series' rings are `rings[tierBase[id] ..< tierBase[id] + tierCount[id]]`, finest first.
    var tierBase: [Int32] = []
    var tierCount: [UInt8] = []
    var rings: [TierRing] = []
    var idempotency: IdempotencyWindow

    public init(rules: RetentionRules, config: AggregatorConfig = AggregatorConfig()) {
        self.rules = rules
        self.config = config
        idempotency = IdempotencyWindow(capacity: config.idempotencyWindow)
    }

    /// A single default policy for every series.
    public init(policy: RetentionPolicy, config: AggregatorConfig = AggregatorConfig()) {
        self.init(rules: RetentionRules(default: policy), config: config)
    }

    /// Series held.
    public var seriesCount: Int { newest.count }

    /// Every series id, ascending.
    public var allSeriesIDs: [SeriesID] { (0..<Int32(seriesCount)).map { SeriesID($0) } }

    /// The key of a series.
    public func key(of id: SeriesID) -> SeriesKey { interner.keys[id.index] }

    /// Version of a series: 0 before any data, then +1 per applied batch that changed it.
    public func version(of id: SeriesID) -> UInt64 { versions[id.index] }

    /// Time of the series' newest accepted point, nil before the first.
    public func newestTime(of id: SeriesID) -> EpochMillis? {
        newest[id.index] < 0 ? nil : newest[id.index]
    }

    /// The retention policy the series was created with.
    public func policy(of id: SeriesID) -> RetentionPolicy { policies[Int(policyOf[id.index])] }

    /// Idempotency keys currently remembered.
    public var idempotencyKeyCount: Int { idempotency.count }

    /// Bytes held by all ring columns (bucket storage; excludes keys and fixed headers).
    public var storageBytes: Int { rings.reduce(0) { $0 + $1.columns.storageBytes } }

    func ringRange(_ id: SeriesID) -> Range<Int> {
        let base = Int(tierBase[id.index])
        return base..<base + Int(tierCount[id.index])
    }
}
