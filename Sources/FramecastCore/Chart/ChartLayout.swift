/// Turns a spec and its series into a Scene: legend, axes, grid, ticks and one path per series.
/// This is the single place where chart layout happens; the PNG and SVG writers only draw.
public enum ChartLayout {
    static let padding = 10.0
    static let tickFont = 11.0
    static let titleFont = 14.0
    static let legendFont = 11.0
    static let lineWidth = 1.5

    /// The reduced series a Scene was drawn from, with the scales that place them.
    public struct Result: Sendable {
        public let scene: Scene
        public let reduced: [M4Series]
        public let valueScale: NiceScale
    }

    public static func layout(spec: ChartSpec, series: [any ChartSource], measurer: TextMeasurer) -> Result {
        let width = Double(spec.width), height = Double(spec.height)
        let theme = spec.theme
        let compact = spec.height < 100 || spec.width < 160
        var items: [SceneItem] = []

        // Vertical budget: title on top; x labels and the legend below the plot.
        var top = padding
        if let title = spec.title, !compact {
            items.append(.text(SceneText(text: title, position: Point(width / 2, padding + titleFont / 2 + 1), size: titleFont,
                                         bold: true, color: theme.text, anchor: .middle, role: .title)))
            top += titleFont + 10
        }
        let legend = compact ? LegendLayout.empty
            : LegendLayout(names: SeriesLabels.labels(for: series.map(\.key)), width: width - 2 * padding, measurer: measurer, fontSize: legendFont)
        let xLabelHeight = compact ? 0 : tickFont + 6
        let bottom = padding + xLabelHeight + (legend.rows > 0 ? Double(legend.rows) * legend.rowHeight + 6 : 0)
        let plotTop = top.rounded()
        let plotHeight = max(4, (height - bottom).rounded() - plotTop)

        // The value range is the same at any column width (M4 keeps the extremes), so a first
        // reduction at a provisional width sizes the axis labels; the final width follows.
        let provisional = max(1, Int((width - 2 * padding - 48) * spec.scale))
        var reduced = series.map { $0.reduce(from: spec.from, until: spec.until, width: provisional) }
        let range = reduced.compactMap(\.valueRange).reduce(nil as ClosedRange<Double>?) { partial, next in
            partial.map { min($0.lowerBound, next.lowerBound)...max($0.upperBound, next.upperBound) } ?? next
        }
        let targetTicks = max(2, Int(plotHeight / 45))
        let scale = NiceScale(covering: range?.lowerBound ?? 0, range?.upperBound ?? 1, targetTicks: targetTicks)
        let magnitude = max(abs(scale.lower), abs(scale.upper))
        let labels = scale.ticks.map { ValueFormat.format($0, step: scale.step, magnitude: magnitude) }
        let labelWidth = compact ? 0 : labels.map { measurer.width(of: $0, size: tickFont, bold: false) }.max() ?? 0
        let plotLeft = compact ? 1 : (padding + labelWidth + 6).rounded()
        let plotRight = compact ? width - 1 : (width - padding - 6).rounded()
        let plot = Rect(x: plotLeft, y: compact ? 1 : plotTop, width: max(4, plotRight - plotLeft),
                        height: compact ? height - 2 : plotHeight)

        let columns = max(1, Int((plot.width * spec.scale).rounded()))
        if columns != provisional {
            reduced = series.map { $0.reduce(from: spec.from, until: spec.until, width: columns) }
        }

        if !compact {
            items += AxisLayout.valueAxis(scale: scale, labels: labels, plot: plot, theme: theme, fontSize: tickFont)
            let ticks = TimeTicks.ticks(from: spec.from, until: spec.until, zone: spec.timeZone, plotWidth: plot.width,
                                        measurer: measurer, fontSize: tickFont)
            items += AxisLayout.timeAxis(ticks: ticks, from: spec.from, until: spec.until, plot: plot, theme: theme, fontSize: tickFont,
                                          canvasWidth: width, measurer: measurer)
            items += legend.items(originY: plot.maxY + xLabelHeight + 6, originX: padding, theme: theme)
        }
        for (index, m4) in reduced.enumerated() {
            let subpaths = LinePath.subpaths(m4, plot: plot, scale: scale, pixelScale: spec.scale)
            items.append(.path(ScenePath(subpaths: subpaths, stroke: Stroke(color: theme.color(forSeries: index), width: lineWidth),
                                         clip: plot, role: .series(index: index, name: series[index].key.description))))
        }
        let scene = Scene(width: width, height: height, scale: spec.scale, background: theme.background, plot: plot, items: items)
        return Result(scene: scene, reduced: reduced, valueScale: scale)
    }
}
