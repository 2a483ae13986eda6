import NIOCore

/// One message of an events chart, encoded once and shared by every subscriber.
struct StreamEvent: Sendable {
    let id: UInt64
    /// Id of the chart's event before this one (what a client that saw it holds).
    let previous: UInt64
    let kind: String
    /// The message as JSON (a WebSocket text message).
    let json: String
    /// The message as a Server-Sent Event.
    let sse: ByteBuffer

    init(id: UInt64, previous: UInt64, kind: String, json: String) {
        self.id = id
        self.previous = previous
        self.kind = kind
        self.json = json
        sse = ByteBuffer(string: "id: \(id)\nevent: \(kind)\ndata: \(json)\n\n")
    }
}

/// What a subscriber must be sent to catch up from the event id it holds.
enum CatchUp: Sendable {
    /// These events, in order (none: it is up to date).
    case events([StreamEvent])
    /// Its id is unknown or too old: a fresh snapshot, then events after it.
    case snapshot(StreamEvent)
}

/// The current state of an events chart and its recent events: a bounded history, so a
/// reconnect with `Last-Event-ID` gets exactly the events it missed while they are kept.
struct EventLog: Sendable {
    private(set) var state: EventsState
    /// Id of the newest event applied to `state` (or of the initial state).
    private(set) var stateID: UInt64
    private(set) var history: [StreamEvent] = []
    private var snapshotCache: StreamEvent?
    let limit: Int

    init(state: EventsState, id: UInt64, limit: Int) {
        self.state = state
        stateID = id
        self.limit = max(1, limit)
    }

    /// Moves to `new`, recording the messages that lead there; returns how many were recorded.
    mutating func advance(to new: EventsState, nextID: () -> UInt64) -> Int {
        let kinds = StreamMessage.diff(from: state, to: new)
        state = new
        for kind in kinds {
            let id = nextID()
            history.append(StreamEvent(id: id, previous: stateID, kind: kind.name, json: StreamMessage.json(kind, id: id, state: new)))
            stateID = id
        }
        if history.count > limit { history.removeFirst(history.count - limit) }
        if !kinds.isEmpty { snapshotCache = nil }
        return kinds.count
    }

    /// What a client holding event id `id` (nil: none) needs next.
    mutating func catchUp(after id: UInt64?) -> CatchUp {
        if let id {
            if id == stateID { return .events([]) }
            if let index = history.firstIndex(where: { $0.id == id }) { return .events(Array(history[(index + 1)...])) }
            if let first = history.first, first.previous == id { return .events(history) }
        }
        return .snapshot(snapshot())
    }

    /// The whole state as a `snapshot` message with the current id (encoded once per state).
    mutating func snapshot() -> StreamEvent {
        if let cached = snapshotCache, cached.id == stateID { return cached }
        let event = StreamEvent(
            id: stateID, previous: stateID, kind: "snapshot",
            json: StreamMessage.json(.snapshot, id: stateID, state: state))
        snapshotCache = event
        return event
    }
}
