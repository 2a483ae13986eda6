import FramecastCore
import FramecastRender
import Hummingbird

/// `GET /stream?<chart params>&refresh=1s`: `multipart/x-mixed-replace` frames that a plain
/// `<img>` shows live. A frame goes to a client only when it differs from the last one it got.
enum MultipartStream {
    static func response(_ request: Request, state: ServerState) async throws -> Response {
        let query = try await StreamRoutes.query(request, state: state)
        guard let format = query.format.frameFormat, format != .overlay else {
            throw ParameterError(
                "format", "'\(query.format.rawValue)' cannot be streamed as frames: use png or svg (or /events for columns)")
        }
        let subscription = try StreamRoutes.subscribe(state, query, frames: format, events: false)
        let headers = StreamRoutes.headers(contentType: "multipart/x-mixed-replace; boundary=\(StreamFrame.boundary)")
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                let box = StreamRoutes.WriterBox(writer)
                try await StreamSession.run(subscription) {
                    var lastDigest: UInt64?
                    while let delivery = await subscription.mailbox.take() {
                        guard let frame = delivery.frame, frame.digest != lastDigest else { continue }
                        lastDigest = frame.digest
                        try await box.writer.write(frame.part)
                    }
                }
                try await box.writer.write(ByteBuffer(string: "--\(StreamFrame.boundary)--\r\n"))
                try await box.writer.finish(nil)
            })
    }
}
