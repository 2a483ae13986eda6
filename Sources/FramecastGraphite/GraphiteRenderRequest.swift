import Foundation

/// A graphite-web `/render` request as `parseOptions` reads it: targets (`target`, or `target[]`),
/// the window (`from` −1d and `until` now by default, swapped when reversed, refused when empty),
/// the output (`format`, `maxDataPoints`, `noNullPoints`, `jsonp`, `xFilesFactor`, `tz`) and the
/// graph parameters, kept as given for the chart mapping.
public struct GraphiteRenderRequest: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case png, svg, json, csv, raw
    }

    public var targets: [String]
    public var window: GraphiteWindow
    public var format: Format
    public var maxDataPoints: Int?
    public var noNullPoints = false
    public var jsonp: String?
    public var pretty = false
    public var xFilesFactor = 0.0
    public var timeZone: TimeZone
    /// Every other parameter, last value wins (graphite-web reads one value per graph option).
    public var graph: [String: String] = [:]

    public static let maxTargets = 100

    /// Parses the query pairs (GET and form POST alike); `now` in epoch seconds.
    public static func parse(_ pairs: [(String, String)], now: Int64) throws(GraphiteError) -> GraphiteRenderRequest {
        var targets: [String] = []
        var bracketTargets: [String] = []
        var values: [String: String] = [:]
        for (key, value) in pairs {
            switch key {
            case "target": targets.append(value)
            case "target[]": bracketTargets.append(value)
            default: values[key] = value
            }
        }
        if targets.isEmpty { targets = bracketTargets }
        guard targets.count <= maxTargets else {
            throw GraphiteError("\(targets.count) targets; at most \(maxTargets) per request", isLimit: true)
        }
        var zone = TimeZone(identifier: "UTC")!
        if let tz = values["tz"], let named = TimeZone(identifier: tz) { zone = named }  // unknown zones are ignored, as graphite-web does
        var now = now
        if let text = values["now"] { now = try time(text, "now", now: now, zone: zone) }
        let until = try values["until"].map { (text) throws(GraphiteError) in try time(text, "until", now: now, zone: zone) } ?? now
        let from = try time(values["from"] ?? "-1d", "from", now: now, zone: zone)
        guard from != until else { throw GraphiteError("invalid empty time range: from and until are the same time") }
        var format: Format = .png
        if values["rawData"] != nil { format = .raw }
        if let text = values["format"] {
            guard let known = Format(rawValue: text) else {
                throw GraphiteError(
                    "parameter 'format': '\(text)' is not supported; one of \(Format.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            format = known
        }
        var request = GraphiteRenderRequest(
            targets: targets, window: GraphiteWindow(from: min(from, until), until: max(from, until), now: now), format: format,
            timeZone: zone)
        if let text = values["maxDataPoints"], !text.isEmpty, text.allSatisfy(\.isASCIIDigit) {
            guard let n = Int(text), n > 0, n <= 1_000_000 else {
                throw GraphiteError("parameter 'maxDataPoints': \(text) is out of range (1…1000000)")
            }
            request.maxDataPoints = n
        }
        request.noNullPoints = values["noNullPoints"] != nil
        if let jsonp = values["jsonp"] {
            // A callback name only: anything else would let a page inject script.
            guard isCallbackName(jsonp) else {
                throw GraphiteError("parameter 'jsonp': a JavaScript function name of at most 128 letters, digits, '_', '$' or '.'")
            }
            request.jsonp = jsonp
        }
        request.pretty = !(values["pretty"] ?? "").isEmpty
        if let text = values["xFilesFactor"] {
            guard let v = Double(text), v.isFinite, (0...1).contains(v) else {
                throw GraphiteError("parameter 'xFilesFactor': '\(text)' must be a number between 0 and 1")
            }
            request.xFilesFactor = v
        }
        for key in [
            "target", "target[]", "from", "until", "now", "format", "maxDataPoints", "noNullPoints", "jsonp", "pretty", "xFilesFactor", "tz"
        ] {
            values[key] = nil
        }
        request.graph = values
        return request
    }

    /// A JSONP callback: a JavaScript name of at most 128 letters, digits, `_`, `$` or `.`, so a
    /// page cannot inject script through it.
    public static func isCallbackName(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 128 && text.allSatisfy { $0.isLetter || $0.isASCIIDigit || "_$.".contains($0) }
    }

    public static func time(_ text: String, _ name: String, now: Int64, zone: TimeZone) throws(GraphiteError) -> Int64 {
        do {
            return try GraphiteTime.parse(text, now: now, zone: zone)
        } catch {
            throw GraphiteError(
                "parameter '\(name)': \(error) (use -6h, -1d, now, -5min, -1mon, HH:MM_YYYYMMDD, YYYYMMDD or epoch seconds)")
        }
    }
}
