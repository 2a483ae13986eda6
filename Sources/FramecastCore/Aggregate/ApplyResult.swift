/// Why the Aggregator refused a point. Every refused point is counted under one reason.
public enum PointRejection: Int, CaseIterable, Sendable, CustomStringConvertible {
    /// Older than its series' newest point minus `AggregatorConfig.lateness`.
    case tooLate
    /// Later than the caller's `now` plus `AggregatorConfig.maxFuture`.
    case tooFarInFuture
    /// Before 1970 or from 2200 on (`EpochTime.validRange`).
    case timestampOutOfRange
    /// NaN or infinite value.
    case nonFiniteValue
    /// Within lateness, but older than every tier of its series keeps.
    case beyondRetention
    /// Its series is new and the Aggregator already holds `AggregatorConfig.maxSeries` series.
    case seriesLimit

    /// The case name, for counters and logs (`tooLate`).
    public var name: String {
        switch self {
        case .tooLate: return "tooLate"
        case .tooFarInFuture: return "tooFarInFuture"
        case .timestampOutOfRange: return "timestampOutOfRange"
        case .nonFiniteValue: return "nonFiniteValue"
        case .beyondRetention: return "beyondRetention"
        case .seriesLimit: return "seriesLimit"
        }
    }

    public var description: String {
        switch self {
        case .tooLate: return "older than the series' newest point minus the allowed lateness"
        case .tooFarInFuture: return "timestamp is too far in the future"
        case .timestampOutOfRange: return "timestamp is outside 1970-01-01 … 2199-12-31"
        case .nonFiniteValue: return "value is NaN or infinite"
        case .beyondRetention: return "older than the retention of every tier of its series"
        case .seriesLimit: return "too many series; the series limit is reached"
        }
    }
}

/// How many points were refused, per reason. Fixed fields, no allocation.
public struct RejectionCounts: Sendable, Equatable, CustomStringConvertible {
    private var tooLate = 0, tooFarInFuture = 0, timestampOutOfRange = 0
    private var nonFiniteValue = 0, beyondRetention = 0, seriesLimit = 0

    /// All counts zero.
    public init() {}

    /// Points refused for `reason`.
    public subscript(reason: PointRejection) -> Int {
        get {
            switch reason {
            case .tooLate: return tooLate
            case .tooFarInFuture: return tooFarInFuture
            case .timestampOutOfRange: return timestampOutOfRange
            case .nonFiniteValue: return nonFiniteValue
            case .beyondRetention: return beyondRetention
            case .seriesLimit: return seriesLimit
            }
        }
        set {
            switch reason {
            case .tooLate: tooLate = newValue
            case .tooFarInFuture: tooFarInFuture = newValue
            case .timestampOutOfRange: timestampOutOfRange = newValue
            case .nonFiniteValue: nonFiniteValue = newValue
            case .beyondRetention: beyondRetention = newValue
            case .seriesLimit: seriesLimit = newValue
            }
        }
    }

    /// All refused points.
    public var total: Int {
        tooLate + tooFarInFuture + timestampOutOfRange + nonFiniteValue + beyondRetention + seriesLimit
    }

    /// Non-zero counts as `reason=n` pairs in reason order.
    public var description: String {
        PointRejection.allCases.filter { self[$0] > 0 }.map { "\($0.name)=\(self[$0])" }.joined(separator: " ")
    }
}

/// A series whose visible data changed, with its version after the change.
public struct SeriesChange: Sendable, Equatable, Hashable {
    /// The series that changed.
    public let id: SeriesID
    /// Its version after the change (strictly greater than any version reported before).
    public let version: UInt64

    public init(id: SeriesID, version: UInt64) {
        self.id = id
        self.version = version
    }
}

/// What `Aggregator.apply` did with a batch: the change feed entry for the batch.
public struct ApplyResult: Sendable, Equatable {
    /// Points stored in at least one tier.
    public var accepted = 0
    /// Points refused, per reason (none of them changed anything).
    public var rejected = RejectionCounts()
    /// (point, tier) pairs skipped because the point was older than that tier keeps although a
    /// coarser (longer) tier stored it. Informational: those points are counted as accepted.
    public var tierSkips = 0
    /// Series created by this batch.
    public var newSeries = 0
    /// Series whose data changed, ascending by id, each with its new version. Empty for a
    /// duplicate: a replayed batch changes nothing.
    public var changed: [SeriesChange] = []
    /// The Aggregator's generation after the batch: it moves by one per batch that changed data.
    public var generation: UInt64 = 0
    /// True when the idempotency key was seen before: the batch was not applied again and the
    /// counts are those of the first application.
    public var isDuplicate = false

    public init() {}

    /// Points in the batch: accepted plus rejected.
    public var points: Int { accepted + rejected.total }
}
