import Foundation
import FramecastCore
import FramecastRender
import FramecastStore

extension StreamHub {
    /// One pass over the charts: each due chart is resolved against one snapshot; when its ETag
    /// moved, a frame chart is drawn once (through the render pool, at most `workers` at a time,
    /// skipping the tick when the pool is full) and offered to every subscriber, and an events
    /// chart computes its diff once and wakes its subscribers. Also cuts idle subscribers, sends
    /// heartbeats and forgets abandoned charts. `force` treats every chart as due (tests).
    public func tick(now: EpochMillis, force: Bool = false) async {
        disconnectIdle()
        sendHeartbeatsIfDue()
        dropAbandoned()
        let due = liveCharts.filter { force || $0.isDue(now) }
        guard !due.isEmpty else { return }
        let snapshot = await engine.snapshot()
        let workers = max(1, renderPool.limits.workers)
        let renders = await withTaskGroup(of: Int.self) { group in
            var inFlight = 0
            var renders = 0
            for chart in due {
                chart.scheduleNext(after: now)
                guard let resolved = try? chart.query.resolve(snapshot: snapshot, now: now, budget: renderPool.limits.maxBucketsPerRender)
                else { continue }
                switch chart.key.kind {
                case .events:
                    guard chart.changed(resolved.etag) || !chart.hasLog else { continue }
                    advanceEvents(chart, resolved)
                case .frames(let format):
                    guard chart.subscriberCount > 0, chart.changed(resolved.etag) else { continue }
                    if inFlight == workers, let done = await group.next() {
                        renders += done
                        inFlight -= 1
                    }
                    inFlight += 1
                    // Due at the refresh boundary the tick serves, not when the tick got to it:
                    // X-Frame-Due then shows a late tick as frame delay too.
                    let boundary = now.floorDiv(chart.key.refreshMillis) * chart.key.refreshMillis
                    group.addTask { await self.render(chart, resolved, format: format, due: boundary) }
                }
            }
            for await done in group { renders += done }
            return renders
        }
        count {
            $0.renders += renders
            $0.lastTickRenders = renders
        }
        StreamMetrics.rendersPerTick.record(renders)
    }

    /// Draws one frame through the pool and publishes it; 1 when drawn, 0 when the pool was full.
    private func render(_ chart: LiveChart, _ resolved: ResolvedChart, format: FrameFormat, due: EpochMillis) async -> Int {
        let bytes: [UInt8]
        do {
            bytes = try await renderPool.frame(.stream) {
                try FrameRenderer.render(spec: resolved.spec, series: resolved.sources, format: format).bytes
            }
        } catch is RenderPoolOverloaded {
            StreamMetrics.skipped.increment()
            count { $0.skipped += 1 }
            return 0
        } catch {
            logger.warning("stream frame failed", metadata: ["chart": "\(chart.query.key)", "error": "\(error)"])
            return 0
        }
        if let drops = chart.publish(bytes: bytes, due: due, etag: resolved.etag, contentType: format.contentType), drops > 0 {
            StreamMetrics.dropped.increment(by: drops)
            count { $0.dropped += drops }
        }
        return 1
    }

    private func advanceEvents(_ chart: LiveChart, _ resolved: ResolvedChart) {
        let started = ContinuousClock.now
        let state = EventsState(resolved: resolved)
        let added = chart.advance(to: state, etag: resolved.etag, history: limits.eventHistory, nextID: allocateEventID)
        StreamMetrics.encodeTime.record(duration: ContinuousClock.now - started)
        if added > 0 {
            StreamMetrics.events.increment(by: added)
            count { $0.events += added }
        }
    }

    /// Makes the first state of a new events chart at once, so a new subscriber's snapshot does not wait for a tick.
    func prepareEvents(_ chart: LiveChart) async {
        guard !chart.hasLog else { return }
        let now = ServerClock.now()
        guard
            let resolved = try? chart.query.resolve(
                snapshot: await engine.snapshot(), now: now, budget: renderPool.limits.maxBucketsPerRender)
        else { return }
        if !chart.hasLog { advanceEvents(chart, resolved) }
    }

    /// Closes the mailbox of every subscriber that left an offer untaken past the idle timeout;
    /// its stream task is cancelled (even mid-write) and it leaves the hub.
    private func disconnectIdle() {
        let now = ContinuousClock.now
        let limit = Duration.milliseconds(Int64(limits.idleTimeoutSeconds * 1000))
        var seen = Set<ObjectIdentifier>()
        for chart in liveCharts {
            for subscriber in chart.allSubscribers where seen.insert(ObjectIdentifier(subscriber)).inserted {
                guard !subscriber.mailbox.isClosed, subscriber.mailbox.isIdle(now: now, limit: limit) else { continue }
                subscriber.mailbox.close(.idle)
                subscriber.cancel()
                StreamMetrics.idleDisconnects.increment()
                count { $0.idleDisconnects += 1 }
            }
        }
    }

    private func sendHeartbeatsIfDue() {
        let now = ContinuousClock.now
        guard heartbeatDue(now: now, period: .milliseconds(Int64(limits.heartbeatSeconds * 1000))) else { return }
        for chart in liveCharts where chart.key.kind == .events {
            for subscriber in chart.allSubscribers where subscriber.heartbeats { subscriber.mailbox.offerHeartbeat() }
        }
    }
}
