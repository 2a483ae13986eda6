import FramecastCore

/// A series held by the aggregator, as a chart source: reduction reads the rollup tier whose
/// buckets fit the pixel columns (Aggregator.query), never raw points.
public struct StoredSeries: ChartSource {
    public let snapshot: Aggregator
    public let id: SeriesID
    /// The tier to read; nil: the one whose buckets fit the columns (the render budget may
    /// set a coarser one, see `Aggregator.readPlan`).
    public let tier: Int?

    public init(snapshot: Aggregator, id: SeriesID, tier: Int? = nil) {
        self.snapshot = snapshot
        self.id = id
        self.tier = tier
    }

    public var key: SeriesKey { snapshot.key(of: id) }

    public func reduce(from: EpochMillis, until: EpochMillis, width: Int) -> M4Series {
        snapshot.query(id, from: from, until: until, width: width, tier: tier)
    }

    /// Time of the oldest point still held (in the coarsest tier), and of the newest.
    public var span: ClosedRange<EpochMillis>? {
        guard let newest = snapshot.newestTime(of: id) else { return nil }
        let coarsest = snapshot.tiers(of: id).count - 1
        let since = snapshot.retainedSince(id, tier: coarsest) ?? newest
        let oldest = snapshot.firstBucket(id, tier: coarsest, from: since)?.firstTime ?? newest
        return min(oldest, newest)...newest
    }
}
