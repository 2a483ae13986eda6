import NIOCore
import NIOPosix

/// A bare TCP connection for live tests that must control exactly what is sent and when: half a
/// request body, lines split across writes.
enum RawTCP {
    typealias Inbound = NIOAsyncChannelInboundStream<ByteBuffer>
    typealias Outbound = NIOAsyncChannelOutboundWriter<ByteBuffer>

    static func session<Value: Sendable>(port: Int, _ body: (Inbound, Outbound) async throws -> Value) async throws -> Value {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in try await body(inbound, outbound) }
    }

    /// A plain channel whose `writeAndFlush` futures complete once the kernel took the bytes.
    static func connect(port: Int) async throws -> any Channel {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port).get()
    }

    /// Reads until `done` holds for the text read so far, or the peer closes.
    static func read(_ inbound: Inbound, until done: (String) -> Bool) async throws -> String {
        var text = ""
        for try await chunk in inbound {
            text += String(buffer: chunk)
            if done(text) { break }
        }
        return text
    }
}
