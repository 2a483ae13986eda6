import Foundation
import FramecastCore

extension ChartQuery {
    /// Every parameter a chart URL may carry: the table's HTTP parameters. Anything else is
    /// refused, so a typo (`widht=900`) is a 400 that names it rather than a chart silently drawn at 800.
    public static let parameterNames: [String] = ChartParameter.offered(by: .http).map(\.name.rawValue)
    /// Bounds of `refresh` for live streams.
    public static let refreshRange: ClosedRange<Int64> = ChartParameter.refreshRange
    public static let maxSeriesPatterns = ChartParameter.maxSeriesPatterns
    /// Where a live window starts and ends when the URL does not say.
    static let defaultFrom = "-1h"
    static let defaultUntil = "now"

    /// Splits `a.*,b.{x,y}` at the commas outside braces: several patterns in one parameter.
    public static func splitPatterns(_ text: String) -> [String] { ChartParameters.splitPatterns(text) }

    /// The table parameter an HTTP name stands for: `_` and `-` are the same (`y_min` = `y-min`).
    public static func tableName(_ name: String) -> ChartParameterName? {
        guard let parameter = ChartParameterName(rawValue: name.replacingOccurrences(of: "_", with: "-")),
            parameter.parameter.frontEnds.contains(.http)
        else { return nil }
        return parameter
    }

    /// Parses and validates query parameters (already percent-decoded, in URL order) through
    /// the table (`ChartParameters.parse`). `visibility` is what the request may see (no
    /// default: a route must say). `extra` names parameters the endpoint itself reads (they are
    /// skipped here). Time expressions are checked against `now`.
    public static func parse(
        _ parameters: [(String, String)], visibility: SeriesVisibility, extra: Set<String> = [],
        now: EpochMillis = ServerClock.now()
    ) throws(ParameterError) -> ChartQuery {
        do throws(ChartParameterError) {
            let pairs = parameters.filter { rawName, _ in
                !extra.contains(rawName) && !extra.contains(rawName.replacingOccurrences(of: "_", with: "-"))
            }
            let values = try ChartParameters.collect(pairs, naming: tableName, known: parameterNames)
            let parsed = try ChartParameters.parse(values, now: now)
            guard !parsed.series.isEmpty else {
                throw ChartParameterError(.series, .required("a series name or Graphite glob, e.g. series=cpu.*.user"))
            }
            let query = ChartQuery(
                series: parsed.series.map(Glob.init), from: parsed.from ?? defaultFrom, until: parsed.until ?? defaultUntil,
                format: ChartFormat(rawValue: parsed.format.rawValue) ?? .png, timeZone: parsed.timeZone, parameters: parsed,
                visibility: visibility, key: canonicalKey(values) + (visibility.hidesAny ? "&~public-only" : ""))
            // Check the window with the HTTP defaults, before any data is read.
            _ = try query.tableSpec(now: now)
            return query
        } catch {
            throw ParameterError(error)
        }
    }

    /// Sorted `name=value` pairs of everything that decides the frame's look.
    static func canonicalKey(_ values: [ChartParameterName: [String]]) -> String {
        values.filter { $0.key != .format && $0.key != .refresh }
            .sorted { $0.key.rawValue < $1.key.rawValue }
            .map { name, list in list.map { "\(name.rawValue)=\($0)" }.joined(separator: "&") }
            .joined(separator: "&")
    }
}

extension ParameterError {
    /// A table parameter's error, named as HTTP names it (`parameter 'y-min/y-max': …`).
    public init(_ error: ChartParameterError) {
        self.init(error.names(\.rawValue), error.message)
    }
}
