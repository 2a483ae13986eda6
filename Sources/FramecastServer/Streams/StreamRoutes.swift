import FramecastCore
import FramecastRender
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket

/// `/stream` (multipart PNG frames), `/events` (Server-Sent Events), `/ws` (owned by the stream hub area).
enum StreamRoutes {
    static func register(on router: some RouterMethods<FramecastApplication.Context>, state: ServerState) {
        router.get("/stream") { request, _ in try await MultipartStream.response(request, state: state) }
        router.get("/events") { request, _ in try await EventStream.response(request, state: state) }
        WebSocketStream.register(on: router, state: state)
    }

    /// Parses and checks a stream request before anything is sent: 400 for a bad parameter, 404
    /// when no series matches, 503 when the hub is full.
    static func query(_ request: Request, state: ServerState, extra: Set<String> = []) async throws -> ChartQuery {
        let query = try ChartQuery.parse(request.queryPairs, visibility: .of(request, options: state.options), extra: extra)
        _ = try query.resolve(
            snapshot: await state.engine.snapshot(), now: ServerClock.now(), budget: state.options.render.maxBucketsPerRender)
        return query
    }

    /// Subscribes; a full hub throws `StreamRefused` (503 with Retry-After).
    static func subscribe(_ state: ServerState, _ query: ChartQuery, frames: FrameFormat?, events: Bool) throws -> Subscription {
        try state.hub.subscribe(query, frames: frames, events: events)
    }

    /// Headers of a never-ending response that no cache may keep.
    static func headers(contentType: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.cacheControl] = "no-cache, no-store"
        // Tells nginx (and proxies that follow it) not to buffer a stream, whatever its config.
        headers[HTTPField.Name("X-Accel-Buffering")!] = "no"
        return headers
    }

    /// A Hummingbird body writer moved into the stream's child task (it only wraps the channel's writer).
    // @unchecked: `ResponseBodyWriter` is not Sendable; the box is handed over, never shared (only the writer task uses it).
    final class WriterBox: @unchecked Sendable {
        var writer: any ResponseBodyWriter

        init(_ writer: any ResponseBodyWriter) {
            self.writer = writer
        }
    }
}
