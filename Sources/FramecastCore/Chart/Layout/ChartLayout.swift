/// Turns a spec and its series into a Scene (legend, axes, grid, ticks, marks and the series
/// drawn per chart kind) and the Overlay that sits on it. This is the single place where chart
/// layout happens; the PNG and SVG writers only draw.
public enum ChartLayout {
    static let padding = 10.0
    static let tickFont = 11.0
    static let titleFont = 14.0
    static let legendFont = 11.0
    static let markFont = 10.0
    static let lineWidth = 1.5

    /// The Scene and Overlay of a chart, with the reduced series and the scales that placed them.
    public struct Result: Sendable {
        public let scene: Scene
        /// The series reduced to one M4 column per device pixel column of the plot.
        public let reduced: [M4Series]
        /// The left value axis.
        public let valueScale: ValueAxis
        /// The right value axis, when some series are assigned to it.
        public let rightScale: ValueAxis?
        /// The kind drawn (`.auto` resolved to line or band).
        public let kind: ChartKind
        /// Where times and values land; shared with the overlay.
        public let mapping: PlotMapping
        let overlayParts: OverlayParts

        /// The interactive layer, built on demand (a PNG render never pays for its hover titles).
        public var overlay: Overlay { overlayParts.make(kind: kind, mapping: mapping, reduced: reduced) }
    }

    /// What the overlay needs beyond the Result's own fields.
    struct OverlayParts: Sendable {
        let spec: ChartSpec
        let info: SeriesInfo
        let stats: [SeriesStats?]
        let frame: ChartFrame
        let thresholds: [Overlay.Mark]
        let annotations: [Overlay.Mark]
        let note: String?

        func make(kind: ChartKind, mapping: PlotMapping, reduced: [M4Series]) -> Overlay {
            makeOverlay(
                spec: spec, kind: kind, mapping: mapping, reduced: reduced, info: info, stats: stats, frame: frame,
                thresholds: thresholds, annotations: annotations, note: note)
        }
    }

    /// What the layout knows of each series before drawing.
    struct SeriesInfo: Sendable {
        let keys: [SeriesKey]
        let names: [String]
        let colors: [Color]
        /// Per series: drawn against the right axis.
        let right: [Bool]
        var hasRight: Bool { right.contains(true) }
    }

    /// Lays out a chart: reduces each series to one M4 column per device pixel column of the plot,
    /// sizes the axes and legend, and draws the series per `spec.kind`. `series` must hold
    /// 1…`ChartSpec.maxSeries` entries (`ChartSpec.validate(seriesCount:)`).
    public static func layout(spec: ChartSpec, series: [any ChartSource], measurer: TextMeasurer) -> Result {
        let minimal = spec.sparkline || spec.height < 100 || spec.width < 160
        let keys = series.map(\.key)
        let onRight = keys.map(spec.isOnRightAxis)
        // With every series on the right there is nothing for the left axis: keep them left.
        let info = SeriesInfo(
            keys: keys, names: SeriesLabels.labels(for: keys),
            colors: keys.enumerated().map { spec.color(for: $1, index: $0) },
            right: onRight.contains(false) ? onRight : keys.map { _ in false })

        // Extremes, sums and last values are the same at any column width, so each series'
        // summary over the range sizes the axes and the legend; then the series are reduced at
        // the plot's final width, in one pass over their points where the source can
        // (`ChartSource.plan`). Stacked axes span column sums: those take the sizing columns.
        let guess = max(1, Int((Double(spec.width) - 2 * padding - 48) * spec.scale))
        let provisional = PlotMapping(
            plot: Rect(x: 0, y: 0, width: Double(guess) / spec.scale, height: 1),
            from: spec.from, until: spec.until, pixelScale: spec.scale)
        let plans = series.map { $0.plan(from: spec.from, until: spec.until, sizingWidth: provisional.columns) }
        let summaries = plans.map(\.summary)
        let stats = summaries.map { SeriesStats($0) }
        var frame = ChartFrame.measure(
            spec: spec, info: info, legendLabels: legendLabels(spec: spec, info: info, stats: stats),
            summaries: summaries, stacked: spec.kind == .stacked ? plans.map { $0.sizing() } : nil,
            kind: spec.kind, provisional: provisional, minimal: minimal, measurer: measurer)
        let mapping = PlotMapping(plot: frame.plot, from: spec.from, until: spec.until, pixelScale: spec.scale)
        // Lines place each column's extremes at their real times where the source records them.
        let extremeTimes = mayDrawLines(spec.kind, summaries: summaries, columns: mapping.columns)
        // Lines are drawn from finer columns (`LinePath.subColumns` per pixel column), reduced
        // once: the pixel columns follow from them exactly.
        let factor = extremeTimes ? LinePath.subColumns : 1
        let detail = plans.map { $0.columns(mapping.columns * factor, extremeTimes) }
        let reduced = detail.map { $0.grouped(by: factor) }
        let kind = resolve(spec.kind, reduced)
        frame.refit(kind: kind, reduced: reduced, info: info, spec: spec, mapping: mapping)

        let drawn = seriesItems(
            kind: kind, reduced: reduced, detail: detail, info: info, spec: spec, mapping: mapping, left: frame.left, right: frame.right)
        let thresholds = thresholdItems(spec: spec, mapping: mapping, axis: frame.left, labels: !minimal)
        let annotations = annotationItems(spec: spec, mapping: mapping, labels: !minimal, measurer: measurer)
        let note = drawn.skipped ? "values ≤ 0 are not shown on the log scale" : nil

        var items: [SceneItem] = []
        if !minimal { items += axisItems(spec: spec, frame: frame, mapping: mapping, measurer: measurer) }
        items += thresholds.behind + annotations.behind + drawn.items + thresholds.front + annotations.front
        if !minimal {
            items += frame.legend.items(originY: frame.legendOrigin.y, originX: frame.legendOrigin.x, theme: spec.theme)
            if let title = spec.title {
                items.append(
                    .text(
                        SceneText(
                            text: title, position: Point(Double(spec.width) / 2, padding + titleFont * spec.style.fontScale / 2 + 1),
                            size: titleFont * spec.style.fontScale, bold: true, color: spec.theme.text, anchor: .middle, role: .title)))
            }
            if let note {
                items.append(
                    .text(
                        SceneText(
                            text: note, position: Point(mapping.plot.minX + 4, mapping.plot.maxY - markFont * spec.style.fontScale / 2 - 3),
                            size: markFont * spec.style.fontScale, bold: false, color: spec.theme.mutedText, anchor: .start, role: .note)))
            }
        }
        let scene = Scene(
            width: Double(spec.width), height: Double(spec.height), scale: spec.scale,
            background: spec.theme.background, plot: mapping.plot, items: items)
        let parts = OverlayParts(
            spec: spec, info: info, stats: stats, frame: frame, thresholds: thresholds.marks,
            annotations: annotations.marks, note: note)
        return Result(
            scene: scene, reduced: reduced, valueScale: frame.left, rightScale: frame.right, kind: kind,
            mapping: mapping, overlayParts: parts)
    }

