import Foundation
import FramecastCore
import FramecastGraphite
import FramecastStore
import Hummingbird
import Synchronization

/// graphite-web's events API, for Grafana's Graphite annotations: `POST /events/` (`what`,
/// `tags` as a list or a space-separated string, `when` in epoch seconds, `data`), `GET
/// /events/get_data?from&until&tags&set=union|intersection`, `GET /events/ID`, and `DELETE
/// /events/ID` (which graphite-web leaves to its admin pages). Events are written through the
/// engine like points (see `GraphiteEvent`): a 200 means the event is durable. Writing and
/// deleting take the write token when the server has one.
enum GraphiteEventRoutes {
    static let maxBodyBytes = 16 << 10
    static let maxEvents = 100_000
    /// The next id: one past the largest id seen, kept across the process (ids of deleted events
    /// are not reused within a run).
    static let nextID = Mutex<Int64?>(nil)

    static func register(on router: some RouterMethods<FramecastApplication.Context>, state: ServerState) {
        router.post("/events") { request, _ in try await post(request, state: state) }
        router.get("/events/get_data") { request, _ in try await getData(request, state: state) }
        router.get("/events/{id}") { request, context in try await detail(context.parameters.get("id") ?? "", state: state) }
        router.delete("/events/{id}") { request, context in try await delete(request, id: context.parameters.get("id") ?? "", state: state)
        }
    }

    static func post(_ request: Request, state: ServerState) async throws -> Response {
        try WriteAuth.check(request, token: state.options.writeToken)
        let body: ByteBuffer
        do { body = try await request.body.collect(upTo: maxBodyBytes) } catch {
            throw HTTPError(.contentTooLarge, message: "an event body may be at most \(maxBodyBytes) bytes")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any] else {
            throw GraphiteError(#"the body must be a JSON object: {"what": "…", "tags": ["…"], "when": EPOCH_SECONDS, "data": "…"}"#)
        }
        var tags: [String] = []
        switch object["tags"] {
        case nil, is NSNull: break
        case let list as [Any]:
            tags = try list.map { item throws(GraphiteError) -> String in
                guard let tag = item as? String else {
                    throw GraphiteError(#""tags" must be an array of strings or a space-separated string"#)
                }
                return tag
            }
        case let text as String: tags = text.split(separator: " ").map(String.init)
        default: throw GraphiteError(#""tags" must be an array or space-separated string"#)
        }
        let now = ServerClock.now()
        var when = now
        if let value = object["when"], !(value is NSNull) {
            guard let seconds = (value as? NSNumber)?.doubleValue, seconds.isFinite, seconds >= 0, seconds < 7_258_118_400 else {
                throw GraphiteError(#""when" must be epoch seconds"#)
            }
            when = EpochMillis(seconds * 1000)
        }
        let snapshot = await state.engine.snapshot()
        let existing = GraphiteEvent.all(in: snapshot)
        guard existing.count < maxEvents else {
            throw GraphiteError(
                "the store holds \(maxEvents) events, the most it keeps: delete old ones (DELETE /events/ID)", isLimit: true)
        }
        let id = nextID.withLock { next -> Int64 in
            let id = max(next ?? 1, (existing.map(\.id).max() ?? 0) + 1)
            next = id + 1
            return id
        }
        let event = try GraphiteEvent(
            id: id, when: when, what: object["what"] as? String ?? "", tags: tags, data: object["data"] as? String ?? "")
        var batch = await state.engine.makeBatch()
        let line = Array("\(event.key.canonical) 1 \(Double(event.when) / 1000)\n".utf8)
        line.withUnsafeBytes { InputFormat.graphite.parse($0, options: ParseOptions(now: now), into: &batch) }
        let result: IngestResult
        do { result = try await state.engine.ingest(batch, now: now) } catch {
            let (status, message) = WriteFailure.reply(to: error)
            throw HTTPError(status, message: message)
        }
        guard result.apply.accepted == 1 else {
            throw GraphiteError(
                "the event was not stored: \(result.apply.rejected) (is 'when' within the retention and not in the future?)")
        }
        return Response(status: .ok)
    }

    static func getData(_ request: Request, state: ServerState) async throws -> Response {
        let params = Dictionary(GraphiteRoutes.queryPairs(request), uniquingKeysWith: { _, last in last })
        let now = ServerClock.now() / 1000
        let from =
            try params["from"].map { (text) throws(GraphiteError) in try GraphiteRenderRequest.time(text, "from", now: now, zone: .gmt) }
            ?? 0
        let until =
            try params["until"].map { (text) throws(GraphiteError) in try GraphiteRenderRequest.time(text, "until", now: now, zone: .gmt) }
            ?? now
        let tags = params["tags"].map { $0.split(separator: " ").map(String.init) } ?? []
        let any = params["set"] == "union"
        let events = GraphiteEvent.all(in: await state.engine.snapshot()).filter { e in
            e.when >= from * 1000 && e.when < (until + 1) * 1000 && e.matches(tags, any: any)
        }
        return GraphiteRoutes.json(.array(events.map(\.json)), jsonp: params["jsonp"])
    }

    static func detail(_ id: String, state: ServerState) async throws -> Response {
        guard let event = GraphiteEvent.all(in: await state.engine.snapshot()).first(where: { String($0.id) == id }) else {
            throw HTTPError(.notFound, message: "Event matching query does not exist")
        }
        return GraphiteRoutes.json(event.json, jsonp: nil)
    }

    static func delete(_ request: Request, id: String, state: ServerState) async throws -> Response {
        try WriteAuth.check(request, token: state.options.writeToken)
        guard let event = GraphiteEvent.all(in: await state.engine.snapshot()).first(where: { String($0.id) == id }) else {
            throw HTTPError(.notFound, message: "Event matching query does not exist")
        }
        do { try await state.engine.delete([event.key]) } catch {
            let (status, message) = WriteFailure.reply(to: error)
            throw HTTPError(status, message: message)
        }
        return GraphiteRoutes.json(.object([("deleted", .int(Int(event.id)))]), jsonp: nil)
    }

    /// The events to draw on a chart for the `events` graph parameter (tags separated by spaces or
    /// commas; `*` for every event), as annotations labelled with `what`.
    static func annotations(_ parameter: String?, snapshot: Aggregator, from: EpochMillis, until: EpochMillis) -> [Annotation] {
        guard let parameter, !parameter.isEmpty else { return [] }
        let tags = parameter == "*" ? [] : parameter.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        return GraphiteEvent.all(in: snapshot).filter { $0.when >= from && $0.when < until && $0.matches(tags, any: true) }
            .suffix(ChartSpec.maxAnnotations).map { Annotation(time: $0.when, label: String($0.what.prefix(60))) }
    }
}
