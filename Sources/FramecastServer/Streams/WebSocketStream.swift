import FramecastCore
import FramecastRender
import Hummingbird
import HummingbirdWebSocket

/// `GET /ws?<chart params>[&png=1]`: the `/events` messages as JSON text messages, and with
/// `png=1` the chart's PNG frames as binary messages too; the same one-slot mailbox. Resume is by
/// the `last-event-id` query parameter (browsers cannot set headers on a WebSocket).
enum WebSocketStream {
    static let extra: Set<String> = ["png", "last-event-id"]

    static func register(on router: some RouterMethods<FramecastApplication.Context>, state: ServerState) {
        router.ws("/ws") { request, _ in
            let query = try await StreamRoutes.query(request, state: state, extra: extra)
            _ = try options(request)
            // A full hub refuses before the upgrade: StreamRefused answers 503 with Retry-After.
            try state.hub.checkCapacity([])
            _ = query
            return .upgrade([:])
        } onUpgrade: { inbound, outbound, context in
            let request = context.request
            let query = try ChartQuery.parse(request.queryPairs, visibility: .of(request, options: state.options), extra: extra)
            let (png, resumeFrom) = try options(request)
            let subscription = try state.hub.subscribe(query, frames: png ? .png : nil, events: true)
            if let chart = subscription.events { await state.hub.prepareEvents(chart) }
            try await StreamSession.run(subscription) {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    // Reads what the client sends (nothing is expected) so a close from it ends the stream.
                    group.addTask {
                        for try await _ in inbound.messages(maxSize: 4096) {}
                        subscription.mailbox.close(.finished)
                    }
                    group.addTask {
                        var cursor = resumeFrom
                        var lastDigest: UInt64?
                        while let delivery = await subscription.mailbox.take() {
                            if delivery.events, let chart = subscription.events, let catchUp = chart.catchUp(after: cursor) {
                                for event in EventStream.events(catchUp, cursor: cursor, hub: state.hub) {
                                    try await outbound.write(.text(event.json))
                                    cursor = event.id
                                }
                            }
                            if let frame = delivery.frame, frame.digest != lastDigest {
                                lastDigest = frame.digest
                                try await outbound.write(.binary(frame.bytes))
                            }
                        }
                    }
                    try await group.next()
                    group.cancelAll()
                }
            }
        }
    }

    static func options(_ request: Request) throws -> (png: Bool, resumeFrom: UInt64?) {
        let parameters = request.uri.queryParameters
        var png = false
        if let text = parameters["png"] {
            switch text.lowercased() {
            case "", "1", "true", "yes", "on": png = true
            case "0", "false", "no", "off": png = false
            default: throw ParameterError("png", "'\(text)' is not a boolean: use 1 or 0")
            }
        }
        let resume = try parameters["last-event-id"].map { text throws(ParameterError) -> UInt64 in
            guard let id = UInt64(text) else { throw ParameterError("last-event-id", "'\(text)' is not an event id (a whole number)") }
            return id
        }
        return (png, resume)
    }
}
