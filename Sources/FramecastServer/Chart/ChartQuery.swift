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
    /// The parameters as Core read them (`ChartParameters.parse`); the fields above are
    /// their HTTP form, with the HTTP defaults applied.
    public var parameters: ChartParameters
    /// Everything else, as validated option values.
    public var options: ChartQueryOptions { parameters.options }
    /// Refresh period of live streams (`refresh`), in milliseconds.
    public var refreshMillis: Int64 { parameters.refreshMillis }

    /// The series this query may draw; re-applied at every resolve (every stream tick).
    public var visibility: SeriesVisibility

    /// Canonical text of the chart (format excluded): equal keys draw equal frames. A query
    /// that may not see private series has its own key, so it never shares a signed viewer's frame.
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

/// Chart options other than series, time and format, validated but not yet bound to a window
/// (read by `ChartParameters.parse` in Core, from the one table of chart parameters).
public typealias ChartQueryOptions = ChartOptionValues
