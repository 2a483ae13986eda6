import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// After the HTTP decoder: holds request bodies to a minimum rate, and tells `ConnectionGuard`
/// when a request and its response have both ended, so the next head is held to its deadline.
///
/// The rate counts only the time the server waited for the client: from a `read` (the route
/// wants more) to the bytes arriving. A route that stops reading (backpressure) stops the clock,
/// so a busy server never blames the client.
final class RequestBodyGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let limits: HTTPEdgeLimits
    private weak var connection: ConnectionGuard?
    private var inBody = false
    private var bodyBytes = 0
    private var waited: Int64 = 0
    private var waitingSince: NIODeadline?
    private var check: Scheduled<Void>?
    /// Requests whose head arrived and whose response has not ended (more than one when a client
    /// pipelines); the next head is awaited only when none is left and no body is being read.
    private var unanswered = 0

    init(limits: HTTPEdgeLimits) {
        self.limits = limits
    }

    func handlerAdded(context: ChannelHandlerContext) {
        connection = try? context.pipeline.syncOperations.handler(type: ConnectionGuard.self)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        check?.cancel()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if let since = waitingSince {
            waited += (NIODeadline.now() - since).nanoseconds
            waitingSince = nil
        }
        switch unwrapInboundIn(data) {
        case .head:
            connection?.headArrived()
            inBody = true
            bodyBytes = 0
            waited = 0
            unanswered += 1
            scheduleCheck(context)
        case .body(let buffer):
            bodyBytes += buffer.readableBytes
        case .end:
            inBody = false
            check?.cancel()
            check = nil
            if unanswered == 0 { nextRequest() }
        }
        context.fireChannelRead(data)
    }

    func read(context: ChannelHandlerContext) {
        if inBody, waitingSince == nil { waitingSince = .now() }
        context.read()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            unanswered = max(0, unanswered - 1)
            if unanswered == 0, !inBody { nextRequest() }
        }
        context.write(data, promise: promise)
    }

    private func nextRequest() {
        connection?.awaitNextRequest()
    }

    /// Checks the rate once a second while a body is being read.
    private func scheduleCheck(_ context: ChannelHandlerContext) {
        check?.cancel()
        check = context.eventLoop.assumeIsolated().scheduleTask(in: .seconds(1)) { [self] in
            checkRate(context)
            if inBody { scheduleCheck(context) }
        }
    }

    private func checkRate(_ context: ChannelHandlerContext) {
        guard inBody else { return }
        let pending = waitingSince.map { (NIODeadline.now() - $0).nanoseconds } ?? 0
        let seconds = Double(waited + pending) / 1e9
        guard seconds * 1000 > Double(limits.headerTimeoutMillis) else { return }
        if Double(bodyBytes) < Double(limits.minBodyBytesPerSecond) * seconds {
            EdgeMetrics.refused(.slowBody)
            check?.cancel()
            inBody = false
            context.close(promise: nil)
        }
    }
}
