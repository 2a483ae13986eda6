import Foundation
import FramecastCore
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// statsd over UDP (`serve --statsd HOST:PORT`): each datagram is parsed into the shared
/// aggregation, which is flushed every `--statsd-flush` interval (and once more on shutdown).
public struct StatsdListener: Service {
    let aggregation: StatsdAggregation
    let host: String
    let port: Int
    let onListening: (@Sendable (SocketAddress) async -> Void)?
    /// Told after each datagram is aggregated (tests wait on it instead of sleeping).
    let onPacket: (@Sendable () -> Void)?
    /// Whether the listener flushes every `flushMillis` by itself (a test flushes by hand, so a
    /// slow machine cannot split its packets across two intervals).
    let flushesOnClock: Bool

    public init(
        aggregation: StatsdAggregation, host: String, port: Int, onListening: (@Sendable (SocketAddress) async -> Void)? = nil,
        onPacket: (@Sendable () -> Void)? = nil, flushesOnClock: Bool = true
    ) {
        self.flushesOnClock = flushesOnClock
        self.aggregation = aggregation
        self.host = host
        self.port = port
        self.onListening = onListening
        self.onPacket = onPacket
    }

    public func run() async throws {
        let logger = aggregation.state.logger
        let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            // A larger buffer than the default ~200 KiB absorbs bursts between reads.
            .channelOption(.socketOption(.so_rcvbuf), value: 4 << 20)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>(
                        wrappingChannelSynchronously: channel)
                }
            }
        let granted = try? await channel.channel.getOption(.socketOption(.so_rcvbuf)).get()
        StatsdMetrics.receiveBuffer.record(Int(granted ?? 0))
        let address = channel.channel.localAddress
        if let address {
            logger.info("statsd listening", metadata: ["address": "\(address)", "receive_buffer": "\(granted ?? 0)"])
            await onListening?(address)
        }
        let localPort = address?.port ?? port
        try await withThrowingDiscardingTaskGroup { group in
            if flushesOnClock {
                group.addTask {
                    // The flush timer: sleeping is the point here (statsd flushes on the clock).
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .milliseconds(aggregation.flushMillis))
                        if let drops = Self.kernelDrops(port: localPort) { StatsdMetrics.kernelDrops.record(drops) }
                        do { try await aggregation.flush() } catch {
                            logger.warning("statsd flush failed", metadata: ["error": "\(error)"])
                        }
                    }
                }
            }
            try await channel.executeThenClose { inbound, _ in
                for try await envelope in inbound.cancelOnGracefulShutdown() {
                    aggregation.receive(String(buffer: envelope.data))
                    onPacket?()
                }
            }
            group.cancelAll()
        }
        _ = try? await aggregation.flush()
    }

    /// Datagrams the kernel dropped for the UDP socket bound to `port` (Linux; nil elsewhere).
    static func kernelDrops(port: Int) -> Int? {
        var total: Int?
        for file in ["/proc/net/udp", "/proc/net/udp6"] {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ")
                guard fields.count > 12, let local = fields[1].split(separator: ":").last,
                    Int(local, radix: 16) == port, let drops = Int(fields[fields.count - 1])
                else { continue }
                total = (total ?? 0) + drops
            }
        }
        return total
    }
}
