import Foundation

/// Everything that decides how a chart looks, validated when it is made: a ChartSpec that exists
/// is drawable. The CLI builds one from flags; the HTTP API will build one from query parameters.
public struct ChartSpec: Sendable, Hashable {
    public static let sideRange = 16...8192
    public static let scaleRange = 1.0...4.0
    public static let maxPixels = 16_777_216
    public static let maxSeries = 100

    public let width: Int
    public let height: Int
    public let scale: Double
    public let from: EpochMillis
    public let until: EpochMillis
    public let title: String?
    public let theme: Theme
    public let timeZone: TimeZone

    public init(width: Int = 800, height: Int = 300, scale: Double = 1, from: EpochMillis, until: EpochMillis,
                title: String? = nil, theme: Theme = .light, timeZone: String = "UTC") throws(ChartSpecError) {
        guard Self.sideRange.contains(width) else { throw .widthOutOfRange(width, allowed: Self.sideRange) }
        guard Self.sideRange.contains(height) else { throw .heightOutOfRange(height, allowed: Self.sideRange) }
        guard scale.isFinite, Self.scaleRange.contains(scale) else { throw .scaleOutOfRange(scale, allowed: Self.scaleRange) }
        let pixels = Double(width) * scale * Double(height) * scale
        guard pixels <= Double(Self.maxPixels) else {
            throw .tooManyPixels(width: Int(Double(width) * scale), height: Int(Double(height) * scale), limit: Self.maxPixels)
        }
        guard from < until else { throw .emptyTimeRange(from: from, until: until) }
        guard let zone = TimeZone(identifier: timeZone) else { throw .unknownTimeZone(timeZone) }
        if let title, title.utf8.count > 200 { throw .titleTooLong(title.utf8.count, limit: 200) }
        self.width = width
        self.height = height
        self.scale = scale
        self.from = from
        self.until = until
        self.title = title.flatMap { $0.isEmpty ? nil : $0 }
        self.theme = theme
        self.timeZone = zone
    }

    /// Checks a series count against the limit.
    public static func validate(seriesCount: Int) throws(ChartSpecError) {
        if seriesCount == 0 { throw .noSeries }
        if seriesCount > maxSeries { throw .tooManySeries(seriesCount, limit: maxSeries) }
    }
}

/// Why a chart cannot be drawn as asked; every message says what to change.
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

    public var description: String {
        switch self {
        case .widthOutOfRange(let value, let allowed):
            return "width \(value) is out of bounds: use \(allowed.lowerBound)…\(allowed.upperBound) pixels"
        case .heightOutOfRange(let value, let allowed):
            return "height \(value) is out of bounds: use \(allowed.lowerBound)…\(allowed.upperBound) pixels"
        case .scaleOutOfRange(let value, let allowed):
            return "scale \(value) is out of bounds: use \(allowed.lowerBound.formatted())…\(allowed.upperBound.formatted())"
        case .tooManyPixels(let width, let height, let limit):
            return "image would be \(width)×\(height) = \(width * height) pixels after scaling; the limit is \(limit) (16 Mpx): lower width, height or scale"
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
        }
    }

    static func iso(_ millis: EpochMillis) -> String {
        Date(timeIntervalSince1970: Double(millis) / 1000).formatted(.iso8601)
    }
}

extension Double {
    fileprivate func formatted() -> String {
        self == rounded() ? String(Int(self)) : String(self)
    }
}
