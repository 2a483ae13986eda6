import Dispatch
import Foundation
import FramecastCore

/// Why the pool refused a render: every worker is busy and the queue is full.
public struct RenderPoolOverloaded: Error, Sendable {
    /// Seconds after which a retry is likely to be admitted.
    public let retryAfterSeconds: Int
}

/// A bounded pool for rendering (CPU work) with admission control. At most `workers` renders
/// run at once, on Dispatch threads rather than Swift's cooperative pool, so a burst of renders
/// never starves the event loops and the ingest acknowledgements; at most `queue` wait. Past
/// that, `run` throws `RenderPoolOverloaded` at once: polling requests answer 503 with
/// Retry-After, and streams skip a tick (fewer frames, never a pile-up).
public final class RenderPool: @unchecked Sendable {
    public let limits: RenderLimits
    private let lock = NSLock()
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var waitingHead = 0
    private let queue = DispatchQueue(label: "framecast.render", attributes: .concurrent)
    /// Renders finished since start (for /metrics and tests).
    public private(set) var completed = 0
    public private(set) var refused = 0

    public init(limits: RenderLimits) {
        self.limits = limits
    }

    /// Renders currently running and waiting.
    public var load: (running: Int, waiting: Int) {
        lock.withLock { (running, waiting.count - waitingHead) }
    }

    /// Runs `work` on a render thread once a worker is free; throws `RenderPoolOverloaded`
    /// without waiting when the queue is full (or, with `wait: false`, when no worker is free).
    public func run<T: Sendable>(wait: Bool = true, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await acquire(wait: wait)
        defer { release() }
        return try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try work() })
            }
        }
    }

    private func acquire(wait: Bool) async throws {
        enum Admission { case run, queued, refused }
        let admission: Admission = lock.withLock {
            if running < limits.workers {
                running += 1
                return .run
            }
            if !wait || waiting.count - waitingHead >= limits.queue {
                refused += 1
                return .refused
            }
            return .queued
        }
        switch admission {
        case .run: return
        case .refused: throw RenderPoolOverloaded(retryAfterSeconds: 1)
        case .queued:
            await withCheckedContinuation { continuation in
                let resumeNow: Bool = lock.withLock {
                    // A worker may have been released between the check and here.
                    if running < limits.workers {
                        running += 1
                        return true
                    }
                    waiting.append(continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }

    private func release() {
        let next: CheckedContinuation<Void, Never>? = lock.withLock {
            completed += 1
            if waitingHead < waiting.count {
                let continuation = waiting[waitingHead]
                waitingHead += 1
                if waitingHead > 64 && waitingHead * 2 > waiting.count {
                    waiting.removeFirst(waitingHead)
                    waitingHead = 0
                }
                // The worker passes straight to the waiter: `running` stays the same.
                return continuation
            }
            running -= 1
            return nil
        }
        next?.resume()
    }
}
