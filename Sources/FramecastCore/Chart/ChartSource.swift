/// A series as a chart sees it: a key and a way to reduce it to pixel columns. Raw points
/// (`SeriesData`) reduce with `M4Reducer`; stored rollup tiers reduce from their buckets.
public protocol ChartSource: Sendable {
    var key: SeriesKey { get }
    /// M4 columns over [from, until) at `width` device pixel columns.
    func reduce(from: EpochMillis, until: EpochMillis, width: Int) -> M4Series
    /// The same, also recording when each column's min and max occurred where the source can
    /// (`M4Column.minTime`/`maxTime`); the default does not.
    func reduce(from: EpochMillis, until: EpochMillis, width: Int, extremeTimes: Bool) -> M4Series
}

extension ChartSource {
    public func reduce(from: EpochMillis, until: EpochMillis, width: Int, extremeTimes: Bool) -> M4Series {
        reduce(from: from, until: until, width: width)
    }
}

extension SeriesData: ChartSource {
    public func reduce(from: EpochMillis, until: EpochMillis, width: Int) -> M4Series {
        M4Reducer.reduce(self, from: from, until: until, width: width)
    }

    public func reduce(from: EpochMillis, until: EpochMillis, width: Int, extremeTimes: Bool) -> M4Series {
        M4Reducer.reduce(self, from: from, until: until, width: width, extremeTimes: extremeTimes)
    }
}
