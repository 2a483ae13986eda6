extension ChartParameter {
    /// Bounds of fixed axis ends and threshold values: far beyond any metric, and small enough
    /// that the axis arithmetic (max − min, tick counts) stays finite.
    public static let valueBounds: ClosedRange<Double> = -1e300...1e300
    /// Bounds of `refresh` for live streams, in milliseconds (250 ms…1 h).
    public static let refreshRange: ClosedRange<Int64> = 250...3_600_000
    /// Series patterns one chart may name (`series`, repeatable and comma-separated).
    public static let maxSeriesPatterns = 20

    /// Every chart parameter, once. The CLI's chart flags and the HTTP API's chart parameters
    /// are read from these entries; `ChartSpec` holds the same bounds for direct callers.
    public static let table: [ChartParameterName: ChartParameter] = {
        let side = ChartSpec.sideRange
        let entries: [ChartParameter] = [
            ChartParameter(
                .series, .glob, help: "Series to draw, as a Graphite glob (* within a node, ** across nodes).", valueName: "glob",
                repeatable: true, maxValues: maxSeriesPatterns, noun: "series patterns", example: "cpu.*.user"),
            ChartParameter(
                .from, .time,
                help: "Start: absolute (2014-07-01, 2014-07-01T12:00:00Z, epoch) or relative (-24h, -7d, now). Default: first point.",
                valueName: "time", example: "-1h"),
            ChartParameter(
                .until, .time, help: "End, in the same forms. Default: just after the last point.", valueName: "time", example: "now"),
            ChartParameter(
                .width, .integer(side), default: "800",
                help: "Width in logical pixels (\(side.lowerBound)…\(side.upperBound)).", valueName: "pixels", example: "400"),
            ChartParameter(
                .height, .integer(side), default: "300",
                help: "Height in logical pixels (\(side.lowerBound)…\(side.upperBound)).", valueName: "pixels", example: "200"),
            ChartParameter(
                .scale, .number(ChartSpec.scaleRange), default: "1",
                help: "Pixel scale for HiDPI output (1…4); everything is drawn larger, not upscaled.", valueName: "factor", example: "2"),
            ChartParameter(
                .format, .choice(ChartOutputFormat.allCases.map(\.rawValue)), default: "png",
                help:
                    "Output format: png, svg (the whole chart as vector), overlay (the SVG hover layer that sits on the PNG) or json (M4 columns; HTTP only). Default: from the output name (.overlay.svg, .svg), else png.",
                valueName: "format", example: "svg"),
            ChartParameter(.title, .text(maxBytes: ChartSpec.maxTitleBytes), help: "Chart title.", valueName: "text", example: "CPU"),
            ChartParameter(
                .tz, .timeZone, default: "UTC",
                help: "IANA time zone for the time axis and for timestamps written without an offset.", valueName: "Area/City",
                example: "Europe/Berlin"),
            ChartParameter(
                .kind, .choice(ChartKind.allCases.map(\.rawValue)), default: "auto",
                help:
                    "Chart kind: line, step, area, stacked, band (min–max band + average) or auto (band when a pixel column holds more than 4 points).",
                valueName: "kind", example: "line"),
            ChartParameter(
                .color, .structured, help: "Colour for the series a glob matches, as GLOB=#rrggbb (repeatable; first match wins).",
                valueName: "glob=#hex", repeatable: true, maxValues: ChartSpec.maxColors, noun: "colour overrides",
                example: "cpu.*=#d62728"),
            ChartParameter(
                .legend, .boolean, default: "true", help: "Show the legend (--no-legend or legend=false hides it).", valueName: "bool",
                example: "false"),
            ChartParameter(
                .legendStats, .boolean, default: "false", help: "Show last, min, max and avg of each series in the legend.",
                valueName: "bool",
                example: "true"),
            ChartParameter(
                .legendStat, .choice(LegendStat.allCases.map(\.rawValue)),
                help: "Show one figure in the legend: last, min, max or avg (repeatable).", valueName: "stat", repeatable: true,
                example: "max"),
            ChartParameter(
                .yLabel, .text(maxBytes: ChartSpec.maxLabelBytes), help: "Title of the left y axis.", valueName: "text", example: "req/s"),
            ChartParameter(
                .yMin, .number(valueBounds), help: "Fixed lower end of the left y axis (default: auto).", valueName: "number", example: "0"),
            ChartParameter(
                .yMax, .number(valueBounds), help: "Fixed upper end of the left y axis (default: auto).", valueName: "number",
                example: "100"),
            ChartParameter(
                .log, .boolean, default: "false",
                help: "Logarithmic left y axis; values at or below zero are left out, and the chart says so.",
                valueName: "bool", example: "true"),
            ChartParameter(
                .unit, .choice(ValueUnit.allCases.map(\.rawValue)), default: "si",
                help:
                    "How values are written: si (1.5k, 2M; default), binary (bytes: KiB, MiB), duration (seconds: ms, s, min, h) or none.",
                valueName: "unit", example: "binary"),
            ChartParameter(
                .rightAxis, .glob, help: "Draw the series this glob matches against a second y axis on the right (repeatable).",
                valueName: "glob", repeatable: true, maxValues: ChartSpec.maxRightAxisPatterns, noun: "right-axis patterns",
                example: "latency.*"),
            ChartParameter(
                .rightUnit, .choice(ValueUnit.allCases.map(\.rawValue)), help: "Unit of the right y axis (default: as unit).",
                valueName: "unit", example: "duration"),
            ChartParameter(
                .rightYLabel, .text(maxBytes: ChartSpec.maxLabelBytes), help: "Title of the right y axis.", valueName: "text",
                example: "seconds"),
            ChartParameter(
                .threshold, .structured,
                help: "Horizontal line, or band with two values: VALUE[:VALUE2][:#rrggbb][:LABEL] (repeatable; negative: --threshold=-5).",
                valueName: "spec", repeatable: true, maxValues: ChartSpec.maxThresholds, noun: "thresholds", example: "90:#d62728:SLO"),
            ChartParameter(
                .annotation, .structured, help: "Vertical line, or span with two times: TIME[/TIME2][:LABEL] (repeatable).",
                valueName: "spec", repeatable: true, maxValues: ChartSpec.maxAnnotations, noun: "annotations",
                example: "2014-11-02T01:30:00:deploy"),
            ChartParameter(
                .missing, .choice(MissingData.allCases.map(\.rawValue)), default: "gap",
                help: "Where data is missing: gap (default), connect or zero.", valueName: "mode", example: "connect"),
            ChartParameter(
                .theme, .choice(Theme.all.map(\.name)), default: "light",
                help: "Theme: light, dark or transparent (no background; PNG keeps alpha).", valueName: "theme", example: "dark"),
            ChartParameter(
                .sparkline, .boolean, default: "false", help: "Sparkline: no axes, legend or text, minimal padding (for badges).",
                valueName: "bool", example: "true"),
            ChartParameter(
                .refresh, .duration(refreshRange), default: "1s", help: "How often a live stream draws a new frame (250ms…1h).",
                valueName: "duration", example: "5s", frontEnds: [.http])
        ]
        return Dictionary(uniqueKeysWithValues: entries.map { ($0.name, $0) })
    }()
}
