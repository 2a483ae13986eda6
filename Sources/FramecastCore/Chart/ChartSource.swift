/// A series as a chart sees it: a key and a way to reduce it to pixel columns. Raw points
/// (`SeriesData`) reduce with `M4Reducer`; stored rollup tiers will reduce from their buckets.
public protocol ChartSource: Sendable {
    var key: SeriesKey { get }
    /// M4 columns over [from, until) at `width` device pixel columns.
    func reduce(from: EpochMillis, until: EpochMillis, width: Int) -> M4Series
}

extension SeriesData: ChartSource {
    public func reduce(from: EpochMillis, until: EpochMillis, width: Int) -> M4Series {
        M4Reducer.reduce(self, from: from, until: until, width: width)
    }
}
