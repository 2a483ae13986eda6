import FramecastCore
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// Graphite plaintext over TCP (`path value [timestamp]` lines, as carbon takes on 2003).
///
/// Backpressure: each connection is an `NIOAsyncChannel` read by one loop that parses a run of
/// lines and awaits the engine before it takes the next read, so while the engine (or the
/// shared backlog) is busy nothing is read, the socket buffers fill and TCP slows the sender.
/// Graceful shutdown: stop accepting, then each connection ingests the lines it already read
/// and closes.
public struct CarbonListener: Service {
    let state: ServerState
    let host: String
    let port: Int
    let onListening: (@Sendable (SocketAddress) async -> Void)?
    let onPaused: (@Sendable (CarbonPause) -> Void)?

    public init(state: ServerState, host: String, port: Int) {
        self.init(state: state, host: host, port: port, onListening: nil)
    }

    /// `onListening` is told the bound address (port 0 picks a free port, as tests do);
    /// `onPaused` is told each time a connection stops reading because the ingest backlog is
    /// full (so tests wait on that event instead of sleeping).
    public init(
        state: ServerState, host: String, port: Int, onListening: (@Sendable (SocketAddress) async -> Void)?,
        onPaused: (@Sendable (CarbonPause) -> Void)? = nil
    ) {
        self.state = state
        self.host = host
        self.port = port
        self.onListening = onListening
        self.onPaused = onPaused
    }

    public func run() async throws {
        let limits = state.options.ingest
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            // A fixed receive buffer (no autotuning up to tens of MiB): what the kernel holds for a
            // connection that is not being read stays small.
            .childChannelOption(.socketOption(.so_rcvbuf), value: SocketOptionValue(max(limits.carbonBatchBytes, 64 << 10)))
            .childChannelOption(
                .recvAllocator,
                value: AdaptiveRecvByteBufferAllocator(
                    minimum: 1024, initial: 16 << 10, maximum: max(limits.carbonBatchBytes, 16 << 10))
            )
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, Never>(
                        wrappingChannelSynchronously: channel,
                        configuration: .init(backPressureStrategy: .init(lowWatermark: 1, highWatermark: 2)))
                }
            }
        if let address = server.channel.localAddress {
            state.logger.info("Graphite plaintext listening", metadata: ["address": "\(address)"])
            await onListening?(address)
        }
        let badLines = CarbonBadLineLog(logger: state.logger)
        try await withThrowingDiscardingTaskGroup { group in
            try await server.executeThenClose { connections in
                for try await connection in connections.cancelOnGracefulShutdown() {
                    let allow = state.options.carbonAllow
                    if !allow.isEmpty {
                        let peer = connection.channel.remoteAddress
                        guard let peer, allow.contains(where: { $0.contains(peer) }) else {
                            IngestMetrics.carbonRefused.increment()
                            state.logger.warning(
                                "Graphite connection refused: peer not in --carbon-allow",
                                metadata: ["peer": "\(peer.map { "\($0)" } ?? "unknown")"])
                            connection.channel.close(promise: nil)
                            continue
                        }
                    }
                    group.addTask {
                        await CarbonConnection(state: state, badLines: badLines, onPaused: onPaused).serve(connection)
                    }
                }
            }
        }
    }
}

/// A Graphite connection stopped reading: its next run of lines waits for room in the ingest
/// backlog (`IngestLimits.maxBacklogBytes`), so the socket is not read until writes in flight finish.
public struct CarbonPause: Sendable {
    /// The sender's address.
    public let peer: String
    /// Bytes of whole lines read and waiting for the backlog.
    public let waitingBytes: Int
}