    /// `.auto` becomes band when the columns drawn average more than `ChartKind.denseThreshold` points.
    static func resolve(_ kind: ChartKind, _ reduced: [M4Series]) -> ChartKind {
        guard kind == .auto else { return kind }
        var points = 0
        var columns = 0
        for series in reduced {
            for column in series.columns where column.count > 0 {
                points += column.count
                columns += 1
            }
        }
        return columns > 0 && Double(points) / Double(columns) > ChartKind.denseThreshold ? .band : .line
    }

    /// Whether `kind` may draw lines through each column's extremes at `columns` wide. `.auto`
    /// surely becomes band when the points outnumber the threshold times every column of every
    /// series (at least as many points per non-empty column), which spares dense data the search
    /// for the extremes' times.
    static func mayDrawLines(_ kind: ChartKind, summaries: [SeriesSummary], columns: Int) -> Bool {
        switch kind {
        case .line, .area: return true
        case .auto:
            let points = summaries.reduce(0) { $0 + $1.count }
            return Double(points) / Double(columns * summaries.count) <= ChartKind.denseThreshold
        case .band, .step, .stacked: return false
        }
    }

    /// Legend texts: the series label, "(right)" for right-axis series, then the chosen figures.
    static func legendLabels(spec: ChartSpec, info: SeriesInfo, stats: [SeriesStats?]) -> [(text: String, color: Color)] {
        info.names.indices.map { index in
            var text = info.names[index]
            if info.right[index] { text += " (right)" }
            if !spec.legend.stats.isEmpty, let figures = stats[index] {
                let unit = info.right[index] ? spec.rightAxis.unit : spec.leftAxis.unit
                text += "   " + figures.text(spec.legend.stats, unit: unit)
            }
            return (text, info.colors[index])
        }
    }

    /// The axes as `spec.style` keeps them.
    static func axisItems(spec: ChartSpec, frame: ChartFrame, mapping: PlotMapping, measurer: TextMeasurer) -> [SceneItem] {
        let (items, timeStart) = unstyledAxisItems(spec: spec, frame: frame, mapping: mapping, measurer: measurer)
        let style = spec.style
        // The default style keeps everything: no second array for the common case.
        guard style.hideAxes || style.hideGrid || style.hideYAxis else { return items }
        return items.indices.compactMap { i in style.keeps(items[i], isValueAxis: i < timeStart) ? items[i] : nil }
    }

    /// Every axis item, value axes first; `timeStart` is where the time axis' items begin.
    static func unstyledAxisItems(spec: ChartSpec, frame: ChartFrame, mapping: PlotMapping, measurer: TextMeasurer) -> (
        items: [SceneItem], timeStart: Int
    ) {
        let tickFont = Self.tickFont * spec.style.fontScale
        var items = AxisLayout.valueAxis(frame.left, mapping: mapping, theme: spec.theme, fontSize: tickFont)
        if let label = spec.leftAxis.label {
            items.append(AxisLayout.title(label, x: padding + tickFont / 2, plot: mapping.plot, theme: spec.theme, fontSize: tickFont))
        }
        if let right = frame.right {
            items += AxisLayout.rightAxis(right, mapping: mapping, theme: spec.theme, fontSize: tickFont)
            if let label = spec.rightAxis.label {
                items.append(
                    AxisLayout.title(
                        label, x: Double(spec.width) - padding - tickFont / 2, plot: mapping.plot,
                        theme: spec.theme, fontSize: tickFont))
            }
        }
        let ticks = TimeTicks.ticks(
            from: spec.from, until: spec.until, zone: spec.timeZone, plotWidth: mapping.plot.width,
            measurer: measurer, fontSize: tickFont)
        let timeStart = items.count
        items += AxisLayout.timeAxis(
            ticks: ticks, mapping: mapping, theme: spec.theme, fontSize: tickFont,
            canvasWidth: Double(spec.width), measurer: measurer)
        return (items, timeStart)
    }
}
