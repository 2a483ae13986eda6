import Foundation
import FramecastCore
import NIOCore
import Synchronization

/// The statsd state shared by the UDP reader and the flush timer: packets are parsed into the
/// aggregator as they come; a flush turns it into Graphite lines under Etsy's names, stamped
/// with the flush time in seconds (as Etsy's Graphite backend does), and ingests them.
public final class StatsdAggregation: Sendable {
    let state: ServerState
    let flushMillis: Int64
    private let aggregator: Mutex<StatsdAggregator>

    public init(state: ServerState, flushMillis: Int64, percentThresholds: [Double] = [90]) {
        self.state = state
        self.flushMillis = flushMillis
        aggregator = Mutex(StatsdAggregator(percentThresholds: percentThresholds))
    }

    /// Parses one datagram; returns the number of bad lines in it.
    @discardableResult
    public func receive(_ packet: String) -> Int {
        var metrics: [StatsdMetric] = []
        let bad = StatsdParser.parse(packet, into: &metrics)
        aggregator.withLock { aggregator in
            for metric in metrics { aggregator.add(metric) }
        }
        StatsdMetrics.packets.increment()
        if bad > 0 { StatsdMetrics.badLines.increment(by: bad) }
        return bad
    }

    /// Flushes what was aggregated since the last flush; returns the series and values written.
    @discardableResult
    public func flush() async throws -> [(name: String, value: Double)] {
        let entries = aggregator.withLock { $0.flush(intervalMillis: flushMillis) }
        guard !entries.isEmpty else { return [] }
        let now = ServerClock.now()
        let seconds = now / 1000
        var text = ""
        text.reserveCapacity(entries.count * 48)
        for entry in entries { text += "\(entry.name) \(entry.value) \(seconds)\n" }
        let options = ParseOptions(now: now, maxReportedRejections: 3)
        let outcome = try await IngestPipeline.ingest(ByteBuffer(string: text), format: .graphite, options: options, engine: state.engine)
        if let first = outcome.listed.first {
            state.logger.warning("statsd flush: series refused", metadata: ["count": "\(outcome.invalidLines)", "first": "\(first.reason)"])
        }
        return entries
    }
}
