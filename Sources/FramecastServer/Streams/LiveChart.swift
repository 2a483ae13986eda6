import Foundation
import FramecastCore
import FramecastRender

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
/// from their own tasks, under the lock.
final class LiveChart: @unchecked Sendable {
    let key: ChartKey
    let query: ChartQuery
    private let lock = NSLock()
    private var subscribers: [ObjectIdentifier: Subscription] = [:]
    private var emptySince: ContinuousClock.Instant? = .now
    /// Epoch ms at or after which the next tick looks at this chart.
    private var nextDue: EpochMillis = 0
    private var etag: String?
    private(set) var frame: StreamFrame?
    private var log: EventLog?

    init(key: ChartKey, query: ChartQuery) {
        self.key = key
        self.query = query
    }

    var subscriberCount: Int { lock.withLock { subscribers.count } }
    var allSubscribers: [Subscription] { lock.withLock { Array(subscribers.values) } }
    var hasLog: Bool { lock.withLock { log != nil } }

    func isDue(_ now: EpochMillis) -> Bool { lock.withLock { nextDue <= now } }

    func isAbandoned(now: ContinuousClock.Instant, grace: Duration) -> Bool {
        lock.withLock { subscribers.isEmpty && emptySince.map { now - $0 > grace } ?? false }
    }

    /// Marks the chart done for this period: next due at the next multiple of its refresh.
    func scheduleNext(after now: EpochMillis) {
        let period = key.refreshMillis
        lock.withLock { nextDue = (now.floorDiv(period) + 1) * period }
    }

    /// True when `etag` differs from the one last published.
    func changed(_ etag: String) -> Bool { lock.withLock { self.etag != etag } }

    /// Adds a subscriber and hands it what it should see first: the newest frame, or a wake-up
    /// to read its events (a snapshot, or the events after its `Last-Event-ID`).
    func add(_ subscription: Subscription) {
        lock.withLock {
            subscribers[ObjectIdentifier(subscription)] = subscription
            emptySince = nil
            switch key.kind {
            case .frames: if let frame { subscription.mailbox.offer(frame: frame) }
            case .events: if log != nil { subscription.mailbox.offerEvents() }
            }
        }
    }

    func remove(_ subscription: Subscription) {
        lock.withLock {
            subscribers[ObjectIdentifier(subscription)] = nil
            if subscribers.isEmpty { emptySince = .now }
        }
    }

    /// Publishes a new frame to every subscriber's mailbox unless its bytes equal the last one's;
    /// returns the number of unsent frames it replaced (drops), nil when it was not new.
    func publish(bytes: [UInt8], due: EpochMillis, etag: String, contentType: String) -> Int? {
        lock.withLock {
            self.etag = etag
            let next = StreamFrame(sequence: (frame?.sequence ?? 0) + 1, due: due, bytes: bytes, contentType: contentType)
            if let frame, frame.digest == next.digest { return nil }
            frame = next
            var drops = 0
            for subscriber in subscribers.values where subscriber.mailbox.offer(frame: next) { drops += 1 }
            return drops
        }
    }

    /// Moves the event log to `state` (creating it on first use) and wakes subscribers when events were added.
    @discardableResult
    func advance(to state: EventsState, etag: String, history: Int, nextID: () -> UInt64) -> Int {
        lock.withLock {
            self.etag = etag
            guard var current = log else {
                log = EventLog(state: state, id: nextID(), limit: history)
                for subscriber in subscribers.values { subscriber.mailbox.offerEvents() }
                return 0
            }
            let added = current.advance(to: state, nextID: nextID)
            log = current
            if added > 0 { for subscriber in subscribers.values { subscriber.mailbox.offerEvents() } }
            return added
        }
    }

    /// What a subscriber holding event id `id` needs next; nil before the chart has a state.
    func catchUp(after id: UInt64?) -> CatchUp? {
        lock.withLock {
            guard var current = log else { return nil }
            let result = current.catchUp(after: id)
            log = current
            return result
        }
    }
}
