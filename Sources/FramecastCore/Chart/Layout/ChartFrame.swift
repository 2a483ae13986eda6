/// The geometry of a chart around its series: the plot rectangle (edges on device pixels), the
/// value axes that fit its height, and where the legend goes. Sized so the tick labels, axis
/// titles and legend take exactly the room they need.
struct ChartFrame: Sendable {
    var plot: Rect
    var left: ValueAxis
    var right: ValueAxis?
    var legend: LegendLayout
    var legendOrigin: Point
    var targetTicks: Int
    /// Sparkline or a chart too small for text: no axes, legend or labels.
    let minimal: Bool

    static func measure(
        spec: ChartSpec, info: ChartLayout.SeriesInfo, legendLabels: [(text: String, color: Color)],
        summaries: [SeriesSummary], stacked: [M4Series]?, kind: ChartKind, provisional: PlotMapping,
        minimal: Bool, measurer: TextMeasurer
    ) -> ChartFrame {
        let width = Double(spec.width)
        let height = Double(spec.height)
        let scale = spec.scale
        func snap(_ value: Double) -> Double { (value * scale).rounded() / scale }
        let ranges = AxisRange.ranges(
            kind: kind, summaries: summaries, stacked: stacked, right: info.right, spec: spec,
            mapping: provisional)
        if minimal {
            let inset = 2.0
            let plot = Rect(x: inset, y: inset, width: snap(width - inset) - inset, height: snap(height - inset) - inset)
            return ChartFrame(
                plot: plot, left: ranges.left.axis(spec.leftAxis, targetTicks: 2),
                right: info.hasRight ? ranges.right.axis(spec.rightAxis, targetTicks: 2) : nil,
                legend: .empty, legendOrigin: Point(0, 0), targetTicks: 2, minimal: true)
        }
        let padding = ChartLayout.padding
        let tickFont = ChartLayout.tickFont * spec.style.fontScale
        let top = padding + (spec.title == nil ? 0 : ChartLayout.titleFont * spec.style.fontScale + 10)
        let legend =
            spec.legend.show
            ? LegendLayout(
                labels: legendLabels, width: width - 2 * padding, measurer: measurer,
                fontSize: ChartLayout.legendFont * spec.style.fontScale,
                unique: spec.style.uniqueLegend)
            : .empty
        let xLabelHeight = tickFont + 6
        let plotTop = snap(top)
        let plotHeight = max(4, snap(height - padding - xLabelHeight - legend.height) - plotTop)
        let targetTicks = max(2, Int(plotHeight / 45))
        let left = ranges.left.axis(spec.leftAxis, targetTicks: targetTicks)
        let right = info.hasRight ? ranges.right.axis(spec.rightAxis, targetTicks: targetTicks) : nil
        func labelWidth(_ axis: ValueAxis) -> Double {
            axis.labels.map { measurer.width(of: $0, size: tickFont, bold: false) }.max() ?? 0
        }
        var plotLeft = padding + labelWidth(left) + 6 + (spec.leftAxis.label == nil ? 0 : tickFont + 6)
        var plotRight = width - padding - 6
        if let right {
            plotRight = width - padding - labelWidth(right) - 6 - (spec.rightAxis.label == nil ? 0 : tickFont + 6)
        }
        plotLeft = snap(plotLeft)
        plotRight = max(plotLeft + 4, snap(plotRight))
        let plot = Rect(x: plotLeft, y: plotTop, width: plotRight - plotLeft, height: plotHeight)
        return ChartFrame(
            plot: plot, left: left, right: right, legend: legend,
            legendOrigin: Point(padding, plot.maxY + xLabelHeight + 6), targetTicks: targetTicks, minimal: false)
    }

    /// Stacked sums depend on the column width: once the final columns are known, widen an auto
    /// axis that no longer covers them (the plot keeps its place).
    mutating func refit(kind: ChartKind, reduced: [M4Series], info: ChartLayout.SeriesInfo, spec: ChartSpec, mapping: PlotMapping) {
        guard kind == .stacked else { return }
        let ranges = AxisRange.ranges(kind: kind, summaries: [], stacked: reduced, right: info.right, spec: spec, mapping: mapping)
        if ranges.left.low < left.lower || ranges.left.high > left.upper {
            left = ranges.left.axis(spec.leftAxis, targetTicks: targetTicks)
        }
        if let current = right, ranges.right.low < current.lower || ranges.right.high > current.upper {
            right = ranges.right.axis(spec.rightAxis, targetTicks: targetTicks)
        }
    }
}
