import Metrics

/// Live streams in /metrics.
enum StreamMetrics {
    /// Renders in the last tick: the number of distinct charts whose frame changed, never of clients.
    static let rendersPerTick = Gauge(label: "framecast_stream_renders_per_tick", factory: ServerMetrics.factory)
    static let charts = Gauge(label: "framecast_stream_live_charts", factory: ServerMetrics.factory)
    static let subscribers = Gauge(label: "framecast_stream_subscribers", factory: ServerMetrics.factory)
    static let dropped = Counter(label: "framecast_stream_frames_dropped_total", factory: ServerMetrics.factory)
    static let idleDisconnects = Counter(label: "framecast_stream_idle_disconnects_total", factory: ServerMetrics.factory)
    /// Frames not drawn because the render pool was full: the stream skips a tick.
    static let skipped = Counter(label: "framecast_stream_ticks_skipped_total", factory: ServerMetrics.factory)
    static let events = Counter(label: "framecast_stream_events_total", factory: ServerMetrics.factory)
    /// Computing a chart's columns and encoding its snapshot or diff messages.
    static let encodeTime = Metrics.Timer(label: "framecast_stream_encode_seconds", factory: ServerMetrics.factory)
}
