import Foundation
import FramecastCore

/// Parameters of `/badge`: `series` (one series), `stat`, `label`, `unit`, `warn`, `crit`,
/// `from`/`until` (the window, default the last hour), `format` svg|png|json, `scale` (PNG).
struct BadgeQuery: Sendable {
    enum Format: String { case svg, png, json }
    static let parameterNames: Set<String> = ["series", "stat", "label", "unit", "warn", "crit", "from", "until", "format", "scale", "tz"]
    static let maxLabelBytes = 100

    var series: Glob
    var stat: Badge.Stat
    var label: String?
    var unit: String?
    var warn: Double?
    var crit: Double?
    var from: String
    var until: String
    var format: Format
    var scale: Double
    var timeZone: String

    static func parse(_ pairs: [(String, String)], now: EpochMillis) throws(ParameterError) -> BadgeQuery {
        var values: [String: String] = [:]
        for (name, value) in pairs {
            guard parameterNames.contains(name) else {
                throw ParameterError(name, "unknown parameter; known: \(parameterNames.sorted().joined(separator: ", "))")
            }
            guard values[name] == nil else { throw ParameterError(name, "given more than once; it takes one value") }
            values[name] = value
        }
        guard let series = values["series"], !series.isEmpty else {
            throw ParameterError("series", "required: the one series the badge shows, e.g. series=api.latency.p99")
        }
        let statText = values["stat"] ?? "last"
        guard let stat = Badge.Stat(rawValue: statText) else {
            throw ParameterError("stat", "'\(statText)' is not one of last, avg, min, max")
        }
        let formatText = values["format"] ?? "svg"
        guard let format = Format(rawValue: formatText) else {
            throw ParameterError("format", "'\(formatText)' is not one of svg, png, json")
        }
        if let label = values["label"], label.utf8.count > maxLabelBytes {
            throw ParameterError("label", "\(label.utf8.count) bytes; at most \(maxLabelBytes)")
        }
        if let unit = values["unit"], unit.utf8.count > 20 { throw ParameterError("unit", "at most 20 bytes") }
        func number(_ name: String) throws(ParameterError) -> Double? {
            guard let text = values[name] else { return nil }
            guard let value = Double(text), value.isFinite else { throw ParameterError(name, "'\(text)' is not a finite number") }
            return value
        }
        let scale = try number("scale") ?? 1
        guard ChartSpec.scaleRange.contains(scale) else { throw ParameterError("scale", "\(scale) is out of bounds: use 1…4") }
        let query = BadgeQuery(
            series: try Glob.parameter(series, "series"), stat: stat, label: values["label"], unit: values["unit"],
            warn: try number("warn"),
            crit: try number("crit"), from: values["from"] ?? "-1h", until: values["until"] ?? "now",
            format: format, scale: scale, timeZone: values["tz"] ?? "UTC")
        _ = try query.window(now: now)
        return query
    }

    func window(now: EpochMillis) throws(ParameterError) -> (from: EpochMillis, until: EpochMillis) {
        guard let zone = TimeZone(identifier: timeZone) else { throw ParameterError("tz", "unknown time zone '\(timeZone)'") }
        let parser = TimestampParser(naiveZone: zone)
        let start = try TimeExpression.parse(from, parameter: "from", now: now, parser: parser)
        let end = try TimeExpression.parse(until, parameter: "until", now: now, parser: parser)
        guard start < end else { throw ParameterError("from/until", "from must be before until") }
        return (start, end)
    }

    /// The value as the badge writes it: SI prefixes (or binary/duration units), then a unit suffix.
    func message(for value: Double?) -> String {
        guard let value else { return "no data" }
        switch unit {
        case nil, "", "si"?: return ValueUnit.si.format(value)
        case let unit?:
            if let known = ValueUnit(rawValue: unit) { return known.format(value) }
            let joiner = unit.first.map { $0.isLetter } == true ? " " : ""
            return ValueUnit.si.format(value) + joiner + unit
        }
    }
}
