import FramecastCore
import Logging
import NIOCore
import ServiceLifecycle

/// One Graphite TCP connection: reads, cuts whole lines, and ingests each run of lines before
/// reading on (so a slow engine means the socket is not read).
struct CarbonConnection {
    let state: ServerState
    let badLines: CarbonBadLineLog
    let onPaused: (@Sendable (CarbonPause) -> Void)?

    func serve(_ connection: NIOAsyncChannel<ByteBuffer, Never>) async {
        let peer = connection.channel.remoteAddress.map { "\($0)" } ?? "?"
        IngestMetrics.carbonConnections.increment()
        var splitter = CarbonLineSplitter(maxLineBytes: state.options.ingest.carbonMaxLineBytes)
        var linesBefore = 0
        do {
            try await connection.executeThenClose { inbound, _ in
                for try await chunk in inbound.cancelOnGracefulShutdown() {
                    let overlong = splitter.overlongLines
                    if let lines = splitter.append(chunk) {
                        linesBefore += try await ingest(lines, peer: peer, firstLine: linesBefore + 1)
                    }
                    if splitter.overlongLines > overlong {
                        badLines.note(peer: peer, count: 1, example: "a line longer than \(splitter.maxLineBytes) bytes was dropped")
                    }
                }
                if let last = splitter.finish() {
                    linesBefore += try await ingest(last, peer: peer, firstLine: linesBefore + 1)
                }
            }
        } catch {
            state.logger.warning("Graphite connection ended", metadata: ["peer": "\(peer)", "error": "\(error)"])
        }
        IngestMetrics.carbonConnections.decrement()
    }

    /// Parses and ingests whole lines; returns how many lines they were.
    private func ingest(_ lines: ByteBuffer, peer: String, firstLine: Int) async throws -> Int {
        let backlog = state.ingestBacklog
        let held = try await backlog.reserve(lines.readableBytes) {
            onPaused?(CarbonPause(peer: peer, waitingBytes: lines.readableBytes))
        }
        defer { backlog.release(held) }
        let options = ParseOptions(now: ServerClock.now(), maxReportedRejections: 3)
        let outcome = try await IngestPipeline.ingest(lines, format: .graphite, options: options, engine: state.engine)
        if outcome.invalidLines > 0, let first = outcome.listed.first {
            badLines.note(
                peer: peer, count: outcome.invalidLines,
                example: "line \(firstLine + first.line - 1): \(first.reason)")
        }
        return lines.readableBytesView.lazy.filter { $0 == 0x0A }.count
    }
}
