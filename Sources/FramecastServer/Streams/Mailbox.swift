import Foundation

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
final class Mailbox: @unchecked Sendable {
    private let lock = NSLock()
    private var slot = Delivery()
    private var taker: CheckedContinuation<Delivery?, Never>?
    private var closeWaiters: [CheckedContinuation<MailboxClose, Never>] = []
    private var closed: MailboxClose?
    /// When an offer found nobody waiting; nil while the slot is empty.
    private var pendingSince: ContinuousClock.Instant?

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
        lock.lock()
        guard closed == nil else {
            lock.unlock()
            return false
        }
        let replaced = update(&slot)
        guard let waiting = taker else {
            if pendingSince == nil { pendingSince = .now }
            lock.unlock()
            return replaced
        }
        taker = nil
        let value = slot
        slot = Delivery()
        lock.unlock()
        waiting.resume(returning: value)
        return replaced
    }

    /// The next delivery, waiting for one; nil once the mailbox is closed. One taker at a time.
    func take() async -> Delivery? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Delivery?, Never>) in
                lock.lock()
                if closed != nil {
                    lock.unlock()
                    continuation.resume(returning: nil)
                } else if !slot.isEmpty {
                    let value = slot
                    slot = Delivery()
                    pendingSince = nil
                    lock.unlock()
                    continuation.resume(returning: value)
                } else {
                    pendingSince = nil
                    taker = continuation
                    lock.unlock()
                }
            }
        } onCancel: {
            close(.finished)
        }
    }

    /// Closes the mailbox: a waiting `take` returns nil, later offers are ignored. The first reason wins.
    func close(_ reason: MailboxClose) {
        lock.lock()
        guard closed == nil else {
            lock.unlock()
            return
        }
        closed = reason
        slot = Delivery()
        let waiting = taker
        taker = nil
        let waiters = closeWaiters
        closeWaiters = []
        lock.unlock()
        waiting?.resume(returning: nil)
        for waiter in waiters { waiter.resume(returning: reason) }
    }

    /// Waits until the mailbox closes and returns why; cancelling the wait closes it (`.finished`).
    func closedReason() async -> MailboxClose {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<MailboxClose, Never>) in
                lock.lock()
                if let closed {
                    lock.unlock()
                    continuation.resume(returning: closed)
                } else {
                    closeWaiters.append(continuation)
                    lock.unlock()
                }
            }
        } onCancel: {
            close(.finished)
        }
    }

    /// True when an offer has waited untaken for longer than `limit`.
    func isIdle(now: ContinuousClock.Instant, limit: Duration) -> Bool {
        lock.withLock { pendingSince.map { now - $0 > limit } ?? false }
    }

    var isClosed: Bool { lock.withLock { closed != nil } }

    /// Whether a frame sits in the slot (tests: a stalled subscriber holds at most one).
    var holdsFrame: Bool { lock.withLock { slot.frame != nil } }
}
