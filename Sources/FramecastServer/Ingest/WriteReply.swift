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
            let refusedAll = outcome.accepted == 0 && outcome.rejected > 0
            return json(refusedAll ? .badRequest : .ok, json(outcome))
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
        let text: String
        switch dialect {
        case .framecast: text = "{\"error\":{\"message\":\(ColumnsJSON.string(message))}}\n"
        case .influxV1: text = "{\"error\":\(ColumnsJSON.string(message))}\n"
        case .influxV2:
            let code =
                status == .tooManyRequests
                ? "too many requests"
                : status == .unauthorized
                    ? "unauthorized"
                    : status == .contentTooLarge ? "request too large" : "invalid"
            text = "{\"code\":\(ColumnsJSON.string(code)),\"message\":\(ColumnsJSON.string(message))}\n"
        }
        return json(status, text)
    }

    static func json(_ outcome: WriteOutcome) -> String {
        var text = "{\"accepted\":\(outcome.accepted),\"rejected\":\(outcome.rejected),\"rejectedByReason\":{"
        var reasons: [(String, Int)] = [("invalidLine", outcome.invalidLines)]
        reasons += PointRejection.allCases.map { ($0.name, outcome.storeRejected[$0]) }
        text += reasons.filter { $0.1 > 0 }.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",")
        text += "},\"rejectedLines\":["
        text += outcome.listed.map { "{\"line\":\($0.line),\"reason\":\(ColumnsJSON.string($0.reason.description))}" }.joined(
            separator: ",")
        text += "],\"skippedFields\":\(outcome.skippedFields),\"duplicate\":\(outcome.duplicate)}\n"
        return text
    }

    static func json(_ status: HTTPResponse.Status, _ text: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
