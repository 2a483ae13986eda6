/// Grid lines, axis lines and tick labels. Lines sit on half pixels so a 1 px line is crisp.
enum AxisLayout {
    static func crisp(_ value: Double) -> Double { value.rounded(.down) + 0.5 }

    /// The left axis: a grid line and a label per tick.
    static func valueAxis(_ axis: ValueAxis, mapping: PlotMapping, theme: Theme, fontSize: Double) -> [SceneItem] {
        let plot = mapping.plot
        var grid: [[Point]] = []
        var items: [SceneItem] = []
        for (tick, label) in zip(axis.ticks, axis.labels) {
            let y = crisp(mapping.y(tick, on: axis))
            guard y >= plot.minY - 1, y <= plot.maxY + 1 else { continue }
            grid.append([Point(plot.minX, y), Point(plot.maxX, y)])
            items.append(
                .text(
                    SceneText(
                        text: label, position: Point(plot.minX - 6, y), size: fontSize, bold: false,
                        color: theme.mutedText, anchor: .end, role: .tickLabel)))
        }
        return [.path(ScenePath(subpaths: grid, stroke: Stroke(color: theme.grid, width: 1), role: .grid))] + items
    }

    /// The right axis: its own ticks as short marks outside the plot, labels beside them, and an
    /// axis line; no grid lines, so the two scales are not confused.
    static func rightAxis(_ axis: ValueAxis, mapping: PlotMapping, theme: Theme, fontSize: Double) -> [SceneItem] {
        let plot = mapping.plot
        let edge = crisp(plot.maxX)
        var marks: [[Point]] = [[Point(edge, plot.minY), Point(edge, plot.maxY)]]
        var items: [SceneItem] = []
        for (tick, label) in zip(axis.ticks, axis.labels) {
            let y = crisp(mapping.y(tick, on: axis))
            guard y >= plot.minY - 1, y <= plot.maxY + 1 else { continue }
            marks.append([Point(edge, y), Point(edge + 4, y)])
            items.append(
                .text(
                    SceneText(
                        text: label, position: Point(plot.maxX + 6, y), size: fontSize, bold: false,
                        color: theme.mutedText, anchor: .start, role: .tickLabel)))
        }
        return [.path(ScenePath(subpaths: marks, stroke: Stroke(color: theme.axis, width: 1), role: .axis))] + items
    }

    /// An axis title written bottom to top, centred on the plot's height, at `x`.
    static func title(_ text: String, x: Double, plot: Rect, theme: Theme, fontSize: Double) -> SceneItem {
        .text(
            SceneText(
                text: text, position: Point(x, plot.minY + plot.height / 2), size: fontSize, bold: false,
                color: theme.text, anchor: .middle, role: .axisTitle, vertical: true))
    }

    /// Labels that would run off the canvas are left out; their grid lines stay.
    static func timeAxis(
        ticks: [TimeTick], mapping: PlotMapping, theme: Theme, fontSize: Double, canvasWidth: Double,
        measurer: TextMeasurer
    ) -> [SceneItem] {
        let plot = mapping.plot
        var grid: [[Point]] = []
        var items: [SceneItem] = []
        for tick in ticks {
            let x = crisp(mapping.x(tick.time))
            grid.append([Point(x, plot.minY), Point(x, plot.maxY)])
            let half = measurer.width(of: tick.label, size: fontSize, bold: false) / 2
            if x - half < 1 || x + half > canvasWidth - 1 { continue }
            items.append(
                .text(
                    SceneText(
                        text: tick.label, position: Point(x, plot.maxY + 4 + fontSize / 2 + 1), size: fontSize,
                        bold: false, color: theme.mutedText, anchor: .middle, role: .tickLabel)))
        }
        let baseline = crisp(plot.maxY)
        let axis = ScenePath(
            subpaths: [[Point(plot.minX, baseline), Point(plot.maxX, baseline)]],
            stroke: Stroke(color: theme.axis, width: 1), role: .axis)
        return [.path(ScenePath(subpaths: grid, stroke: Stroke(color: theme.grid, width: 1), role: .grid)), .path(axis)] + items
    }
}
