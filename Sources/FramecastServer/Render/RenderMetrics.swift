import Metrics

/// Render metrics, one series per front end (`path` = render, embed, badge or stream).
enum RenderMetrics {
    private static let renderedByPath = byPath {
        Counter(label: "framecast_frames_rendered_total", dimensions: $0, factory: ServerMetrics.factory)
    }
    private static let refusedByPath = byPath {
        Counter(label: "framecast_render_refused_total", dimensions: $0, factory: ServerMetrics.factory)
    }
    private static let timeByPath = byPath {
        Metrics.Timer(label: "framecast_render_seconds", dimensions: $0, factory: ServerMetrics.factory)
    }

    static func rendered(_ path: RenderPath) -> Counter { renderedByPath[path]! }
    static func refused(_ path: RenderPath) -> Counter { refusedByPath[path]! }
    /// Layout, drawing and encoding of one frame on a render worker.
    static func renderTime(_ path: RenderPath) -> Metrics.Timer { timeByPath[path]! }

    private static func byPath<M>(_ make: ([(String, String)]) -> M) -> [RenderPath: M] {
        Dictionary(uniqueKeysWithValues: RenderPath.allCases.map { ($0, make([("path", $0.rawValue)])) })
    }
}
