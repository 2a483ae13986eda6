import Foundation
import FramecastCore
import FramecastRender
import FramecastStore
import Logging
import ServiceLifecycle
import Synchronization

/// Why a new stream was refused: the hub is at its subscriber or chart limit (503, Retry-After).
public struct StreamRefused: Error, Sendable, CustomStringConvertible {
    public let description: String
}

/// Counts the tests and `/metrics` read.
public struct StreamHubStats: Sendable, Equatable {
    /// Frames drawn for streams since start.
    public var renders = 0
    /// Frames drawn in the last tick that found a due chart.
    public var lastTickRenders = 0
    /// Unsent frames replaced by newer ones (slow consumers).
    public var dropped = 0
    public var idleDisconnects = 0
    /// Frames not drawn because the render pool was full.
    public var skipped = 0
    public var events = 0
    public var subscribers = 0
    public var charts = 0
}

/// Renders each watched chart once per tick and fans the same bytes out to its subscribers'
/// one-slot mailboxes; keeps each events chart's state and bounded history, computing its diffs
/// once per tick for all its subscribers (owned by the stream hub area).
public final class StreamHub: Service, Sendable {
    let engine: IngestEngine
    let renderPool: RenderPool
    let limits: StreamLimits
    let logger: Logger
    private struct State {
        var charts: [ChartKey: LiveChart] = [:]
        var counters = StreamHubStats()
        var closed = false
        /// Event ids increase across charts and across restarts (seeded from the clock, µs-like).
        var nextEventID = UInt64(max(0, ServerClock.now())) * 1000
        var lastHeartbeat = ContinuousClock.now
    }
    private let state = Mutex(State())

    public init(engine: IngestEngine, renderPool: RenderPool, limits: StreamLimits, logger: Logger) {
        self.engine = engine
        self.renderPool = renderPool
        self.limits = limits
        self.logger = logger
    }

    public var stats: StreamHubStats {
        state.withLock { state in
            var copy = state.counters
            copy.charts = state.charts.count
            return copy
        }
    }

    func count(_ update: (inout StreamHubStats) -> Void) { state.withLock { update(&$0.counters) } }

    func allocateEventID() -> UInt64 {
        state.withLock { state in
            state.nextEventID += 1
            return state.nextEventID
        }
    }

    /// True (and the clock reset) when `period` has passed since the last heartbeat.
    func heartbeatDue(now: ContinuousClock.Instant, period: Duration) -> Bool {
        state.withLock { state in
            guard now - state.lastHeartbeat >= period else { return false }
            state.lastHeartbeat = now
            return true
        }
    }

    var liveCharts: [LiveChart] { state.withLock { Array($0.charts.values) } }

    /// Throws `StreamRefused` when one more subscriber (of a possibly new chart) would pass the limits.
    func checkCapacity(_ keys: [ChartKey]) throws(StreamRefused) {
        let refusal: String? = state.withLock { state in
            if state.closed { return "the server is shutting down" }
            if state.counters.subscribers >= limits.maxSubscribers { return "\(limits.maxSubscribers) stream subscribers already" }
            let new = keys.filter { state.charts[$0] == nil }.count
            if state.charts.count + new > limits.maxCharts { return "\(limits.maxCharts) live charts already" }
            return nil
        }
        if let refusal { throw StreamRefused(description: refusal) }
    }

    /// Subscribes to frames of `query` (format `frames`) and/or its events.
    func subscribe(_ query: ChartQuery, frames: FrameFormat?, events: Bool) throws(StreamRefused) -> Subscription {
        let frameKey = frames.map { ChartKey(chart: query.key, kind: .frames($0), refreshMillis: query.refreshMillis) }
        let eventKey = events ? ChartKey(chart: query.key, kind: .events, refreshMillis: query.refreshMillis) : nil
        try checkCapacity([frameKey, eventKey].compactMap { $0 })
        let (frameChart, eventChart): (LiveChart?, LiveChart?) = state.withLock { state in
            func chart(_ key: ChartKey?) -> LiveChart? {
                guard let key else { return nil }
                if let existing = state.charts[key] { return existing }
                let chart = LiveChart(key: key, query: query)
                state.charts[key] = chart
                return chart
            }
            state.counters.subscribers += 1
            return (chart(frameKey), chart(eventKey))
        }
        StreamMetrics.subscribers.record(stats.subscribers)
        let subscription = Subscription(hub: self, frames: frameChart, events: eventChart, heartbeats: events)
        for chart in subscription.charts { chart.add(subscription) }
        return subscription
    }

    /// Called once by `Subscription.cancel`.
    func remove(_ subscription: Subscription) {
        for chart in subscription.charts { chart.remove(subscription) }
        let subscribers = state.withLock { state in
            state.counters.subscribers -= 1
            return state.counters.subscribers
        }
        StreamMetrics.subscribers.record(subscribers)
    }

    /// Forgets charts nobody has watched for the grace period.
    func dropAbandoned() {
        let now = ContinuousClock.now
        let grace = Duration.milliseconds(Int64(limits.chartGraceSeconds * 1000))
        let count: Int = state.withLock { state in
            state.charts = state.charts.filter { !$0.value.isAbandoned(now: now, grace: grace) }
            return state.charts.count
        }
        StreamMetrics.charts.record(count)
    }

    public func run() async throws {
        if limits.automaticTicks {
            let period = Duration.milliseconds(max(10, limits.tickMillis))
            await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    await self.tick(now: ServerClock.now())
                    try? await Task.sleep(for: period)
                }
            }
        } else {
            try? await gracefulShutdown()
        }
        close()
    }

    /// Ends every stream (graceful shutdown) and refuses new ones.
    public func close() {
        let all: [LiveChart] = state.withLock { state in
            state.closed = true
            return Array(state.charts.values)
        }
        for chart in all {
            for subscriber in chart.allSubscribers { subscriber.mailbox.close(.shutdown) }
        }
    }
}
