import FramecastCore
import FramecastRender
import Metrics
import Synchronization

/// A polling request's frame took longer than `RenderLimits.deadlineSeconds` (waiting included).
public struct RenderDeadlineExceeded: Error, Sendable {
    public let seconds: Double
}

/// Which front end asked for a frame: the `path` dimension of the render metrics.
enum RenderPath: String, Sendable, CaseIterable {
    case render, embed, badge, stream, graphite
}

extension RenderPool {
    /// The one way a front end draws through the pool: `draw` runs on a render worker, its time
    /// goes to `framecast_render_seconds{path}` and a success to `framecast_frames_rendered_total{path}`.
    /// A full queue counts `framecast_render_refused_total{path}` and throws `RenderPoolOverloaded`,
    /// which answers 503 with Retry-After wherever it reaches a client (streams skip the tick instead).
    ///
    /// Polling requests (`wait: true`) get `RenderDeadlineExceeded` once `limits.deadlineSeconds`
    /// have passed: the client is answered then, a waiting render leaves the queue, and a running
    /// one finishes on its worker with its bytes unused (Cairo cannot be interrupted mid-frame).
    func frame(_ path: RenderPath, wait: Bool = true, _ draw: @escaping @Sendable () throws -> [UInt8]) async throws -> [UInt8] {
        guard wait, limits.deadlineSeconds.isFinite else { return try await undeadlinedFrame(path, wait: wait, draw) }
        let seconds = limits.deadlineSeconds
        let work = Task { try await undeadlinedFrame(path, wait: wait, draw) }
        let outcome = OnceContinuation()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                outcome.set(continuation)
                Task {
                    let result = await work.result
                    outcome.take()?.resume(with: result)
                }
                Task {
                    try? await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
                    guard let continuation = outcome.take() else { return }
                    work.cancel()
                    RenderMetrics.refused(path).increment()
                    continuation.resume(throwing: RenderDeadlineExceeded(seconds: seconds))
                }
            }
        } onCancel: {
            work.cancel()
        }
    }

    private func undeadlinedFrame(
        _ path: RenderPath, wait: Bool, _ draw: @escaping @Sendable () throws -> [UInt8]
    ) async throws -> [UInt8] {
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

/// The continuation of a frame with a deadline: the render and the timer race, the first to
/// take it resumes it.
private final class OnceContinuation: Sendable {
    private let continuation = Mutex<CheckedContinuation<[UInt8], any Error>?>(nil)

    func set(_ value: CheckedContinuation<[UInt8], any Error>) { continuation.withLock { $0 = value } }

    func take() -> CheckedContinuation<[UInt8], any Error>? { continuation.withLock { $0.take() } }
}
