/// Grid lines, axis lines and tick labels. Lines sit on half pixels so a 1 px line is crisp.
enum AxisLayout {
    static func crisp(_ value: Double) -> Double { value.rounded(.down) + 0.5 }

    static func valueAxis(scale: NiceScale, labels: [String], plot: Rect, theme: Theme, fontSize: Double) -> [SceneItem] {
        var grid: [[Point]] = []
        var items: [SceneItem] = []
        for (tick, label) in zip(scale.ticks, labels) {
            let y = crisp(plot.maxY - scale.position(tick, length: plot.height))
            grid.append([Point(plot.minX, y), Point(plot.maxX, y)])
            items.append(.text(SceneText(text: label, position: Point(plot.minX - 6, y), size: fontSize, bold: false,
                                         color: theme.mutedText, anchor: .end, role: .tickLabel)))
        }
        return [.path(ScenePath(subpaths: grid, stroke: Stroke(color: theme.grid, width: 1), role: .grid))] + items
    }

    /// Labels that would run off the canvas are left out; their grid lines stay.
    static func timeAxis(ticks: [TimeTick], from: EpochMillis, until: EpochMillis, plot: Rect, theme: Theme,
                         fontSize: Double, canvasWidth: Double, measurer: TextMeasurer) -> [SceneItem] {
        var grid: [[Point]] = []
        var items: [SceneItem] = []
        let span = Double(until - from)
        for tick in ticks {
            let x = crisp(plot.minX + Double(tick.time - from) / span * plot.width)
            grid.append([Point(x, plot.minY), Point(x, plot.maxY)])
            let half = measurer.width(of: tick.label, size: fontSize, bold: false) / 2
            if x - half < 1 || x + half > canvasWidth - 1 { continue }
            items.append(.text(SceneText(text: tick.label, position: Point(x, plot.maxY + 4 + fontSize / 2 + 1), size: fontSize,
                                         bold: false, color: theme.mutedText, anchor: .middle, role: .tickLabel)))
        }
        let baseline = crisp(plot.maxY)
        let axis = ScenePath(subpaths: [[Point(plot.minX, baseline), Point(plot.maxX, baseline)]],
                             stroke: Stroke(color: theme.axis, width: 1), role: .axis)
        return [.path(ScenePath(subpaths: grid, stroke: Stroke(color: theme.grid, width: 1), role: .grid)), .path(axis)] + items
    }
}
