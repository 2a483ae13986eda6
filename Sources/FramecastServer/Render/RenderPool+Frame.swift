import FramecastCore
import FramecastRender
import Metrics

/// Which front end asked for a frame: the `path` dimension of the render metrics.
enum RenderPath: String, Sendable, CaseIterable {
    case render, embed, badge, stream
}

extension RenderPool {
    /// The one way a front end draws through the pool: `draw` runs on a render worker, its time
    /// goes to `framecast_render_seconds{path}` and a success to `framecast_frames_rendered_total{path}`.
    /// A full queue counts `framecast_render_refused_total{path}` and throws `RenderPoolOverloaded`,
    /// which answers 503 with Retry-After wherever it reaches a client (streams skip the tick instead).
    func frame(_ path: RenderPath, wait: Bool = true, _ draw: @escaping @Sendable () throws -> [UInt8]) async throws -> [UInt8] {
        let bytes: [UInt8]
        do {
            bytes = try await run(wait: wait) {
                let started = ContinuousClock.now
                defer { RenderMetrics.renderTime(path).record(duration: ContinuousClock.now - started) }
                return try draw()
            }
        } catch let overloaded as RenderPoolOverloaded {
            RenderMetrics.refused(path).increment()
            throw overloaded
        }
        RenderMetrics.rendered(path).increment()
        return bytes
    }
}
