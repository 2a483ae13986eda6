import FramecastCore
import Logging
import NIOCore
import ServiceLifecycle

/// `serve --demo`: replays sample series and a few synthetic high-rate series into the engine
/// (owned by the ingest area). Everything goes through the same pipeline as HTTP writes. At
/// start it backfills `backfill` of history so charts are full at once, then it feeds every
/// `tick` in real time (~110 points/s: light on a 2-core machine).
public struct DemoFeed: Service {
    let state: ServerState
    /// Directory of NAB CSV files to replay; nil: synthetic series only.
    let samplesDirectory: String?
    var backfill: EpochMillis = 6 * 3_600_000
    var tick: Duration = .milliseconds(200)

    public init(state: ServerState, samplesDirectory: String?) {
        self.state = state
        self.samplesDirectory = samplesDirectory
    }

    public func run() async throws {
        let start = ServerClock.now()
        let replay = samplesDirectory.map { DemoReplay(directory: $0, endingAt: start) { state.logger.warning("\($0)") } }
        var synthetic = DemoSynthetic()
        // Backfill an hour at a time, so each batch stays small; after a restart on the same
        // data, only the gap since the last run.
        let snapshot = await state.engine.snapshot()
        let previous = snapshot.id(of: SeriesKey(canonical: "demo.sine.a")).flatMap { snapshot.newestTime(of: $0) }
        var from = max(start - backfill, previous ?? .min)
        while from < start {
            let until = min(start, from + 3_600_000)
            var text = ""
            replay?.lines(after: from, through: until, into: &text)
            synthetic.lines(after: from, through: until, coarse: true, into: &text)
            try await feed(text, now: start)
            from = until
        }
        state.logger.info(
            "demo feed running",
            metadata: [
                "replayed": "\(replay?.series.map(\.name) ?? [])", "synthetic": "demo.sine.a, demo.sine.b, demo.requests;host=*"
            ])
        var last = start
        while !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: tick) }
            } catch {
                break
            }
            let now = ServerClock.now()
            var text = ""
            replay?.lines(after: last, through: now, into: &text)
            synthetic.lines(after: last, through: now, into: &text)
            try await feed(text, now: now)
            last = now
        }
    }

    private func feed(_ text: String, now: EpochMillis) async throws {
        guard !text.isEmpty else { return }
        let outcome = try await IngestPipeline.ingest(
            ByteBuffer(string: text), format: .graphite,
            options: ParseOptions(now: now, maxReportedRejections: 3), engine: state.engine)
        if outcome.rejected > 0 { state.logger.debug("demo feed: \(outcome.summary)") }
    }
}
