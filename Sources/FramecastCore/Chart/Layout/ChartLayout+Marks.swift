extension ChartLayout {
    /// Scene items of thresholds and annotations: bands and spans go behind the series, lines
    /// and labels in front. `marks` are the same shapes for the overlay.
    struct MarkItems {
        var behind: [SceneItem] = []
        var front: [SceneItem] = []
        var marks: [Overlay.Mark] = []
    }

    static let bandOpacity: UInt8 = 40

    /// Thresholds on the left axis: a dashed line at the value, or a shaded band between two;
    /// the label sits at the plot's right end, above the line or inside the band's top.
    static func thresholdItems(spec: ChartSpec, mapping: PlotMapping, axis: ValueAxis, labels: Bool) -> MarkItems {
        let markFont = Self.markFont * spec.style.fontScale
        let plot = mapping.plot
        var result = MarkItems()
        for (index, threshold) in spec.thresholds.enumerated() {
            let color = threshold.color ?? spec.theme.threshold
            let low = mapping.y(threshold.low, on: axis)
            let labelY: Double
            let rect: Rect
            if let high = threshold.high {
                let top = max(plot.minY, min(low, mapping.y(high, on: axis)))
                let bottom = min(plot.maxY, max(low, mapping.y(high, on: axis)))
                guard bottom > top else { continue }
                rect = Rect(x: plot.minX, y: top, width: plot.width, height: bottom - top)
                let fill = color.alpha == 255 ? color.withAlpha(bandOpacity) : color
                result.behind.append(.rect(SceneRect(rect: rect, fill: fill, role: .threshold(index: index))))
                labelY = top + markFont / 2 + 3
            } else {
                let y = AxisLayout.crisp(low)
                guard y >= plot.minY, y <= plot.maxY else { continue }
                rect = Rect(x: plot.minX, y: y, width: plot.width, height: 0)
                result.front.append(
                    .path(
                        ScenePath(
                            subpaths: [[Point(plot.minX, y), Point(plot.maxX, y)]],
                            stroke: Stroke(color: color, width: 1, dash: [6, 3]), clip: plot,
                            role: .threshold(index: index))))
                labelY = y - markFont / 2 - 2
            }
            if labels, let label = threshold.label {
                result.front.append(
                    .text(
                        SceneText(
                            text: label, position: Point(plot.maxX - 4, labelY), size: markFont, bold: false,
                            color: color.withAlpha(255), anchor: .end, role: .threshold(index: index))))
            }
            result.marks.append(
                Overlay.Mark(
                    index: index, rect: rect, color: color, label: threshold.label,
                    values: [threshold.low] + (threshold.high.map { [$0] } ?? [])))
        }
        return result
    }

    /// Annotations: a dashed vertical line at a time, or a shaded span between two; the label
    /// sits at the top of the plot, right of the line (left of it near the plot's right edge).
    static func annotationItems(spec: ChartSpec, mapping: PlotMapping, labels: Bool, measurer: TextMeasurer) -> MarkItems {
        let markFont = Self.markFont * spec.style.fontScale
        let plot = mapping.plot
        let color = spec.theme.annotation
        var result = MarkItems()
        for (index, annotation) in spec.annotations.enumerated() {
            let start = mapping.x(annotation.time)
            let rect: Rect
            if let end = annotation.end {
                let left = max(plot.minX, start)
                let right = min(plot.maxX, mapping.x(end))
                guard right > left else { continue }
                rect = Rect(x: left, y: plot.minY, width: right - left, height: plot.height)
                result.behind.append(.rect(SceneRect(rect: rect, fill: color.withAlpha(bandOpacity), role: .annotation(index: index))))
            } else {
                let x = AxisLayout.crisp(start)
                guard x >= plot.minX, x <= plot.maxX else { continue }
                rect = Rect(x: x, y: plot.minY, width: 0, height: plot.height)
                result.front.append(
                    .path(
                        ScenePath(
                            subpaths: [[Point(x, plot.minY), Point(x, plot.maxY)]],
                            stroke: Stroke(color: color, width: 1, dash: [4, 3]), clip: plot,
                            role: .annotation(index: index))))
            }
            if labels, let label = annotation.label {
                let width = measurer.width(of: label, size: markFont, bold: false)
                let fitsRight = rect.minX + 3 + width <= plot.maxX
                result.front.append(
                    .text(
                        SceneText(
                            text: label,
                            position: Point(
                                fitsRight ? rect.minX + 3 : rect.minX - 3,
                                plot.minY + markFont / 2 + 3),
                            size: markFont, bold: false, color: color, anchor: fitsRight ? .start : .end,
                            role: .annotation(index: index))))
            }
            result.marks.append(
                Overlay.Mark(
                    index: index, rect: rect, color: color, label: annotation.label,
                    values: [Double(annotation.time)] + (annotation.end.map { [Double($0)] } ?? [])))
        }
        return result
    }
}
