import Foundation
import FramecastCore

extension ChartQuery {
    /// Every parameter a chart URL may carry; anything else is refused, so a typo
    /// (`widht=900`) is a 400 that names it rather than a chart silently drawn at 800.
    public static let parameterNames: [String] = [
        "series", "from", "until", "width", "height", "scale", "format", "title", "tz", "kind", "color", "legend",
        "legend-stats", "legend-stat", "y-label", "y-min", "y-max", "log", "unit", "right-axis", "right-unit",
        "right-y-label", "threshold", "annotation", "missing", "theme", "sparkline", "refresh"
    ]
    static let repeatable: Set<String> = ["series", "color", "legend-stat", "right-axis", "threshold", "annotation"]
    /// Bounds of `refresh` for live streams.
    public static let refreshRange: ClosedRange<Int64> = 250...3_600_000
    public static let maxSeriesPatterns = 20

    /// Splits `a.*,b.{x,y}` at the commas outside braces: several patterns in one parameter.
    public static func splitPatterns(_ text: String) -> [String] {
        var patterns: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            switch character {
            case "{": depth += 1
            case "}": depth = max(0, depth - 1)
            case "," where depth == 0:
                if !current.isEmpty { patterns.append(current) }
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        if !current.isEmpty { patterns.append(current) }
        return patterns
    }

    /// Parses and validates query parameters (already percent-decoded, in URL order). `_` and
    /// `-` are the same in names (`y_min` = `y-min`). `extra` names parameters the endpoint
    /// itself reads (they are skipped here). Time expressions are checked against `now`.
    public static func parse(
        _ parameters: [(String, String)], extra: Set<String> = [],
        now: EpochMillis = ServerClock.now()
    ) throws(ParameterError) -> ChartQuery {
        var values: [String: [String]] = [:]
        for (rawName, value) in parameters {
            let name = rawName.replacingOccurrences(of: "_", with: "-")
            if extra.contains(rawName) || extra.contains(name) { continue }
            guard parameterNames.contains(name) else {
                throw ParameterError(rawName, "unknown parameter; known: \(parameterNames.joined(separator: ", "))")
            }
            if values[name] != nil && !repeatable.contains(name) {
                throw ParameterError(name, "given more than once; it takes one value")
            }
            values[name, default: []].append(value)
        }
        var reader = ParameterReader(values: values)
        return try reader.query(now: now)
    }
}

/// Reads typed values out of the parameter map, naming the parameter in every error.
struct ParameterReader {
    let values: [String: [String]]

    func one(_ name: String) -> String? { values[name]?.last }
    func all(_ name: String) -> [String] { values[name] ?? [] }

    func int(_ name: String, default value: Int) throws(ParameterError) -> Int {
        guard let text = one(name) else { return value }
        guard let number = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw ParameterError(name, "'\(text)' is not a whole number")
        }
        return number
    }

    func double(_ name: String) throws(ParameterError) -> Double? {
        guard let text = one(name), !text.isEmpty else { return nil }
        guard let number = Double(text.trimmingCharacters(in: .whitespaces)), number.isFinite else {
            throw ParameterError(name, "'\(text)' is not a finite number")
        }
        return number
    }

    func bool(_ name: String, default value: Bool) throws(ParameterError) -> Bool {
        guard let text = one(name) else { return value }
        switch text.lowercased() {
        case "", "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ParameterError(name, "'\(text)' is not a boolean: use true or false")
        }
    }

    /// Runs a Core parser, naming the parameter in its error.
    func parsed<T>(_ name: String, _ parse: () throws(ChartSpecError) -> T) throws(ParameterError) -> T {
        do {
            return try parse()
        } catch {
            throw ParameterError(name, error.description)
        }
    }

    mutating func query(now: EpochMillis) throws(ParameterError) -> ChartQuery {
        let patterns = all("series").flatMap(ChartQuery.splitPatterns)
        guard !patterns.isEmpty else {
            throw ParameterError("series", "required: a series name or Graphite glob, e.g. series=cpu.*.user")
        }
        guard patterns.count <= ChartQuery.maxSeriesPatterns else {
            throw ParameterError("series", "\(patterns.count) patterns; at most \(ChartQuery.maxSeriesPatterns)")
        }
        let formatText = one("format") ?? "png"
        guard let format = ChartFormat(rawValue: formatText.lowercased()) else {
            throw ParameterError("format", "'\(formatText)' is not one of png, svg, overlay, json")
        }
        let refreshText = one("refresh") ?? "1s"
        guard let refresh = TimeExpression.parseDuration(Substring(refreshText)), ChartQuery.refreshRange.contains(refresh) else {
            throw ParameterError("refresh", "'\(refreshText)' is not a duration between 250ms and 1h (e.g. 1s, 5s, 1min)")
        }
        let options = try chartOptions()
        var query = ChartQuery(
            series: patterns.map(Glob.init), from: one("from") ?? "-1h", until: one("until") ?? "now",
            format: format, timeZone: one("tz") ?? "UTC", options: options, refreshMillis: refresh, key: "")
        query.key = canonicalKey()
        // Check the times and every bound now, before any data is read.
        _ = try query.spec(now: now)
        return query
    }

    func chartOptions() throws(ParameterError) -> ChartQueryOptions {
        var options = ChartQueryOptions()
        options.width = try int("width", default: 800)
        options.height = try int("height", default: 300)
        options.scale = try double("scale") ?? 1
        options.title = one("title")
        options.theme = try parsed("theme") { () throws(ChartSpecError) in try Theme(parsing: one("theme") ?? "light") }
        options.kind = try parsed("kind") { () throws(ChartSpecError) in try ChartKind(parsing: one("kind") ?? "auto") }
        let unit = try parsed("unit") { () throws(ChartSpecError) in try ValueUnit(parsing: one("unit") ?? "si") }
        let rightUnit = try parsed("right-unit") { () throws(ChartSpecError) in try one("right-unit").map(ValueUnit.init(parsing:)) ?? unit
        }
        options.leftAxis = AxisSpec(
            min: try double("y-min"), max: try double("y-max"), log: try bool("log", default: false),
            unit: unit, label: one("y-label"))
        options.rightAxis = AxisSpec(unit: rightUnit, label: one("right-y-label"))
        options.rightSeries = all("right-axis").map(Glob.init)
        options.colors = try all("color").map { text throws(ParameterError) in
            try parsed("color") { () throws(ChartSpecError) in try SeriesColor(parsing: text) }
        }
        var stats = try all("legend-stat").map { text throws(ParameterError) in
            try parsed("legend-stat") { () throws(ChartSpecError) in try LegendStat(parsing: text) }
        }
        if try bool("legend-stats", default: false), stats.isEmpty { stats = LegendStat.allCases }
        options.legend = LegendSpec(show: try bool("legend", default: true), stats: stats)
        options.thresholds = try all("threshold").map { text throws(ParameterError) in
            try parsed("threshold") { () throws(ChartSpecError) in try Threshold(parsing: text) }
        }
        options.annotations = all("annotation")
        options.missing = try parsed("missing") { () throws(ChartSpecError) in try MissingData(parsing: one("missing") ?? "gap") }
        options.sparkline = try bool("sparkline", default: false)
        return options
    }

    /// Sorted `name=value` pairs of everything that decides the frame's look.
    func canonicalKey() -> String {
        values.filter { $0.key != "format" && $0.key != "refresh" }
            .sorted { $0.key < $1.key }
            .map { name, list in list.map { "\(name)=\($0)" }.joined(separator: "&") }
            .joined(separator: "&")
    }
}
