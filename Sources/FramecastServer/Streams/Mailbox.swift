import Foundation
import Synchronization

/// What a subscriber has not taken yet: at most one frame (a newer one replaces it), a flag that
/// its chart has events past the subscriber's cursor (the events live in the chart's bounded
/// history, not here) and a heartbeat flag. Its size does not depend on what the client does.
struct Delivery: Sendable {
    var frame: StreamFrame?
    var events = false
    var heartbeat = false

    var isEmpty: Bool { frame == nil && !events && !heartbeat }
}

/// Why a mailbox was closed.
enum MailboxClose: Sendable, Equatable {
    /// The server is shutting down: the stream ends cleanly.
    case shutdown
    /// The subscriber left an offered delivery untaken past the idle timeout: the connection is cut.
    case idle
    /// The stream ended on its own (client gone, write failed, task cancelled).
    case finished
}

/// A subscriber's one-slot mailbox. The hub offers, the subscriber's writer takes; an offer never
/// waits, so a slow consumer never holds up the hub or the other subscribers.
final class Mailbox: Sendable {
    private struct State {
        var slot = Delivery()
        var taker: CheckedContinuation<Delivery?, Never>?
        var closeWaiters: [CheckedContinuation<MailboxClose, Never>] = []
        var closed: MailboxClose?
        /// When an offer found nobody waiting; nil while the slot is empty.
        var pendingSince: ContinuousClock.Instant?
    }
    private let state = Mutex(State())

    /// Offers a frame; true when it replaced a frame the subscriber had not taken (a drop).
    @discardableResult
    func offer(frame: StreamFrame) -> Bool {
        deliver { slot in
            let replaced = slot.frame != nil
            slot.frame = frame
            return replaced
        }
    }

    func offerEvents() {
        deliver {
            $0.events = true
            return false
        }
    }

    func offerHeartbeat() {
        deliver {
            $0.heartbeat = true
            return false
        }
    }

    @discardableResult
    private func deliver(_ update: (inout Delivery) -> Bool) -> Bool {
        let (replaced, wake): (Bool, (CheckedContinuation<Delivery?, Never>, Delivery)?) = state.withLock { state in
            guard state.closed == nil else { return (false, nil) }
            let replaced = update(&state.slot)
            guard let waiting = state.taker else {
                if state.pendingSince == nil { state.pendingSince = .now }
                return (replaced, nil)
            }
            state.taker = nil
            let value = state.slot
            state.slot = Delivery()
            return (replaced, (waiting, value))
        }
        if let (waiting, value) = wake { waiting.resume(returning: value) }
        return replaced
    }

    /// The next delivery, waiting for one; nil once the mailbox is closed. One taker at a time.
    func take() async -> Delivery? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Delivery?, Never>) in
                let ready: Delivery?? = state.withLock { state in
                    if state.closed != nil { return .some(nil) }
                    state.pendingSince = nil
                    if !state.slot.isEmpty {
                        let value = state.slot
                        state.slot = Delivery()
                        return .some(value)
                    }
                    state.taker = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            close(.finished)
        }
    }

    /// Closes the mailbox: a waiting `take` returns nil, later offers are ignored. The first reason wins.
    func close(_ reason: MailboxClose) {
        let woken: (CheckedContinuation<Delivery?, Never>?, [CheckedContinuation<MailboxClose, Never>])? = state.withLock { state in
            guard state.closed == nil else { return nil }
            state.closed = reason
            state.slot = Delivery()
            defer {
                state.taker = nil
                state.closeWaiters = []
            }
            return (state.taker, state.closeWaiters)
        }
        guard let (taker, waiters) = woken else { return }
        taker?.resume(returning: nil)
        for waiter in waiters { waiter.resume(returning: reason) }
    }

    /// Waits until the mailbox closes and returns why; cancelling the wait closes it (`.finished`).
    func closedReason() async -> MailboxClose {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<MailboxClose, Never>) in
                let closed: MailboxClose? = state.withLock { state in
                    if let closed = state.closed { return closed }
                    state.closeWaiters.append(continuation)
                    return nil
                }
                if let closed { continuation.resume(returning: closed) }
            }
        } onCancel: {
            close(.finished)
        }
    }

    /// True when an offer has waited untaken for longer than `limit`.
    func isIdle(now: ContinuousClock.Instant, limit: Duration) -> Bool {
        state.withLock { state in state.pendingSince.map { now - $0 > limit } ?? false }
    }

    var isClosed: Bool { state.withLock { $0.closed != nil } }

    /// Whether a frame sits in the slot (tests: a stalled subscriber holds at most one).
    var holdsFrame: Bool { state.withLock { $0.slot.frame != nil } }
}
