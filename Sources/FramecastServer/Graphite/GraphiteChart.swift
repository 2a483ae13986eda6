import Foundation
import FramecastCore
import FramecastGraphite
import FramecastStore

/// graphite-web's graph parameters mapped onto a `ChartSpec`, and evaluated series onto chart
/// sources: a series still as stored is drawn straight from the store (through its summary
/// pyramid, so a 10-million-point series costs what its pixels cost); any other is drawn from
/// its values. Parameters Framecast cannot honour are ignored, as graphite-web ignores unknown
/// ones; sizes outside `ChartSpec.sideRange` are refused (graphite-web has no bound).
enum GraphiteChart {
    static func spec(_ request: GraphiteRenderRequest, series: [GraphiteSeries], annotations: [Annotation] = []) throws(GraphiteError)
        -> ChartSpec
    {
        let p = request.graph
        func int(_ name: String, _ fallback: Int) throws(GraphiteError) -> Int {
            guard let text = p[name], !text.isEmpty, text != "default" else { return fallback }
            guard let v = Double(text), v.isFinite, let n = Int(exactly: v.rounded()) else {
                throw GraphiteError("parameter '\(name)': '\(text)' is not a number")
            }
            return n
        }
        func double(_ name: String) throws(GraphiteError) -> Double? {
            guard let text = p[name], !text.isEmpty, text != "default" else { return nil }
            guard let v = Double(text), v.isFinite else { throw GraphiteError("parameter '\(name)': '\(text)' is not a finite number") }
            return v
        }
        func bool(_ name: String) -> Bool { ["true", "1", "yes", "on"].contains((p[name] ?? "").lowercased()) }
        func color(_ name: String) throws(GraphiteError) -> Color? {
            guard let text = p[name], !text.isEmpty, text != "default" else { return nil }
            guard let c = GraphiteColor.parse(text) else {
                throw GraphiteError("parameter '\(name)': '\(text)' is not a colour (a name such as red, or hex such as ff0000)")
            }
            return c
        }
        let width = try int("width", 330)
        let height = try int("height", 250)
        for (name, value) in [("width", width), ("height", height)] where !ChartSpec.sideRange.contains(value) {
            throw GraphiteError(
                "parameter '\(name)': \(value) is out of range (\(ChartSpec.sideRange.lowerBound)…\(ChartSpec.sideRange.upperBound) pixels)"
            )
        }
        var theme = Theme.light
        if let template = p["template"], let named = Theme.named(template) { theme = named }
        var palette: [Color]?
        if let list = p["colorList"], !list.isEmpty {
            palette = list.split(separator: ",").prefix(ChartSpec.maxColors).compactMap { GraphiteColor.parse(String($0)) }
        }
        theme = theme.customized(
            background: try color("bgcolor"), foreground: try color("fgcolor"), grid: try color("majorGridLineColor"), palette: palette)
        let unit: ValueUnit =
            switch (p["yUnitSystem"] ?? "si").lowercased() {
            case "binary": .binary
            case "none": .none
            default: .si
            }
        let logBase = try double("logBase")
        if let logBase, logBase <= 1 { throw GraphiteError("parameter 'logBase': \(logBase) must be greater than 1") }
        let left = AxisSpec(min: try double("yMin"), max: try double("yMax"), log: logBase != nil, unit: unit, label: p["vtitle"])
        let right = AxisSpec(
            min: try double("yMinRight"), max: try double("yMaxRight"), log: logBase != nil, unit: unit, label: p["vtitleRight"])
        var kind: ChartKind = .line
        switch (p["areaMode"] ?? "none").lowercased() {
        case "all", "first": kind = .area
        case "stacked": kind = .stacked
        default: break
        }
        // stacked() already summed the values: their areas are drawn as they are.
        if series.contains(where: \.options.stacked) { kind = .area }
        var missing: MissingData = .gap
        switch (p["lineMode"] ?? "slope").lowercased() {
        case "staircase": if kind == .line { kind = .step }
        case "connected": missing = .connect
        default: break
        }
        if p["connectedLimit"] != nil { missing = .connect }
        if bool("drawNullAsZero") { missing = .zero }
        let keys = chartKeys(series, unique: bool("uniqueLegend"))
        let colors = zip(keys, series).compactMap { key, s -> SeriesColor? in
            guard let text = s.options.color, let c = GraphiteColor.parse(text) else { return nil }
            return SeriesColor(glob: Glob(GraphiteChart.globLiteral(key.name)), color: c)
        }
        let rightSeries = zip(keys, series).compactMap { key, s in s.options.secondYAxis ? Glob(globLiteral(key.name)) : nil }
        let title = p["title"].map { String($0.utf8.prefix(ChartSpec.maxTitleBytes)) ?? $0 }
        do {
            var spec = try ChartSpec(
                width: width, height: height, from: request.window.from * 1000, until: request.window.until * 1000, title: title,
                theme: theme, timeZone: request.timeZone.identifier, kind: kind, leftAxis: left, rightAxis: right,
                rightSeries: Array(rightSeries.prefix(ChartSpec.maxRightAxisPatterns)), colors: Array(colors.prefix(ChartSpec.maxColors)),
                legend: LegendSpec(show: !bool("hideLegend")), annotations: annotations, missing: missing, sparkline: bool("graphOnly"))
            spec.style = ChartStyle(
                lineWidth: try double("lineWidth") ?? series.compactMap(\.options.lineWidth).first, hideAxes: bool("hideAxes"),
                hideGrid: bool("hideGrid"), hideYAxis: bool("hideYAxis"), fontScale: (try double("fontSize") ?? 10) / 10,
                uniqueLegend: bool("uniqueLegend"))
            return spec
        } catch {
            throw GraphiteError("graph parameters: \(error)")
        }
    }

