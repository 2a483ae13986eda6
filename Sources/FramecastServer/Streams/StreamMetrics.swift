import Metrics

/// Live streams in /metrics.
enum StreamMetrics {
    static let rendered = Counter(label: "framecast_frames_rendered_total", dimensions: [("path", "stream")])
    /// Renders in the last tick: the number of distinct charts whose frame changed, never of clients.
    static let rendersPerTick = Gauge(label: "framecast_stream_renders_per_tick")
    static let charts = Gauge(label: "framecast_stream_live_charts")
    static let subscribers = Gauge(label: "framecast_stream_subscribers")
    static let dropped = Counter(label: "framecast_stream_frames_dropped_total")
    static let idleDisconnects = Counter(label: "framecast_stream_idle_disconnects_total")
    /// Frames not drawn because the render pool was full: the stream skips a tick.
    static let skipped = Counter(label: "framecast_stream_ticks_skipped_total")
    static let events = Counter(label: "framecast_stream_events_total")
    /// Layout, drawing and PNG encoding of one stream frame.
    static let renderTime = Metrics.Timer(label: "framecast_stream_render_seconds")
    /// Computing a chart's columns and encoding its snapshot or diff messages.
    static let encodeTime = Metrics.Timer(label: "framecast_stream_encode_seconds")
}
