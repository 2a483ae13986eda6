extension ChartLayout {
    /// Fill opacities: areas and bands stay light so grid and other series show through; stacked
    /// layers are denser so neighbouring layers read apart.
    static let areaAlpha: UInt8 = 64
    static let bandAlpha: UInt8 = 96
    static let stackedAlpha: UInt8 = 150

    /// The series drawn per kind, fills first and lines over them, each clipped to the plot.
    /// `skipped` tells whether a log axis had to leave values at or below zero out. Lines are
    /// drawn from `detail`: the series at pixel columns or finer (`LinePath.subColumns`).
    static func seriesItems(
        kind: ChartKind, reduced: [M4Series], detail: [M4Series], info: SeriesInfo, spec: ChartSpec, mapping: PlotMapping,
        left: ValueAxis, right: ValueAxis?
    ) -> (items: [SceneItem], skipped: Bool) {
        var fills: [SceneItem] = []
        var lines: [SceneItem] = []
        func line(_ index: Int, _ subpaths: [[Point]]) -> SceneItem {
            .path(
                ScenePath(
                    subpaths: subpaths, stroke: Stroke(color: info.colors[index], width: spec.style.lineWidth ?? lineWidth),
                    clip: mapping.plot,
                    role: .series(index: index, name: info.keys[index].description)))
        }
        func fill(_ index: Int, _ subpaths: [[Point]], alpha: UInt8) -> SceneItem {
            let color = info.colors[index]
            return .path(
                ScenePath(
                    subpaths: subpaths, stroke: nil, fill: color.withAlpha(UInt8(Int(alpha) * Int(color.alpha) / 255)),
                    clip: mapping.plot, role: .seriesFill(index: index)))
        }
        if kind == .stacked {
            for side in [false, true] {
                let members = reduced.indices.filter { info.right[$0] == side }
                guard !members.isEmpty else { continue }
                let axis = side ? (right ?? left) : left
                let values = members.map { index in
                    let runs = ColumnRuns.runs(reduced[index], missing: spec.missing, mapping: mapping)
                    return StackedPath.values(reduced[index], runs: runs, missing: spec.missing)
                }
                let stacked = StackedPath.layers(values, mapping: mapping) { mapping.y($0, on: axis) }
                for (layer, index) in zip(stacked.layers, members) {
                    fills.append(fill(index, layer.fills, alpha: stackedAlpha))
                    lines.append(line(index, layer.lines))
                }
            }
            return (fills + lines, false)
        }
        var skipped = false
        for (index, series) in reduced.enumerated() {
            let axis = info.right[index] ? (right ?? left) : left
            let y: (Double) -> Double = { mapping.y($0, on: axis) }
            if axis.log && series.columns.contains(where: { $0.count > 0 && $0.min <= 0 }) { skipped = true }
            let runs = ColumnRuns.runs(
                series, missing: spec.missing, mapping: mapping,
                usable: axis.log ? { $0.max > 0 } : { _ in true })
            switch kind {
            case .step:
                lines.append(line(index, StepPath.subpaths(series, runs: runs, mapping: mapping, y: y)))
            case .area:
                let path = LinePath.subpaths(detail[index], runs: runs, mapping: mapping, y: y)
                fills.append(fill(index, AreaPath.fills(lines: path, baseline: baseline(axis, mapping: mapping)), alpha: areaAlpha))
                lines.append(line(index, path))
            case .band:
                let shapes = BandPath.shapes(series, runs: runs, mapping: mapping, y: y)
                fills.append(fill(index, shapes.bands, alpha: bandAlpha))
                lines.append(line(index, shapes.averages))
            case .line, .auto, .stacked:
                lines.append(line(index, LinePath.subpaths(detail[index], runs: runs, mapping: mapping, y: y)))
            }
        }
        return (fills + lines, skipped)
    }

    /// Where an area's fill ends: at zero when zero is on the axis, else the nearer plot edge.
    static func baseline(_ axis: ValueAxis, mapping: PlotMapping) -> Double {
        let plot = mapping.plot
        guard !axis.log else { return plot.maxY }
        return min(plot.maxY, max(plot.minY, mapping.y(0, on: axis)))
    }
}
