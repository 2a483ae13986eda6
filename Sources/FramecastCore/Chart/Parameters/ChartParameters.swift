/// What a chart's parameters ask for, read and checked against the table by
/// `ChartParameters.parse`: everything but the data. Times stay as written (a live window
/// resolves anew for every frame); `spec(from:until:now:)` binds them into a `ChartSpec`.
public struct ChartParameters: Sendable, Hashable {
    /// Series patterns (`series`, repeatable, comma-separated); empty when none was given.
    public var series: [String] = []
    /// `from` / `until` as written; nil when not given (the front end picks the window).
    public var from: String?
    public var until: String?
    public var format: ChartOutputFormat = .png
    /// Whether `format` was given (the CLI then picks it from the output name).
    public var formatGiven = false
    public var timeZone = "UTC"
    /// Refresh period of live streams, in milliseconds.
    public var refreshMillis: Int64 = 1000
    public var options = ChartOptionValues()

    public init() {}
}

/// What a chart URL or command can produce.
public enum ChartOutputFormat: String, Sendable, Hashable, CaseIterable {
    case png, svg, overlay, json
}

/// Chart options other than series, time and format: validated, not yet bound to a window.
public struct ChartOptionValues: Sendable, Hashable {
    public var width = 800
    public var height = 300
    public var scale = 1.0
    public var title: String?
    public var theme = Theme.light
    public var kind = ChartKind.auto
    public var leftAxis = AxisSpec()
    public var rightAxis = AxisSpec()
    public var rightSeries: [Glob] = []
    public var colors: [SeriesColor] = []
    public var legend = LegendSpec()
    public var thresholds: [Threshold] = []
    /// Annotation texts, parsed against the clock when the window is resolved.
    public var annotations: [String] = []
    public var missing = MissingData.gap
    public var sparkline = false

    public init() {}
}
