import Metrics

/// Rendering in /metrics.
enum RenderMetrics {
    static let rendered = Counter(label: "framecast_frames_rendered_total", dimensions: [("path", "render")])
    static let refused = Counter(label: "framecast_render_refused_total")
    static let renderTime = Metrics.Timer(label: "framecast_render_seconds")
}
