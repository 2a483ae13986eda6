import ArgumentParser
import Foundation
import FramecastCore

/// The chart flags of `framecast export`. Parsing stays thin: each value goes to the Core parser
/// the HTTP API will use too, and a Core error comes back prefixed with the flag's name.
struct ChartOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Chart kind: line, step, area, stacked, band (min–max band + average) or auto (band when a pixel column holds more than 4 points).",
            valueName: "kind"))
    var kind: String = "auto"

    @Option(
        name: .customLong("color"),
        help: ArgumentHelp("Colour for the series a glob matches, as GLOB=#rrggbb (repeatable; first match wins).", valueName: "glob=#hex"))
    var colors: [String] = []

    @Flag(help: "Show last, min, max and avg of each series in the legend.")
    var legendStats = false

    @Option(
        name: .customLong("legend-stat"),
        help: ArgumentHelp("Show one figure in the legend: last, min, max or avg (repeatable).", valueName: "stat"))
    var legendStatList: [String] = []

    @Flag(help: "Hide the legend.")
    var noLegend = false

    @Option(help: ArgumentHelp("Title of the left y axis.", valueName: "text"))
    var yLabel: String?

    @Option(help: ArgumentHelp("Fixed lower end of the left y axis (default: auto).", valueName: "number"))
    var yMin: Double?

    @Option(help: ArgumentHelp("Fixed upper end of the left y axis (default: auto).", valueName: "number"))
    var yMax: Double?

    @Flag(help: "Logarithmic left y axis; values at or below zero are left out, and the chart says so.")
    var log = false

    @Option(
        help: ArgumentHelp(
            "How values are written: si (1.5k, 2M; default), binary (bytes: KiB, MiB), duration (seconds: ms, s, min, h) or none.",
            valueName: "unit"))
    var unit: String = "si"

    @Option(
        name: .customLong("right-axis"),
        help: ArgumentHelp("Draw the series this glob matches against a second y axis on the right (repeatable).", valueName: "glob"))
    var rightAxis: [String] = []

    @Option(help: ArgumentHelp("Unit of the right y axis (default: as --unit).", valueName: "unit"))
    var rightUnit: String?

    @Option(help: ArgumentHelp("Title of the right y axis.", valueName: "text"))
    var rightYLabel: String?

    @Option(
        name: .customLong("threshold"),
        help: ArgumentHelp(
            "Horizontal line, or band with two values: VALUE[:VALUE2][:#rrggbb][:LABEL] (repeatable; negative: --threshold=-5).",
            valueName: "spec"))
    var thresholds: [String] = []

    @Option(
        name: .customLong("annotation"),
        help: ArgumentHelp("Vertical line, or span with two times: TIME[/TIME2][:LABEL] (repeatable).", valueName: "spec"))
    var annotations: [String] = []

    @Option(help: ArgumentHelp("Where data is missing: gap (default), connect or zero.", valueName: "mode"))
    var missing: String = "gap"

    @Option(help: ArgumentHelp("Theme: light, dark or transparent (no background; PNG keeps alpha).", valueName: "theme"))
    var theme: String = "light"

    @Flag(help: "Sparkline: no axes, legend or text, minimal padding (for badges).")
    var sparkline = false

    /// Builds the spec; `times` parses annotation times as --from/--until are parsed.
    func spec(
        width: Int, height: Int, scale: Double, from: EpochMillis, until: EpochMillis, title: String?, timeZone: String,
        now: EpochMillis, parser: TimestampParser
    ) throws -> ChartSpec {
        let kind = try flag("--kind") { () throws(ChartSpecError) in try ChartKind(parsing: self.kind) }
        let theme = try flag("--theme") { () throws(ChartSpecError) in try Theme(parsing: self.theme) }
        let unit = try flag("--unit") { () throws(ChartSpecError) in try ValueUnit(parsing: self.unit) }
        let rightUnit = try flag("--right-unit") { () throws(ChartSpecError) in try self.rightUnit.map(ValueUnit.init(parsing:)) ?? unit }
        let missing = try flag("--missing") { () throws(ChartSpecError) in try MissingData(parsing: self.missing) }
        let colors = try colors.map { text in try flag("--color") { () throws(ChartSpecError) in try SeriesColor(parsing: text) } }
        let thresholds = try thresholds.map { text in try flag("--threshold") { () throws(ChartSpecError) in try Threshold(parsing: text) }
        }
        let annotations = try annotations.map { text in
            try flag("--annotation") { () throws(ChartSpecError) in try Annotation(parsing: text, now: now, parser: parser) }
        }
        var stats = try legendStatList.map { text in
            try flag("--legend-stat") { () throws(ChartSpecError) in try LegendStat(parsing: text) }
        }
        if legendStats && stats.isEmpty { stats = LegendStat.allCases }
        do {
            return try ChartSpec(
                width: width, height: height, scale: scale, from: from, until: until, title: title, theme: theme, timeZone: timeZone,
                kind: kind, leftAxis: AxisSpec(min: yMin, max: yMax, log: log, unit: unit, label: yLabel),
                rightAxis: AxisSpec(unit: rightUnit, label: rightYLabel), rightSeries: rightAxis.map(Glob.init), colors: colors,
                legend: LegendSpec(show: !noLegend, stats: stats), thresholds: thresholds, annotations: annotations,
                missing: missing, sparkline: sparkline)
        } catch {
            throw CLIError(Self.flagged(error))
        }
    }

    /// Runs a Core parser, naming the flag in its error.
    private func flag<T>(_ name: String, _ parse: () throws(ChartSpecError) -> T) throws(CLIError) -> T {
        do {
            return try parse()
        } catch {
            throw CLIError("\(name): \(error.description)")
        }
    }

    /// Names the flags behind the spec errors whose messages do not already say them.
    static func flagged(_ error: ChartSpecError) -> String {
        switch error {
        case .axisRangeEmpty(side: "left", _, _): return "--y-min/--y-max: \(error.description)"
        case .logAxisNeedsPositiveMin(side: "left", _): return "--y-min with --log: \(error.description)"
        case .stackedNeedsLinearAxis: return "--kind stacked with --log: \(error.description)"
        case .thresholdNotPositive: return "--threshold with --log: \(error.description)"
        case .notFinite(let option) where option.hasPrefix("left"): return "--y-min/--y-max: \(error.description)"
        case .labelTooLong(let option, _, _) where option.hasPrefix("left"): return "--y-label: \(error.description)"
        case .labelTooLong(let option, _, _) where option.hasPrefix("right"): return "--right-y-label: \(error.description)"
        case .tooMany(let what, _, _):
            let flag =
                what.hasPrefix("threshold")
                ? "--threshold"
                : what.hasPrefix("annotation")
                    ? "--annotation"
                    : what.hasPrefix("colour") ? "--color" : "--right-axis"
            return "\(flag): \(error.description)"
        default: return error.description
        }
    }
}
