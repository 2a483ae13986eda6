/// The values an axis must show, gathered from the reduced series before the axis is made.
struct AxisRange {
    var low = Double.infinity
    var high = -Double.infinity
    /// Smallest value above zero seen, for log axes.
    var minPositive = Double.infinity

    mutating func include(_ value: Double) {
        low = min(low, value)
        high = max(high, value)
        if value > 0 { minPositive = min(minPositive, value) }
    }

    mutating func include(_ summary: SeriesSummary) {
        guard summary.count > 0 else { return }
        include(summary.min)
        include(summary.max)
        minPositive = min(minPositive, summary.minPositive)
    }

    func axis(_ spec: AxisSpec, targetTicks: Int) -> ValueAxis {
        let known = low <= high
        return ValueAxis.make(
            low: known ? low : nil, high: known ? high : nil, minPositive: minPositive.isFinite ? minPositive : nil,
            spec: spec, targetTicks: targetTicks)
    }

    /// Ranges of the left and right axes for `kind`: the series' value ranges, or for stacked
    /// charts the column sums of `stacked` (columns at `mapping`'s width); areas and zero-filled
    /// gaps need zero, and thresholds (left axis) should be in view.
    static func ranges(
        kind: ChartKind, summaries: [SeriesSummary], stacked: [M4Series]?, right: [Bool], spec: ChartSpec,
        mapping: PlotMapping
    ) -> (left: AxisRange, right: AxisRange) {
        var ranges = [AxisRange(), AxisRange()]
        if kind == .stacked, let reduced = stacked {
            for side in [false, true] {
                let members = reduced.indices.filter { right[$0] == side }
                guard let width = members.first.map({ reduced[$0].width }) else { continue }
                var positive = [Double](repeating: 0, count: width)
                var negative = positive
                for index in members {
                    let runs = ColumnRuns.runs(reduced[index], missing: spec.missing, mapping: mapping)
                    for (c, value) in StackedPath.values(reduced[index], runs: runs, missing: spec.missing).enumerated() {
                        guard let value else { continue }
                        if value >= 0 { positive[c] += value } else { negative[c] += value }
                    }
                }
                for c in 0..<width where positive[c] != 0 || negative[c] != 0 {
                    ranges[side ? 1 : 0].include(positive[c])
                    ranges[side ? 1 : 0].include(negative[c])
                }
            }
        } else {
            for (index, summary) in summaries.enumerated() { ranges[right[index] ? 1 : 0].include(summary) }
        }
        let needsZero = kind == .area || kind == .stacked || spec.missing == .zero
        if needsZero && !spec.leftAxis.log && ranges[0].low <= ranges[0].high { ranges[0].include(0) }
        if needsZero && !spec.rightAxis.log && ranges[1].low <= ranges[1].high { ranges[1].include(0) }
        for threshold in spec.thresholds {
            ranges[0].include(threshold.low)
            if let high = threshold.high { ranges[0].include(high) }
        }
        return (ranges[0], ranges[1])
    }
}
