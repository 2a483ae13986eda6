import FramecastCore
import Hummingbird

/// How each dialect answers a write that was processed, and a refused one.
enum WriteReply {
    /// `/api/v1/write`: 200 with the counts; 400 (same body) when lines were sent and none stored.
    /// Influx endpoints: 204 when everything was stored, else 400 "partial write" as InfluxDB does
    /// (the stored points stay stored; Telegraf does not retry a 400).
    static func response(_ outcome: WriteOutcome, dialect: WriteDialect) -> Response {
        switch dialect {
        case .framecast:
            // Refusing a write's new series is a 400 even when its known series were stored.
            let refused = (outcome.accepted == 0 && outcome.rejected > 0) || outcome.newSeriesRefused != nil
            return json(refused ? .badRequest : .ok, WriteReplyBody(outcome))
        case .influxV1, .influxV2:
            guard outcome.rejected > 0 else { return Response(status: .noContent) }
            let message = "partial write: \(outcome.accepted) points stored; \(outcome.summary)"
            return error(.badRequest, message: message, dialect: dialect)
        }
    }

    static func response(_ failure: IngestError, dialect: WriteDialect) -> Response {
        var response = error(failure.status, message: failure.description, dialect: dialect)
        for field in failure.headers { response.headers.append(field) }
        return response
    }

    /// `{"error":{"message":…}}` like every Hummingbird error; Influx's own shapes for its clients.
    static func error(_ status: HTTPResponse.Status, message: String, dialect: WriteDialect) -> Response {
        switch dialect {
        case .framecast: return json(status, FramecastError(error: .init(message: message)))
        case .influxV1: return json(status, InfluxV1Error(error: message))
        case .influxV2:
            let code =
                status == .tooManyRequests
                ? "too many requests"
                : status == .unauthorized
                    ? "unauthorized"
                    : status == .contentTooLarge ? "request too large" : "invalid"
            return json(status, InfluxV2Error(code: code, message: message))
        }
    }

    /// A JSON reply; these values always encode, so a failure is a bug worth a 500 with its reason.
    static func json(_ status: HTTPResponse.Status, _ value: some Encodable) -> Response {
        do {
            return try JSONBody.response(value, status: status)
        } catch {
            return Response(
                status: .internalServerError, body: .init(byteBuffer: ByteBuffer(string: "cannot encode the reply: \(error)\n")))
        }
    }

    private struct FramecastError: Encodable {
        struct Message: Encodable { let message: String }
        let error: Message
    }

    private struct InfluxV1Error: Encodable { let error: String }

    private struct InfluxV2Error: Encodable {
        let code: String
        let message: String
    }
}

/// The `/api/v1/write` reply: what was stored and what was refused, by reason and by line.
struct WriteReplyBody: Encodable {
    struct Line: Encodable {
        let line: Int
        let reason: String
    }

    let accepted: Int
    let rejected: Int
    let rejectedByReason: [String: Int]
    let rejectedLines: [Line]
    let skippedFields: Int
    let duplicate: Bool
    /// Present when the write named more new series than a write may create.
    let newSeriesRefused: NewSeries?
    let error: ErrorMessage?

    struct NewSeries: Encodable {
        let count: Int
        let limit: Int
        let points: Int
        let series: [String]
    }

    struct ErrorMessage: Encodable { let message: String }

    init(_ outcome: WriteOutcome) {
        accepted = outcome.accepted
        rejected = outcome.rejected
        var reasons: [(String, Int)] = [("invalidLine", outcome.invalidLines)]
        reasons += PointRejection.allCases.map { ($0.name, outcome.storeRejected[$0]) }
        rejectedByReason = Dictionary(uniqueKeysWithValues: reasons.filter { $0.1 > 0 })
        rejectedLines = outcome.listed.map { Line(line: $0.line, reason: $0.reason.description) }
        skippedFields = outcome.skippedFields
        duplicate = outcome.duplicate
        newSeriesRefused = outcome.newSeriesRefused.map {
            NewSeries(count: $0.count, limit: $0.limit, points: $0.points, series: $0.examples)
        }
        error = outcome.newSeriesRefused.map { ErrorMessage(message: $0.description) }
    }
}
