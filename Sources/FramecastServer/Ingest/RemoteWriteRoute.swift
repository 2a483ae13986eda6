import FramecastCore
import FramecastProtocols
import Hummingbird
import NIOCore

/// `POST /api/v1/prom/write`: Prometheus remote_write 1.0 (a snappy block holding a protobuf
/// `WriteRequest`), through the same token, body limits, backlog and durable pipeline as every
/// write. Answers as Prometheus expects: 204 once stored durably; 400 for a malformed body or
/// refused samples (the valid samples of the request are kept, and the JSON body says which were
/// refused; Prometheus does not retry a 400); backpressure and store trouble 503 with
/// Retry-After, never 429, because Prometheus retries 5xx with backoff but drops on 429 by default.
enum RemoteWriteRoute {
    static let metricsName = "prom_remote_write"

    static func write(_ request: Request, state: ServerState) async -> Response {
        let response = await process(request, state: state)
        IngestMetrics.request(metricsName, status: Int(response.status.code))
        return response
    }

    private static func process(_ request: Request, state: ServerState) async -> Response {
        let limits = state.options.ingest
        let body: WriteBody
        do {
            try WriteAuth.check(request, token: state.options.writeToken)
            let parameters = QueryParameters(request.queryPairs, allowed: [])
            do { try parameters.check() } catch { throw IngestError.badParameter(error) }
            let encoding = request.headers[.contentEncoding]?.lowercased() ?? ""
            guard encoding == "snappy" else {
                throw IngestError.badParameter(
                    ParameterError("Content-Encoding", "remote_write bodies are snappy-compressed: send 'Content-Encoding: snappy'"))
            }
            body = try await WriteBody.read(request, limits: limits, backlog: state.ingestBacklog, passing: ["snappy"])
        } catch let error as IngestError {
            return reply(error)
        } catch {
            return reply(.badParameter(ParameterError("body", "\(error)")))
        }
        var reserved = body.reserved
        defer { state.ingestBacklog.release(reserved) }
        // The decompressed bytes count against the shared backlog like a gunzipped body's.
        let declared = body.bytes.withUnsafeReadableBytes { SnappyBlock.declaredLength($0) } ?? 0
        if declared > 0, declared <= limits.maxBodyBytes {
            guard state.ingestBacklog.tryReserve(declared) else { return reply(.backlogFull(retryAfter: limits.retryAfterSeconds)) }
            reserved += declared
        }
        let now = ServerClock.now()
        let options = ParseOptions(now: now, maxReportedRejections: limits.maxListedRejections)
        var batch = await state.engine.makeBatch()
        let decoded = body.bytes.withUnsafeReadableBytes { raw in
            Result { () throws(RemoteWriteDecoder.Failure) in
                try RemoteWriteDecoder.decode(raw, limit: limits.maxBodyBytes, options: options, into: &batch)
            }
        }
        if case .failure(let error) = decoded {
            return WriteReply.error(.badRequest, message: error.description, dialect: .framecast)
        }
        do {
            let outcome = try await IngestPipeline.ingest(batch, now: now, engine: state.engine)
            guard outcome.rejected > 0 || outcome.newSeriesRefused != nil else { return Response(status: .noContent) }
            return WriteReply.json(.badRequest, WriteReplyBody(outcome))
        } catch {
            let (status, message) = WriteFailure.reply(to: error)
            if status.code >= 500 { state.logger.error("remote_write could not be made durable", metadata: ["error": "\(error)"]) }
            return serviceUnavailableIfRetryable(
                WriteReply.error(status, message: message, dialect: .framecast), retryAfter: String(limits.retryAfterSeconds))
        }
    }

    /// A refused write as Prometheus must see it: 429 (backlog full) becomes 503 with Retry-After.
    static func reply(_ error: IngestError) -> Response {
        serviceUnavailableIfRetryable(WriteReply.response(error, dialect: .framecast), retryAfter: error.headers[.retryAfter])
    }

    static func serviceUnavailableIfRetryable(_ response: Response, retryAfter: String?) -> Response {
        var response = response
        if response.status == .tooManyRequests || response.status.code >= 500 {
            response.status = .serviceUnavailable
            if response.headers[.retryAfter] == nil { response.headers[.retryAfter] = retryAfter ?? "1" }
        }
        return response
    }
}
