/// The interactive layer of a chart, laid out together with its Scene so the two line up: the
/// plot rectangle and the mappings from pixels to time and value, hover targets of a few pixel
/// columns each, and the legend entries, thresholds and annotations. Its size follows the
/// chart's width and the spec's bounded counts, never the number of points.
public struct Overlay: Sendable, Equatable {
    /// A value axis as the overlay's client needs it to turn y back into a value.
    public struct Axis: Sendable, Equatable {
        public let lower: Double
        public let upper: Double
        public let log: Bool
        public let unit: ValueUnit
    }

    /// A series entry: its legend box (nil when the legend is hidden) and its figures.
    public struct Series: Sendable, Equatable {
        public let name: String
        public let color: Color
        public let rightAxis: Bool
        public let legend: Rect?
        public let stats: SeriesStats?
        /// Plain text for the `<title>`: the name, then last, min, max and avg in the axis' unit.
        public let title: String
    }

    /// A series within one hover target's time span.
    public struct Span: Sendable, Equatable {
        public let min: Double
        public let max: Double
        public let last: Double
        public let lastTime: EpochMillis
    }

    /// A hover target: a strip of the plot a few pixel columns wide over [from, until).
    public struct Target: Sendable, Equatable {
        public let x: Double
        public let width: Double
        public let from: EpochMillis
        public let until: EpochMillis
        /// One entry per series, nil where a series has no point in the strip.
        public let values: [Span?]
        /// Plain text for the `<title>`: the time, then one line per series with data.
        public let title: String
    }

    /// A threshold or annotation as drawn: a line (zero height or width) or a band.
    public struct Mark: Sendable, Equatable {
        public let index: Int
        public let rect: Rect
        public let color: Color
        public let label: String?
        /// Values (thresholds) or epoch milliseconds (annotations), one or two.
        public let values: [Double]
    }

    /// Size in logical pixels (the PNG is `width·scale × height·scale`).
    public let width: Double
    public let height: Double
    public let plot: Rect
    public let from: EpochMillis
    public let until: EpochMillis
    public let scale: Double
    public let timeZone: String
    public let kind: ChartKind
    public let left: Axis
    public let right: Axis?
    public let series: [Series]
    public let targets: [Target]
    public let thresholds: [Mark]
    public let annotations: [Mark]
    /// A remark about the data (e.g. values a log scale left out).
    public let note: String?
}
