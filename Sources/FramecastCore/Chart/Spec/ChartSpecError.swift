import Foundation

/// Why a chart cannot be drawn as asked; every message says what to change. Messages name the
/// option in neutral words ("y-axis min"); the CLI and the HTTP API add their own flag or
/// parameter names around them.
public enum ChartSpecError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Width outside the allowed range of logical pixels.
    case widthOutOfRange(Int, allowed: ClosedRange<Int>)
    /// Height outside the allowed range of logical pixels.
    case heightOutOfRange(Int, allowed: ClosedRange<Int>)
    /// Scale factor outside 1…4.
    case scaleOutOfRange(Double, allowed: ClosedRange<Double>)
    /// width·scale × height·scale is over the pixel budget.
    case tooManyPixels(width: Int, height: Int, limit: Int)
    /// `from` is not before `until`.
    case emptyTimeRange(from: EpochMillis, until: EpochMillis)
    /// Not an IANA time zone name.
    case unknownTimeZone(String)
    /// Title longer than the limit (bytes).
    case titleTooLong(Int, limit: Int)
    /// No series to draw.
    case noSeries
    /// More series than one chart may hold.
    case tooManySeries(Int, limit: Int)
    /// A word that is not one of the allowed choices (kind, unit, missing-data mode, theme, legend stat).
    case unknownValue(option: String, value: String, allowed: [String])
    /// A number that is NaN or infinite.
    case notFinite(option: String)
    /// Fixed axis bounds with min not below max.
    case axisRangeEmpty(side: String, min: Double, max: Double)
    /// A log axis with a fixed minimum at or below zero.
    case logAxisNeedsPositiveMin(side: String, min: Double)
    /// Stacked areas on a log axis (sums of logs mean nothing).
    case stackedNeedsLinearAxis
    /// A threshold at or below zero on a log axis.
    case thresholdNotPositive(Double)
    /// More thresholds, annotations, colours or right-axis patterns than allowed.
    case tooMany(String, Int, limit: Int)
    /// A label (axis, threshold, annotation) longer than the limit (bytes).
    case labelTooLong(option: String, length: Int, limit: Int)
    /// Not `#rrggbb` or `#rrggbbaa`.
    case invalidColor(String)
    /// A colour override not written `GLOB=#rrggbb`.
    case invalidSeriesColor(String)
    /// A series glob that cannot be used (too long, too many alternatives, an unclosed bracket).
    case invalidGlob(GlobError)
    /// A threshold not written `VALUE[:VALUE2][:COLOR][:LABEL]`; the reason says which part.
    case invalidThreshold(String, reason: String)
    /// An annotation not written `TIME[/TIME2][:LABEL]`; the reason says which part.
    case invalidAnnotation(String, reason: String)
    /// An annotation span that ends before it starts.
    case annotationEndsBeforeStart(start: EpochMillis, end: EpochMillis)

    public var description: String {
        switch self {
        case .widthOutOfRange(let value, let allowed):
            return "width \(value) is out of bounds: use \(allowed.lowerBound)…\(allowed.upperBound) pixels"
        case .heightOutOfRange(let value, let allowed):
            return "height \(value) is out of bounds: use \(allowed.lowerBound)…\(allowed.upperBound) pixels"
        case .scaleOutOfRange(let value, let allowed):
            return "scale \(value) is out of bounds: use \(allowed.lowerBound.formatted())…\(allowed.upperBound.formatted())"
        case .tooManyPixels(let width, let height, let limit):
            return
                "image would be \(width)×\(height) = \(width * height) pixels after scaling; the limit is \(limit) (16 Mpx): lower width, height or scale"
        case .emptyTimeRange(let from, let until):
            return "--from (\(Self.iso(from))) must be before --until (\(Self.iso(until)))"
        case .unknownTimeZone(let name):
            return "unknown time zone '\(name)': use an IANA name such as UTC, Europe/Berlin or America/New_York"
        case .titleTooLong(let length, let limit):
            return "title is \(length) bytes; the limit is \(limit)"
        case .noSeries:
            return "no series to draw"
        case .tooManySeries(let count, let limit):
            return "\(count) series matched; a chart holds at most \(limit): narrow the series pattern"
        case .unknownValue(let option, let value, let allowed):
            return "unknown \(option) '\(value)': use \(Self.choices(allowed))"
        case .notFinite(let option):
            return "\(option) must be a finite number"
        case .axisRangeEmpty(let side, let min, let max):
            return "\(side) y-axis min (\(min.formatted())) must be below its max (\(max.formatted()))"
        case .logAxisNeedsPositiveMin(let side, let min):
            return "\(side) y-axis min \(min.formatted()) cannot be shown on a log scale: use a min above 0, or drop the log scale"
        case .stackedNeedsLinearAxis:
            return "stacked areas need a linear y axis: drop the log scale or choose another kind"
        case .thresholdNotPositive(let value):
            return "threshold \(value.formatted()) cannot be shown on a log scale: use values above 0"
        case .tooMany(let what, let count, let limit):
            return "\(count) \(what); a chart holds at most \(limit)"
        case .labelTooLong(let option, let length, let limit):
            return "\(option) is \(length) bytes; the limit is \(limit)"
        case .invalidColor(let text):
            return "colour '\(text)' is not a hex colour: write #rrggbb or #rrggbbaa, e.g. #d62728"
        case .invalidGlob(let error):
            return error.description
        case .invalidSeriesColor(let text):
            return "colour override '\(text)' is not GLOB=#rrggbb: write e.g. 'cpu.*=#d62728'"
        case .invalidThreshold(let text, let reason):
            return "threshold '\(text)': \(reason); write VALUE[:VALUE2][:#rrggbb][:LABEL], e.g. '90:#d62728:SLO' or '80:95:warning band'"
        case .invalidAnnotation(let text, let reason):
            return
                "annotation '\(text)': \(reason); write TIME[/TIME2][:LABEL], e.g. '2014-11-02T01:30:00:deploy' or '2014-11-02/2014-11-03:outage'"
        case .annotationEndsBeforeStart(let start, let end):
            return "annotation span ends (\(Self.iso(end))) before it starts (\(Self.iso(start))): put the earlier time first"
        }
    }

    public static func iso(_ millis: EpochMillis) -> String {
        Date(timeIntervalSince1970: Double(millis) / 1000).formatted(.iso8601)
    }

    static func choices(_ allowed: [String]) -> String {
        guard allowed.count > 1 else { return allowed.first ?? "" }
        return allowed.dropLast().joined(separator: ", ") + " or " + allowed[allowed.count - 1]
    }
}

extension Double {
    fileprivate func formatted() -> String {
        self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self)
    }
}
