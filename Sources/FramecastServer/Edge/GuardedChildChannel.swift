import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Wraps the server's child channel (HTTP/1 with WebSocket upgrade) to put `ConnectionGuard`
/// first in every connection's pipeline and `MalformedRequestGuard` right after the HTTP decoder;
/// `RequestBodyGuard` goes in as an additional HTTP handler.
struct GuardedChildChannel<Inner: ServerChildChannel>: ServerChildChannel {
    typealias Value = Inner.Value

    let inner: Inner
    let limits: HTTPEdgeLimits
    let connections: OpenConnections

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let limits = limits
        let connections = connections
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(ConnectionGuard(limits: limits, connections: connections), position: .first)
        }.flatMap { inner.setup(channel: channel, logger: logger) }
            .flatMapThrowing { value in
                let operations = channel.pipeline.syncOperations
                let decoder = try operations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
                try operations.addHandler(MalformedRequestGuard(), position: .after(decoder))
                return value
            }
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}
