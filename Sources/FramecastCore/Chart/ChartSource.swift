/// A series as a chart sees it: a key and a way to reduce it to pixel columns. Raw points
/// (`SeriesData`) reduce with `M4Reducer`; stored rollup tiers reduce from their buckets.
public protocol ChartSource: Sendable {
    var key: SeriesKey { get }
    /// M4 columns over [from, until) at `width` device pixel columns.
    func reduce(from: EpochMillis, until: EpochMillis, width: Int) -> M4Series
    /// The same, also recording when each column's min and max occurred where the source can
    /// (`M4Column.minTime`/`maxTime`); the default does not.
    func reduce(from: EpochMillis, until: EpochMillis, width: Int, extremeTimes: Bool) -> M4Series
    /// How a chart over [from, until) gets this series: a summary that sizes the axes and legend,
    /// then the columns at the plot's final width. The default reduces at `sizingWidth` for the
    /// summary and again at the final width; sources that can do it in one pass over their
    /// points override it (`SeriesData`, the CLI's streamed files).
    func plan(from: EpochMillis, until: EpochMillis, sizingWidth: Int) -> ReductionPlan
}

extension ChartSource {
    public func reduce(from: EpochMillis, until: EpochMillis, width: Int, extremeTimes: Bool) -> M4Series {
        reduce(from: from, until: until, width: width)
    }

    public func plan(from: EpochMillis, until: EpochMillis, sizingWidth: Int) -> ReductionPlan {
        ReductionPlan.reducingTwice(self, from: from, until: until, sizingWidth: sizingWidth)
    }
}

/// A series' reductions for one chart (`ChartSource.plan`).
public struct ReductionPlan: Sendable {
    /// Count, extremes, sum and last value over the chart's range, for the axes and the legend.
    public let summary: SeriesSummary
    /// Columns at the sizing width: only stacked charts need them (their axes span column sums).
    public let sizing: @Sendable () -> M4Series
    /// Columns at the plot's final width (`extremeTimes` as in `ChartSource.reduce`).
    public let columns: @Sendable (_ width: Int, _ extremeTimes: Bool) -> M4Series

    public init(
        summary: SeriesSummary, sizing: @escaping @Sendable () -> M4Series,
        columns: @escaping @Sendable (_ width: Int, _ extremeTimes: Bool) -> M4Series
    ) {
        self.summary = summary
        self.sizing = sizing
        self.columns = columns
    }

    /// Reduces at the sizing width for the summary, and again at the final width unless it is
    /// the same and no extreme times are wanted.
    public static func reducingTwice(
        _ source: some ChartSource, from: EpochMillis, until: EpochMillis,
        sizingWidth: Int
    ) -> ReductionPlan {
        let sizing = source.reduce(from: from, until: until, width: sizingWidth)
        return ReductionPlan(
            summary: SeriesSummary(sizing), sizing: { sizing },
            columns: { width, extremeTimes in
                width == sizingWidth && !extremeTimes
                    ? sizing : source.reduce(from: from, until: until, width: width, extremeTimes: extremeTimes)
            })
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
