extension ChartLayout {
    /// Logical pixels per hover target: at most width / 2 targets, whatever the data.
    static let targetWidth = 2.0

    static func makeOverlay(
        spec: ChartSpec, kind: ChartKind, mapping: PlotMapping, reduced: [M4Series], info: SeriesInfo,
        stats: [SeriesStats?], frame: ChartFrame, thresholds: [Overlay.Mark], annotations: [Overlay.Mark],
        note: String?
    ) -> Overlay {
        func axis(_ axis: ValueAxis) -> Overlay.Axis {
            Overlay.Axis(lower: axis.lower, upper: axis.upper, log: axis.log, unit: axis.unit)
        }
        let series = info.keys.indices.map { index in
            let unit = info.right[index] ? spec.rightAxis.unit : spec.leftAxis.unit
            let figures = stats[index].map { "\n" + $0.text(LegendStat.allCases, unit: unit) } ?? ""
            return Overlay.Series(
                name: info.names[index], color: info.colors[index], rightAxis: info.right[index],
                legend: index < frame.legend.entries.count
                    ? frame.legend.box(index, originY: frame.legendOrigin.y, originX: frame.legendOrigin.x) : nil,
                stats: stats[index], title: info.names[index] + figures)
        }
        return Overlay(
            width: Double(spec.width), height: Double(spec.height), plot: mapping.plot, from: spec.from,
            until: spec.until, scale: spec.scale, timeZone: spec.timeZone.identifier, kind: kind,
            left: axis(frame.left), right: frame.right.map(axis), series: series,
            targets: hoverTargets(spec: spec, mapping: mapping, reduced: reduced, info: info),
            thresholds: thresholds, annotations: annotations, note: note)
    }

    /// One target per `targetWidth` logical pixels (a whole number of device columns), carrying
    /// each series' min, max and last point within it.
    static func hoverTargets(spec: ChartSpec, mapping: PlotMapping, reduced: [M4Series], info: SeriesInfo) -> [Overlay.Target] {
        let group = max(1, Int((targetWidth * spec.scale).rounded(.up)))
        let count = (mapping.columns + group - 1) / group
        var targets: [Overlay.Target] = []
        targets.reserveCapacity(count)
        for target in 0..<count {
            let first = target * group
            let end = min(mapping.columns, first + group)
            let from = M4Reducer.columnStart(first, from: spec.from, until: spec.until, width: mapping.columns)
            let until =
                end == mapping.columns
                ? spec.until
                : M4Reducer.columnStart(end, from: spec.from, until: spec.until, width: mapping.columns)
            var values: [Overlay.Span?] = []
            values.reserveCapacity(reduced.count)
            var lines = [TimeFormat.full(from, zone: spec.timeZone)]
            for (index, series) in reduced.enumerated() {
                let span = merge(series.columns[first..<min(end, series.columns.count)])
                values.append(span)
                guard let span else { continue }
                let unit = info.right[index] ? spec.rightAxis.unit : spec.leftAxis.unit
                var line = "\(info.names[index]): \(unit.format(span.last))"
                if span.min != span.max { line += " (min \(unit.format(span.min)), max \(unit.format(span.max)))" }
                lines.append(line)
            }
            targets.append(
                Overlay.Target(
                    x: mapping.columnLeft(first), width: Double(end - first) / spec.scale, from: from,
                    until: until, values: values, title: lines.joined(separator: "\n")))
        }
        return targets
    }

    static func merge(_ columns: ArraySlice<M4Column>) -> Overlay.Span? {
        var low = Double.infinity
        var high = -Double.infinity
        var last: (value: Double, time: EpochMillis)? = nil
        for column in columns where column.count > 0 {
            low = min(low, column.min)
            high = max(high, column.max)
            last = (column.last, column.lastTime)
        }
        guard let last else { return nil }
        return Overlay.Span(min: low, max: high, last: last.value, lastTime: last.time)
    }
}
