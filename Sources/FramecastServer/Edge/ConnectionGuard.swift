import Foundation
import NIOCore

/// First handler of every HTTP connection, on raw bytes (before the HTTP decoder, so before the
/// WebSocket upgrade handler too): caps open connections, and holds each request head to a
/// deadline and a size, whatever the rate it drips at. NIO's decoder alone would wait forever for
/// a head that never ends and buffer up to 80 KiB of it.
///
/// It finds the end of a head by scanning for the blank line; it only scans while a head is
/// awaited (from the connection opening, and again once `RequestBodyGuard` has seen the previous
/// request and its response end), so bodies and streams are never scanned.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let limits: HTTPEdgeLimits
    let connections: OpenConnections
    private var counted = false
    private var refused = false
    private var awaitingHead = true
    private var headBytes = 0
    private var requestLineEnded = false
    /// The last four bytes scanned, to find `\r\n\r\n` across reads.
    private var window: UInt32 = 0
    private var deadline: Scheduled<Void>?
    /// This handler's own context: `awaitNextRequest` is called from another handler, and a
    /// refusal must be written from here, below the HTTP encoder.
    private var context: ChannelHandlerContext?

    init(limits: HTTPEdgeLimits, connections: OpenConnections) {
        self.limits = limits
        self.connections = connections
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        guard connections.tryOpen(limit: limits.maxConnections) else {
            refuse(
                context, .tooManyConnections, status: "503 Service Unavailable",
                "the server has \(limits.maxConnections) connections open, its limit (--max-connections): retry later",
                retryAfter: true)
            return
        }
        counted = true
        armDeadline(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        if counted {
            counted = false
            connections.close()
        }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if refused { return }
        if awaitingHead {
            let buffer = unwrapInboundIn(data)
            if let problem = scan(buffer) {
                switch problem {
                case .requestLineTooLong:
                    refuse(
                        context, problem, status: "414 URI Too Long",
                        "the request line is longer than \(limits.maxRequestLineBytes) bytes: send long queries as a POST body")
                default:
                    refuse(
                        context, problem, status: "431 Request Header Fields Too Large",
                        "the request head is larger than \(limits.maxHeaderBytes) bytes")
                }
                return
            }
        }
        context.fireChannelRead(data)
    }

    /// Scans `buffer` for the end of the head; the refusal reason if a limit is passed first.
    private func scan(_ buffer: ByteBuffer) -> EdgeMetrics.Reason? {
        buffer.withUnsafeReadableBytes { bytes in
            for byte in bytes {
                headBytes += 1
                window = window << 8 | UInt32(byte)
                if byte == UInt8(ascii: "\n"), !requestLineEnded, headBytes > 2 {
                    requestLineEnded = true
                }
                if !requestLineEnded, headBytes > limits.maxRequestLineBytes { return .requestLineTooLong }
                if window == 0x0D0A_0D0A {
                    awaitingHead = false
                    deadline?.cancel()
                    deadline = nil
                    return nil
                }
                if headBytes > limits.maxHeaderBytes { return .headersTooLarge }
            }
            return nil
        }
    }

    /// Called when the decoder has produced a request head: a pipelined head that passed the scan
    /// before it was re-armed must not be held to a deadline it already met.
    func headArrived() {
        awaitingHead = false
        deadline?.cancel()
        deadline = nil
    }

    /// Called once a request and its response have ended: the next head is awaited.
    func awaitNextRequest() {
        guard let context, !refused else { return }
        awaitingHead = true
        headBytes = 0
        requestLineEnded = false
        window = 0
        armDeadline(context)
    }

    /// Called by `MalformedRequestGuard` when the decoder cannot parse the first request.
    func refuseMalformed() {
        guard let context else { return }
        refuse(
            context, .malformedRequest, status: "400 Bad Request",
            "the request is not valid HTTP/1.1 (a header name or value with a forbidden character, or not HTTP at all)")
    }

    private func armDeadline(_ context: ChannelHandlerContext) {
        deadline?.cancel()
        let seconds = Double(limits.headerTimeoutMillis) / 1000
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(limits.headerTimeoutMillis)) { [self] in
            // Nothing of a request yet (an idle keep-alive connection, or a connect and silence):
            // closed without an answer, as nginx closes idle connections, since a client may be
            // about to reuse it and would read a 408 as the answer to its next request.
            guard headBytes > 0 else {
                EdgeMetrics.refused(.headerTimeout)
                refused = true
                context.close(promise: nil)
                return
            }
            refuse(
                context, .headerTimeout, status: "408 Request Timeout",
                "the request line and headers did not arrive within \(seconds.formatted()) s")
        }
    }

    /// Answers with a short JSON error, outside the HTTP encoder (it may be mid-request), and closes.
    private func refuse(
        _ context: ChannelHandlerContext, _ reason: EdgeMetrics.Reason, status: String, _ message: String, retryAfter: Bool = false
    ) {
        guard !refused else { return }
        refused = true
        deadline?.cancel()
        EdgeMetrics.refused(reason)
        let body = #"{"error":{"code":"\#(reason.rawValue)","message":"\#(message)"}}"# + "\n"
        var head = "HTTP/1.1 \(status)\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n"
        if retryAfter { head += "Retry-After: 1\r\n" }
        let bytes = context.channel.allocator.buffer(string: head + "\r\n" + body)
        // A lingering close, as nginx does: closing at once with the client's unread bytes in the
        // receive buffer makes the kernel send a reset, which can destroy the answer before the
        // client reads it. So: send, shut the output, drop what still arrives, close in 2 s.
        let loop = context.eventLoop.assumeIsolated()
        context.writeAndFlush(wrapOutboundOut(bytes)).whenComplete { _ in
            context.close(mode: .output).whenFailure { _ in context.close(promise: nil) }
            loop.scheduleTask(in: .seconds(2)) { context.close(promise: nil) }
        }
    }
}