    /// Legend keys: the series' Graphite names (made unique when `uniqueLegend` is not asked and
    /// two share a name; with it, the legend shows a name once).
    static func chartKeys(_ series: [GraphiteSeries], unique: Bool = false) -> [SeriesKey] {
        var seen: [String: Int] = [:]
        return series.map { s in
            if unique { return SeriesKey(name: s.name) }
            let n = seen[s.name, default: 0]
            seen[s.name] = n + 1
            return SeriesKey(name: n == 0 ? s.name : "\(s.name) (\(n + 1))")
        }
    }

    /// A glob that matches exactly `name` (its glob characters bracketed).
    static func globLiteral(_ name: String) -> String {
        var out = ""
        for c in name {
            if "*?[]{},".contains(c) { out += "[\(c)]" } else { out.append(c) }
        }
        return String(out.utf8.prefix(Glob.maxPatternBytes)) ?? out
    }

    /// The chart sources of the evaluated series, in order.
    static func sources(_ series: [GraphiteSeries], snapshot: Aggregator, uniqueLegend: Bool = false) -> [any ChartSource] {
        zip(chartKeys(series, unique: uniqueLegend), series).map { key, s -> any ChartSource in
            if let plan = s.source, s.valuesPerPoint == 1 {
                return NamedSource(key: key, base: StoredSeries(snapshot: snapshot, id: plan.id, tier: nil))
            }
            let stride = s.step * Int64(s.valuesPerPoint) * 1000
            var times: [EpochMillis] = []
            var values: [Double] = []
            for (i, v) in s.points.enumerated() where !v.isNaN && v.isFinite {
                times.append(s.start * 1000 + Int64(i) * stride)
                values.append(v)
            }
            return SeriesData(key: key, times: times, values: values)
        }
    }
}

/// A chart source under another name (a Graphite alias of a stored series).
struct NamedSource<Base: ChartSource>: ChartSource {
    let key: SeriesKey
    let base: Base

    func reduce(from: EpochMillis, until: EpochMillis, width: Int) -> M4Series { base.reduce(from: from, until: until, width: width) }

    func reduce(from: EpochMillis, until: EpochMillis, width: Int, extremeTimes: Bool) -> M4Series {
        base.reduce(from: from, until: until, width: width, extremeTimes: extremeTimes)
    }

    func plan(from: EpochMillis, until: EpochMillis, sizingWidth: Int) -> ReductionPlan {
        base.plan(from: from, until: until, sizingWidth: sizingWidth)
    }
}

/// Graphite's colour names and hex forms (`ff0000`, `#ff000080`).
enum GraphiteColor {
    static let names: [String: String] = [
        "black": "000000", "white": "ffffff", "blue": "6464ff", "green": "00c800", "red": "c80032", "yellow": "ffff00",
        "orange": "ffa500", "purple": "c864ff", "brown": "966432", "cyan": "00ffff", "aqua": "0096ff", "gray": "afafaf",
        "grey": "afafaf", "magenta": "ff00ff", "pink": "ff6464", "gold": "c8c800", "rose": "c896c8", "darkblue": "0000ff",
        "darkgreen": "00ff00", "darkred": "ff0000", "darkgray": "6f6f6f", "darkgrey": "6f6f6f"
    ]

    static func parse(_ text: String) -> Color? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let hex = names[t] { return Color(hex: hex) }
        return Color(hex: t)
    }
}
