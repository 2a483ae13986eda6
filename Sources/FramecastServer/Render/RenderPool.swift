import DequeModule
import Dispatch
import FramecastCore
import Synchronization

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
///
/// Cancellation: a waiter whose task is cancelled (a client that went away) leaves the queue at
/// once, throwing `CancellationError`, and never takes a worker. A render already running is
/// not interrupted (its bytes are simply not used).
public final class RenderPool: Sendable {
    public let limits: RenderLimits
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "framecast.render", attributes: .concurrent)

    private struct State {
        var running = 0
        /// Admitted waiters by ticket: reserved until their continuation is stored.
        var waiters: [UInt64: Waiter] = [:]
        /// Tickets in arrival order; a cancelled one is skipped when its turn comes.
        var order: Deque<UInt64> = []
        var nextTicket: UInt64 = 0
        var completed = 0
        var refused = 0
    }

    private enum Waiter {
        /// Admitted, its continuation not stored yet.
        case reserved
        /// Cancelled before its continuation was stored: it throws as soon as it is.
        case cancelled
        case waiting(CheckedContinuation<Void, any Error>)
    }

    public init(limits: RenderLimits) {
        self.limits = limits
    }

    /// Renders currently running and waiting.
    public var load: (running: Int, waiting: Int) {
        state.withLock { ($0.running, $0.waiters.count) }
    }

    /// Renders finished since start (for /metrics and tests).
    public var completed: Int { state.withLock { $0.completed } }
    public var refused: Int { state.withLock { $0.refused } }

    /// Runs `work` on a render thread once a worker is free; throws `RenderPoolOverloaded`
    /// without waiting when the queue is full (or, with `wait: false`, when no worker is free),
    /// and `CancellationError` when the task is cancelled while it waits.
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
        enum Admission {
            case run
            case queued(UInt64)
            case refused
        }
        let admission: Admission = state.withLock { state in
            if state.running < limits.workers {
                state.running += 1
                return .run
            }
            if !wait || state.waiters.count >= limits.queue {
                state.refused += 1
                return .refused
            }
            state.nextTicket += 1
            state.waiters[state.nextTicket] = .reserved
            return .queued(state.nextTicket)
        }
        switch admission {
        case .run: return
        case .refused: throw RenderPoolOverloaded(retryAfterSeconds: 1)
        case .queued(let ticket): try await waitForTurn(ticket)
        }
    }

    private func waitForTurn(_ ticket: UInt64) async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enum Outcome { case run, wait, cancelled }
                let outcome: Outcome = state.withLock { state in
                    if case .cancelled = state.waiters[ticket] {
                        state.waiters[ticket] = nil
                        return .cancelled
                    }
                    // A worker may have been released between the admission and here.
                    if state.running < limits.workers {
                        state.waiters[ticket] = nil
                        state.running += 1
                        return .run
                    }
                    state.waiters[ticket] = .waiting(continuation)
                    state.order.append(ticket)
                    return .wait
                }
                switch outcome {
                case .run: continuation.resume()
                case .cancelled: continuation.resume(throwing: CancellationError())
                case .wait: break
                }
            }
        } onCancel: {
            let continuation: CheckedContinuation<Void, any Error>? = state.withLock { state in
                switch state.waiters[ticket] {
                case .reserved:
                    state.waiters[ticket] = .cancelled
                    return nil
                case .waiting(let continuation):
                    // Its ticket stays in `order` and is skipped there.
                    state.waiters[ticket] = nil
                    return continuation
                case .cancelled, nil:
                    // Already given a worker (it runs), or already cancelled.
                    return nil
                }
            }
            continuation?.resume(throwing: CancellationError())
        }
    }

    private func release() {
        let next: CheckedContinuation<Void, any Error>? = state.withLock { state in
            state.completed += 1
            while let ticket = state.order.popFirst() {
                if case .waiting(let continuation) = state.waiters.removeValue(forKey: ticket) {
                    // The worker passes straight to the waiter: `running` stays the same.
                    return continuation
                }
            }
            state.running -= 1
            return nil
        }
        next?.resume()
    }
}
