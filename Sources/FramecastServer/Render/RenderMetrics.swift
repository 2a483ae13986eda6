import Metrics

/// Rendering in /metrics.
enum RenderMetrics {
    static let rendered = Counter(
        label: "framecast_frames_rendered_total", dimensions: [("path", "render")], factory: ServerMetrics.factory)
    static let refused = Counter(label: "framecast_render_refused_total", factory: ServerMetrics.factory)
    static let renderTime = Metrics.Timer(label: "framecast_render_seconds", factory: ServerMetrics.factory)
}
