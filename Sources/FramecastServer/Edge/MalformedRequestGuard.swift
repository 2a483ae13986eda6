import NIOCore
import NIOHTTP1

/// Right after the HTTP decoder: a first request the decoder cannot parse (a NUL or a space in a
/// header, bytes that are not HTTP) is answered 400 and the connection closed, through
/// `ConnectionGuard`.
///
/// Without it such a connection got no answer and stayed open for good: the WebSocket upgrade
/// pipeline leaves error handling to Hummingbird, whose handler only runs once the upgrade
/// handler has seen a request head, and the head deadline had already been met (the blank line
/// arrived). Later requests on a kept-alive connection are Hummingbird's, which answers their
/// parse errors with 400 itself, so this handler passes those on.
final class MalformedRequestGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart

    private weak var connection: ConnectionGuard?
    private var sawHead = false

    func handlerAdded(context: ChannelHandlerContext) {
        connection = try? context.pipeline.syncOperations.handler(type: ConnectionGuard.self)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        sawHead = true
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard !sawHead, error is HTTPParserError, let connection else {
            context.fireErrorCaught(error)
            return
        }
        connection.refuseMalformed()
    }
}
