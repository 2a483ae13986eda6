import Foundation
import FramecastCore
import Logging
import ServiceLifecycle

/// A load-test feeder kept apart from the ingest area's DemoFeed: every `periodMillis` it ingests
/// one point for each of `series` synthetic series (`synthetic.stream.0` …) through the engine,
/// so live charts change while stream load scripts run (hidden `serve --synthetic-stream-feed N`).
public struct SyntheticStreamFeed: Service {
    let state: ServerState
    let series: Int
    let periodMillis: Int64

    public init(state: ServerState, series: Int, periodMillis: Int64 = 100) {
        self.state = state
        self.series = series
        self.periodMillis = periodMillis
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            var tick: Int64 = 0
            while !Task.isCancelled {
                let now = ServerClock.now()
                do {
                    _ = try await state.engine.ingest(await batch(now: now, tick: tick), now: now)
                } catch {
                    state.logger.warning("synthetic stream feed: ingest failed", metadata: ["error": "\(error)"])
                }
                tick += 1
                try? await Task.sleep(for: .milliseconds(periodMillis))
            }
        }
    }

    /// One Graphite line per series at `now`: a sine with a per-series phase plus a little noise.
    func batch(now: EpochMillis, tick: Int64) async -> ParsedBatch {
        var text = ""
        let seconds = Double(now) / 1000
        for index in 0..<series {
            let value = 50 + 40 * sin(seconds / 10 + Double(index)) + Double((tick &* 31 &+ Int64(index) &* 17) % 7)
            text += "synthetic.stream.\(index) \(value) \(seconds)\n"
        }
        var batch = await state.engine.makeBatch()
        text.withUTF8 { GraphiteParser.parse(UnsafeRawBufferPointer($0), options: ParseOptions(now: now), into: &batch) }
        return batch
    }
}
