import Foundation
import FramecastCore
import HTTPTypes
import Hummingbird

/// `GET /events?<chart params>`: Server-Sent Events — a `snapshot`, then `append`/`update` diffs
/// with increasing ids; `Last-Event-ID` resumes with exactly the missed events while the chart
/// keeps them, else a fresh snapshot. Comment lines as heartbeats. Schema: docs/streams.md.
enum EventStream {
    static let lastEventID = HTTPField.Name("Last-Event-ID")!

    static func response(_ request: Request, state: ServerState) async throws -> Response {
        let query = try await StreamRoutes.query(request, state: state, extra: ["last-event-id"])
        let resumeText = request.headers[lastEventID] ?? request.uri.queryParameters["last-event-id"].map(String.init)
        let resumeFrom = try resumeText.map { text throws(ParameterError) -> UInt64 in
            guard let id = UInt64(text.trimmingCharacters(in: .whitespaces)) else {
                throw ParameterError("Last-Event-ID", "'\(text)' is not an event id (a whole number)")
            }
            return id
        }
        let subscription = try StreamRoutes.subscribe(state, query, frames: nil, events: true)
        if let chart = subscription.events { await state.hub.prepareEvents(chart) }
        let headers = StreamRoutes.headers(contentType: "text/event-stream")
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                let box = StreamRoutes.WriterBox(writer)
                try await StreamSession.run(subscription) {
                    try await box.writer.write(ByteBuffer(string: "retry: 1000\n: framecast events\n\n"))
                    var cursor = resumeFrom
                    while let delivery = await subscription.mailbox.take() {
                        if delivery.events, let chart = subscription.events, let catchUp = chart.catchUp(after: cursor) {
                            for event in EventStream.events(catchUp, cursor: cursor, hub: state.hub) {
                                try await box.writer.write(event.sse)
                                cursor = event.id
                            }
                        } else if delivery.heartbeat {
                            try await box.writer.write(ByteBuffer(string: ": heartbeat\n\n"))
                        }
                    }
                }
                try await box.writer.finish(nil)
            })
    }

    /// The events to send for a catch-up; a snapshot that replaces kept-back events counts as a drop.
    static func events(_ catchUp: CatchUp, cursor: UInt64?, hub: StreamHub) -> [StreamEvent] {
        switch catchUp {
        case .events(let events):
            return events
        case .snapshot(let snapshot):
            if cursor != nil {
                StreamMetrics.dropped.increment()
                hub.count { $0.dropped += 1 }
            }
            return [snapshot]
        }
    }
}
