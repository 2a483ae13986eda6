import FramecastCore
import HTTPTypes
import Hummingbird

/// The write endpoints: `POST /api/v1/write` (Graphite, Influx, CSV, JSON) and the
/// InfluxDB-compatible `POST /write`, `POST /api/v2/write` (plus `/ping` and a `/query` that
/// accepts `CREATE DATABASE`, which Telegraf's influxdb output sends on start).
enum IngestRoutes {
    static func register(on router: Router<FramecastApplication.Context>, state: ServerState) {
        let writer = HTTPWriter(state: state)
        router.post("/api/v1/write") { request, _ in await writer.write(request, dialect: .framecast) }
        router.post("/write") { request, _ in await writer.write(request, dialect: .influxV1) }
        router.post("/api/v2/write") { request, _ in await writer.write(request, dialect: .influxV2) }
        router.post("/api/v1/prom/write") { request, _ in await RemoteWriteRoute.write(request, state: state) }
        router.delete("/api/v1/series") { request, _ in await DeleteSeriesRoute.delete(request, state: state) }
        router.get("/ping") { _, _ in ping() }
        router.head("/ping") { _, _ in ping() }
        router.post("/query") { request, _ in try await InfluxQueryStub.answer(request, state: state) }
    }

    static func ping() -> Response {
        var headers = HTTPFields()
        headers[HTTPField.Name("X-Influxdb-Version")!] = "1.8-framecast"
        return Response(status: .noContent, headers: headers)
    }
}

/// One write over HTTP: token, parameters, body within the limits, then the shared pipeline.
/// The answer goes out only after the engine returned, that is once the batch is durable.
struct HTTPWriter: Sendable {
    let state: ServerState

    func write(_ request: Request, dialect: WriteDialect) async -> Response {
        let response = await process(request, dialect: dialect)
        IngestMetrics.request(dialect.rawValue, status: Int(response.status.code))
        return response
    }

    private func process(_ request: Request, dialect: WriteDialect) async -> Response {
        let limits = state.options.ingest
        let body: WriteBody
        let asked: WriteRequest
        do {
            try WriteAuth.check(request, token: state.options.writeToken)
            asked = try WriteRequest(request, dialect: dialect, limits: limits, now: ServerClock.now())
            body = try await WriteBody.read(request, limits: limits, backlog: state.ingestBacklog)
        } catch {
            return WriteReply.response(error, dialect: dialect)
        }
        defer { state.ingestBacklog.release(body.reserved) }
        let detected = asked.format ?? body.bytes.withUnsafeReadableBytes { InputFormat.detect($0) }
        guard let format = detected else {
            if body.bytes.readableBytes == 0 { return WriteReply.response(WriteOutcome(), dialect: dialect) }
            return WriteReply.response(.unknownFormat, dialect: dialect)
        }
        do {
            let outcome = try await IngestPipeline.ingest(
                body.bytes, format: format, options: asked.options,
                idempotencyKey: asked.idempotencyKey, engine: state.engine)
            return WriteReply.response(outcome, dialect: dialect)
        } catch {
            let (status, message) = WriteFailure.reply(to: error)
            if status.code >= 500 { state.logger.error("write could not be made durable", metadata: ["error": "\(error)"]) }
            return WriteReply.error(status, message: message, dialect: dialect)
        }
    }
}
