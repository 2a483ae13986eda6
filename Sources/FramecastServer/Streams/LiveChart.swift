import Foundation
import FramecastCore
import FramecastRender
import Synchronization

/// What makes two subscriptions share one rendering: the chart's canonical key, what is sent
/// (frames of a format, or events) and the refresh period.
struct ChartKey: Hashable, Sendable {
    enum Kind: Hashable, Sendable {
        case frames(FrameFormat)
        case events
    }

    let chart: String
    let kind: Kind
    let refreshMillis: Int64
}

/// One chart that clients watch: its subscribers, its newest frame or its event log, and when it
/// is next due. The hub's tick is the only writer of frames and events; subscribers join and leave
/// from their own tasks, under the mutex.
final class LiveChart: Sendable {
    let key: ChartKey
    let query: ChartQuery
    private struct State {
        var subscribers: [ObjectIdentifier: Subscription] = [:]
        var emptySince: ContinuousClock.Instant? = .now
        /// Epoch ms at or after which the next tick looks at this chart.
        var nextDue: EpochMillis = 0
        var etag: String?
        var frame: StreamFrame?
        var log: EventLog?
    }
    private let state = Mutex(State())

    init(key: ChartKey, query: ChartQuery) {
        self.key = key
        self.query = query
    }

    var subscriberCount: Int { state.withLock { state in state.subscribers.count } }
    var allSubscribers: [Subscription] { state.withLock { state in Array(state.subscribers.values) } }
    var hasLog: Bool { state.withLock { state in state.log != nil } }

    func isDue(_ now: EpochMillis) -> Bool { state.withLock { state in state.nextDue <= now } }

    func isAbandoned(now: ContinuousClock.Instant, grace: Duration) -> Bool {
        state.withLock { state in state.subscribers.isEmpty && state.emptySince.map { now - $0 > grace } ?? false }
    }

    /// Marks the chart done for this period: next due at the next multiple of its refresh.
    func scheduleNext(after now: EpochMillis) {
        let period = key.refreshMillis
        state.withLock { state in state.nextDue = (now.floorDiv(period) + 1) * period }
    }

    /// True when `etag` differs from the one last published.
    func changed(_ etag: String) -> Bool { state.withLock { state in state.etag != etag } }

    /// Adds a subscriber and hands it what it should see first: the newest frame, or a wake-up
    /// to read its events (a snapshot, or the events after its `Last-Event-ID`).
    func add(_ subscription: Subscription) {
        state.withLock { state in
            state.subscribers[ObjectIdentifier(subscription)] = subscription
            state.emptySince = nil
            switch key.kind {
            case .frames: if let frame = state.frame { subscription.mailbox.offer(frame: frame) }
            case .events: if state.log != nil { subscription.mailbox.offerEvents() }
            }
        }
    }

    func remove(_ subscription: Subscription) {
        state.withLock { state in
            state.subscribers[ObjectIdentifier(subscription)] = nil
            if state.subscribers.isEmpty { state.emptySince = .now }
        }
    }

    /// Publishes a new frame to every subscriber's mailbox unless its bytes equal the last one's;
    /// returns the number of unsent frames it replaced (drops), nil when it was not new.
    func publish(bytes: [UInt8], due: EpochMillis, etag: String, contentType: String) -> Int? {
        state.withLock { state in
            state.etag = etag
            let next = StreamFrame(sequence: (state.frame?.sequence ?? 0) + 1, due: due, bytes: bytes, contentType: contentType)
            if let frame = state.frame, frame.digest == next.digest { return nil }
            state.frame = next
            var drops = 0
            for subscriber in state.subscribers.values where subscriber.mailbox.offer(frame: next) { drops += 1 }
            return drops
        }
    }

    /// Moves the event log to `events` (creating it on first use) and wakes subscribers when events were added.
    @discardableResult
    func advance(to events: EventsState, etag: String, history: Int, nextID: () -> UInt64) -> Int {
        state.withLock { state in
            state.etag = etag
            guard var current = state.log else {
                state.log = EventLog(state: events, id: nextID(), limit: history)
                for subscriber in state.subscribers.values { subscriber.mailbox.offerEvents() }
                return 0
            }
            let added = current.advance(to: events, nextID: nextID)
            state.log = current
            if added > 0 { for subscriber in state.subscribers.values { subscriber.mailbox.offerEvents() } }
            return added
        }
    }

    /// What a subscriber holding event id `id` needs next; nil before the chart has a state.
    func catchUp(after id: UInt64?) -> CatchUp? {
        state.withLock { state in
            guard var current = state.log else { return nil }
            let result = current.catchUp(after: id)
            state.log = current
            return result
        }
    }
}
