import Foundation

/// Everything that decides how a chart looks, validated when it is made: a ChartSpec that exists
/// is drawable. The CLI builds one from flags; the HTTP API will build one from query parameters.
/// The small string forms both accept (thresholds, annotations, colours) parse in Core, next to
/// the types they build (`Threshold(parsing:)`, `Annotation(parsing:now:parser:)`, …).
public struct ChartSpec: Sendable, Hashable {
    /// Bounds of the spec; the HTTP API answers 400 for anything outside them.
    public static let sideRange = 16...8192
    public static let scaleRange = 1.0...4.0
    public static let maxPixels = 16_777_216
    public static let maxSeries = 100
    public static let maxThresholds = 20
    public static let maxAnnotations = 50
    public static let maxColors = 100
    public static let maxRightAxisPatterns = 20
    public static let maxTitleBytes = 200
    public static let maxLabelBytes = 100

    public let width: Int
    public let height: Int
    public let scale: Double
    public let from: EpochMillis
    public let until: EpochMillis
    public let title: String?
    public let theme: Theme
    public let timeZone: TimeZone
    /// How series are drawn; `.auto` picks band or line from the data density.
    public let kind: ChartKind
    /// The left value axis (every series not assigned to the right).
    public let leftAxis: AxisSpec
    /// The right value axis, used when `rightSeries` matches some but not all series.
    public let rightAxis: AxisSpec
    /// Series drawn against the right axis.
    public let rightSeries: [Glob]
    /// Explicit series colours (first match wins); other series take the theme's palette.
    public let colors: [SeriesColor]
    public let legend: LegendSpec
    public let thresholds: [Threshold]
    public let annotations: [Annotation]
    public let missing: MissingData
    /// A compact chart for badges: no axes, no legend, no text, minimal padding.
    public let sparkline: Bool
    /// Line width and hidden axis parts (Graphite's graph parameters); the default draws all.
    public var style = ChartStyle()

    /// Validates everything a chart needs before any work starts; throws the first problem found
    /// (`ChartSpecError`, each with a message that says what to change).
    public init(
        width: Int = 800, height: Int = 300, scale: Double = 1, from: EpochMillis, until: EpochMillis,
        title: String? = nil, theme: Theme = .light, timeZone: String = "UTC",
        kind: ChartKind = .auto, leftAxis: AxisSpec = AxisSpec(), rightAxis: AxisSpec = AxisSpec(),
        rightSeries: [Glob] = [], colors: [SeriesColor] = [], legend: LegendSpec = LegendSpec(),
        thresholds: [Threshold] = [], annotations: [Annotation] = [], missing: MissingData = .gap,
        sparkline: Bool = false
    ) throws(ChartSpecError) {
        try Self.validateWidth(width)
        try Self.validateHeight(height)
        try Self.validateScale(scale)
        try Self.validatePixels(width: width, height: height, scale: scale)
        guard from < until else { throw .emptyTimeRange(from: from, until: until) }
        guard let zone = TimeZone(identifier: timeZone) else { throw .unknownTimeZone(timeZone) }
        try Self.validateTitle(title)
        try leftAxis.validate(side: "left")
        try rightAxis.validate(side: "right")
        if kind == .stacked && leftAxis.log { throw .stackedNeedsLinearAxis }
        try Self.validateCounts(
            rightSeries: rightSeries.count, colors: colors.count, thresholds: thresholds.count,
            annotations: annotations.count)
        for threshold in thresholds {
            try threshold.validate()
            if leftAxis.log && threshold.low <= 0 { throw .thresholdNotPositive(threshold.low) }
        }
        for annotation in annotations { try annotation.validate() }
        self.width = width
        self.height = height
        self.scale = scale
        self.from = from
        self.until = until
        self.title = title.flatMap { $0.isEmpty ? nil : $0 }
        self.theme = theme
        self.timeZone = zone
        self.kind = kind
        self.leftAxis = leftAxis
        self.rightAxis = rightAxis
        self.rightSeries = rightSeries
        self.colors = colors
        self.legend = legend
        self.thresholds = thresholds
        self.annotations = annotations
        self.missing = missing
        self.sparkline = sparkline
    }

    static func validateWidth(_ width: Int) throws(ChartSpecError) {
        guard sideRange.contains(width) else { throw .widthOutOfRange(width, allowed: sideRange) }
    }

    static func validateHeight(_ height: Int) throws(ChartSpecError) {
        guard sideRange.contains(height) else { throw .heightOutOfRange(height, allowed: sideRange) }
    }

    static func validateScale(_ scale: Double) throws(ChartSpecError) {
        guard scale.isFinite, scaleRange.contains(scale) else { throw .scaleOutOfRange(scale, allowed: scaleRange) }
    }

    /// The pixel budget after scaling; width, height and scale must be in bounds already.
    static func validatePixels(width: Int, height: Int, scale: Double) throws(ChartSpecError) {
        let pixels = Double(width) * scale * Double(height) * scale
        guard pixels <= Double(maxPixels) else {
            throw .tooManyPixels(width: Int(Double(width) * scale), height: Int(Double(height) * scale), limit: maxPixels)
        }
    }

    static func validateTitle(_ title: String?) throws(ChartSpecError) {
        if let title, title.utf8.count > maxTitleBytes { throw .titleTooLong(title.utf8.count, limit: maxTitleBytes) }
    }

    static func validateCounts(rightSeries: Int, colors: Int, thresholds: Int, annotations: Int) throws(ChartSpecError) {
        if rightSeries > maxRightAxisPatterns { throw .tooMany("right-axis patterns", rightSeries, limit: maxRightAxisPatterns) }
        if colors > maxColors { throw .tooMany("colour overrides", colors, limit: maxColors) }
        if thresholds > maxThresholds { throw .tooMany("thresholds", thresholds, limit: maxThresholds) }
        if annotations > maxAnnotations { throw .tooMany("annotations", annotations, limit: maxAnnotations) }
    }

    /// Checks a series count against the limit.
    public static func validate(seriesCount: Int) throws(ChartSpecError) {
        if seriesCount == 0 { throw .noSeries }
        if seriesCount > maxSeries { throw .tooManySeries(seriesCount, limit: maxSeries) }
    }

    /// True when the series belongs on the right axis.
    public func isOnRightAxis(_ key: SeriesKey) -> Bool {
        rightSeries.contains { $0.matches(key) }
    }

    /// The colour of series `index` with key `key`: an explicit override, else the palette.
    public func color(for key: SeriesKey, index: Int) -> Color {
        colors.first { $0.glob.matches(key) }?.color ?? theme.color(forSeries: index)
    }
}
