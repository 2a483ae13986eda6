/// How series are drawn.
public enum ChartKind: String, Sendable, Hashable, CaseIterable {
    /// Band when a pixel column covers many points (more than `ChartKind.denseThreshold` on
    /// average), else line: a spike is never averaged away.
    case auto
    /// Sloped lines through the points (min/max per pixel column).
    case line
    /// A staircase: each value holds until the next point.
    case step
    /// A line with the area down to zero (or the axis bottom) filled.
    case area
    /// Areas stacked on each other per axis; the top edge is the sum (column averages).
    case stacked
    /// The dense view: the min–max range per pixel column shaded, the average line over it.
    case band

    /// Average points per non-empty pixel column above which `.auto` draws a band.
    public static let denseThreshold = 4.0

    /// Parses a kind as the CLI and the HTTP API write it (`stacked-area` is also accepted).
    public init(parsing text: String) throws(ChartSpecError) {
        let word = text.lowercased()
        guard let kind = ChartKind(rawValue: word == "stacked-area" ? "stacked" : word) else {
            throw .unknownValue(option: "chart kind", value: text, allowed: Self.allCases.map(\.rawValue))
        }
        self = kind
    }
}

/// What a line does where the data has a gap (a silence longer than three typical steps).
public enum MissingData: String, Sendable, Hashable, CaseIterable {
    /// The line breaks.
    case gap
    /// The line joins the points on both sides.
    case connect
    /// The line drops to zero across the gap.
    case zero

    /// Parses `gap`, `connect` or `zero`.
    public init(parsing text: String) throws(ChartSpecError) {
        guard let mode = MissingData(rawValue: text.lowercased()) else {
            throw .unknownValue(option: "missing-data mode", value: text, allowed: Self.allCases.map(\.rawValue))
        }
        self = mode
    }
}

/// A per-series figure the legend can show.
public enum LegendStat: String, Sendable, Hashable, CaseIterable {
    case last, min, max, avg

    /// Parses `last`, `min`, `max` or `avg`.
    public init(parsing text: String) throws(ChartSpecError) {
        guard let stat = LegendStat(rawValue: text.lowercased()) else {
            throw .unknownValue(option: "legend stat", value: text, allowed: Self.allCases.map(\.rawValue))
        }
        self = stat
    }
}

/// Whether the legend is shown and which figures follow each series name.
public struct LegendSpec: Sendable, Hashable {
    public var show: Bool
    public var stats: [LegendStat]

    /// A legend (shown unless `show` is false) with the figures `stats` after each name.
    public init(show: Bool = true, stats: [LegendStat] = []) {
        self.show = show
        self.stats = stats
    }
}

/// One value axis: range (auto, or fixed at either end), scale and how values are written.
public struct AxisSpec: Sendable, Hashable {
    /// Fixed lower end; nil for auto.
    public var min: Double?
    /// Fixed upper end; nil for auto.
    public var max: Double?
    /// Logarithmic scale. Values at or below zero cannot be placed and are left out (the chart says so).
    public var log: Bool
    public var unit: ValueUnit
    /// Axis title, written vertically beside the tick labels.
    public var label: String?

    /// An axis; an empty label counts as none. Checked when the ChartSpec is made.
    public init(min: Double? = nil, max: Double? = nil, log: Bool = false, unit: ValueUnit = .si, label: String? = nil) {
        self.min = min
        self.max = max
        self.log = log
        self.unit = unit
        self.label = label.flatMap { $0.isEmpty ? nil : $0 }
    }

    func validate(side: String) throws(ChartSpecError) {
        try validateRange(side: side)
        try validateLabel(side: side)
    }

    /// The fixed ends: finite, min below max, above zero on a log scale.
    func validateRange(side: String) throws(ChartSpecError) {
        if let min, !min.isFinite { throw .notFinite(option: "\(side) y-axis min") }
        if let max, !max.isFinite { throw .notFinite(option: "\(side) y-axis max") }
        if let min, let max, min >= max { throw .axisRangeEmpty(side: side, min: min, max: max) }
        if log, let min, min <= 0 { throw .logAxisNeedsPositiveMin(side: side, min: min) }
        if log, min == nil, let max, max <= 0 { throw .logAxisNeedsPositiveMin(side: side, min: max) }
    }

    func validateLabel(side: String) throws(ChartSpecError) {
        if let label, label.utf8.count > ChartSpec.maxLabelBytes {
            throw .labelTooLong(option: "\(side) y-axis label", length: label.utf8.count, limit: ChartSpec.maxLabelBytes)
        }
    }
}

/// An explicit colour for the series a glob matches.
public struct SeriesColor: Sendable, Hashable {
    public let glob: Glob
    public let color: Color

    /// Colours the series `glob` matches with `color`.
    public init(glob: Glob, color: Color) {
        self.glob = glob
        self.color = color
    }

    /// Parses `GLOB=#rrggbb` (the last `=` separates, so tag globs such as `cpu;host=a=#fff000` work).
    public init(parsing text: String) throws(ChartSpecError) {
        guard let equals = text.lastIndex(of: "="), equals != text.startIndex else { throw .invalidSeriesColor(text) }
        let pattern = String(text[..<equals])
        let hex = String(text[text.index(after: equals)...])
        guard hex.hasPrefix("#") else { throw .invalidSeriesColor(text) }
        guard let color = Color(hex: hex) else { throw .invalidColor(hex) }
        self.init(glob: try Glob(checking: pattern), color: color)
    }
}
