import Foundation
import FramecastCore
import FramecastRender

/// A chart asked for by URL query parameters — the parameters of `/render`, `/stream`,
/// `/events` and `/ws` (the same options as `framecast export`'s flags, without the dashes'
/// leading `--`). Parsing checks every value and its bounds before any data is read.
///
/// Times stay as written: `from=-1h&until=now` is a live window that moves with the clock, and
/// `window(now:)` resolves it anew for every frame. `key` is the canonical form of everything that
/// decides the frame's look, so two URLs that ask for the same chart share one rendering.
public struct ChartQuery: Sendable, Hashable {
    /// Series patterns (repeatable `series`); a series matching any is drawn.
    public var series: [Glob]
    public var from: String
    public var until: String
    public var format: ChartFormat
    public var timeZone: String
    /// Everything else, as validated option values (see `ChartQuery+Parse.swift`).
    public var options: ChartQueryOptions
    /// Refresh period of live streams (`refresh`), in milliseconds.
    public var refreshMillis: Int64

    /// Canonical text of the chart (format excluded): equal keys draw equal frames.
    public var key: String
}

/// What a chart URL asks for.
public enum ChartFormat: String, Sendable, Hashable, CaseIterable {
    case png, svg, overlay, json

    /// The frame format FrameRenderer draws; nil for `json` (M4 columns, no drawing).
    public var frameFormat: FrameFormat? {
        switch self {
        case .png: return .png
        case .svg: return .svg
        case .overlay: return .overlay
        case .json: return nil
        }
    }

    public var contentType: String {
        frameFormat?.contentType ?? "application/json"
    }
}

/// Chart options other than series, time and format, validated but not yet bound to a window.
public struct ChartQueryOptions: Sendable, Hashable {
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
