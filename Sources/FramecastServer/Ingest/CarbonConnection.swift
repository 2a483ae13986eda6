import FramecastCore
import Logging
import NIOCore
import ServiceLifecycle

/// One Graphite TCP connection: reads, cuts whole lines, and ingests each run of lines, with up to
/// `maxInFlight` runs being parsed or committed at once: the next run is parsed while the one
/// before waits for its commit. Each run takes its bytes from the backlog before it is handed
/// on, in the reading loop, so a full backlog (or a slow engine) still stops the socket being
/// read and bounds the bytes held across all connections. Runs of one connection may be
/// applied out of order; a bucket's aggregates do not depend on the order points arrive in
/// (see `BucketCell`), only a late run older than the lateness window would be refused.
struct CarbonConnection {
    let state: ServerState
    let badLines: CarbonBadLineLog
    let onPaused: (@Sendable (CarbonPause) -> Void)?

    /// Runs of lines in flight per connection. With one, a connection parsed, then waited for
    /// the fsync, then read on: 0.57–0.68 M points/s over one connection (BENCHMARKS.md).
    static let maxInFlight = 4

    func serve(_ connection: NIOAsyncChannel<ByteBuffer, Never>) async {
        let peer = connection.channel.remoteAddress.map { "\($0)" } ?? "?"
        IngestMetrics.carbonConnections.increment()
        var splitter = CarbonLineSplitter(maxLineBytes: state.options.ingest.carbonMaxLineBytes)
        var linesBefore = 0
        do {
            try await connection.executeThenClose { inbound, _ in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    var inFlight = 0
                    for try await chunk in inbound.cancelOnGracefulShutdown() {
                        let overlong = splitter.overlongLines
                        if let lines = splitter.append(chunk) {
                            if inFlight == Self.maxInFlight {
                                try await group.next()
                                inFlight -= 1
                            }
                            let held = try await reserve(lines, peer: peer)
                            let firstLine = linesBefore + 1
                            linesBefore += Self.lineCount(lines)
                            group.addTask { try await ingest(lines, held: held, peer: peer, firstLine: firstLine) }
                            inFlight += 1
                        }
                        if splitter.overlongLines > overlong {
                            badLines.note(peer: peer, count: 1, example: "a line longer than \(splitter.maxLineBytes) bytes was dropped")
                        }
                    }
                    if let last = splitter.finish() {
                        let held = try await reserve(last, peer: peer)
                        let firstLine = linesBefore + 1
                        group.addTask { try await ingest(last, held: held, peer: peer, firstLine: firstLine) }
                    }
                    try await group.waitForAll()
                }
            }
        } catch {
            state.logger.warning("Graphite connection ended", metadata: ["peer": "\(peer)", "error": "\(error)"])
        }
        IngestMetrics.carbonConnections.decrement()
    }

    static func lineCount(_ lines: ByteBuffer) -> Int { lines.readableBytesView.lazy.filter { $0 == 0x0A }.count }

    /// Takes the run's bytes from the backlog, waiting (and reporting the pause) while it is full.
    private func reserve(_ lines: ByteBuffer, peer: String) async throws -> Int {
        try await state.ingestBacklog.reserve(lines.readableBytes) {
            onPaused?(CarbonPause(peer: peer, waitingBytes: lines.readableBytes))
        }
    }

    /// Parses and ingests whole lines, then gives their `held` backlog bytes back.
    private func ingest(_ lines: ByteBuffer, held: Int, peer: String, firstLine: Int) async throws {
        defer { state.ingestBacklog.release(held) }
        let options = ParseOptions(now: ServerClock.now(), maxReportedRejections: 3)
        let outcome = try await IngestPipeline.ingest(lines, format: .graphite, options: options, engine: state.engine)
        if outcome.invalidLines > 0, let first = outcome.listed.first {
            badLines.note(
                peer: peer, count: outcome.invalidLines,
                example: "line \(firstLine + first.line - 1): \(first.reason)")
        }
    }
}
