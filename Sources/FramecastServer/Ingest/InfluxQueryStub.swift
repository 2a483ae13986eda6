import Foundation
import Hummingbird

/// `POST /query` for Influx 1.x clients: Telegraf's influxdb output sends `CREATE DATABASE` on
/// start (unless `skip_database_creation`). Framecast has no databases, so that statement
/// succeeds and does nothing; anything else is refused with a message (no InfluxQL here).
enum InfluxQueryStub {
    static func answer(_ request: Request, state: ServerState) async throws -> Response {
        do { try WriteAuth.check(request, token: state.options.writeToken) } catch {
            return WriteReply.response(error, dialect: .influxV1)
        }
        var query = request.uri.queryParameters.get("q") ?? ""
        if query.isEmpty, let body = try? await request.body.collect(upTo: 64 << 10) {
            // Form-encoded body: q=CREATE+DATABASE+...
            let form = String(buffer: body)
            for pair in form.split(separator: "&") where pair.hasPrefix("q=") {
                query = String(pair.dropFirst(2)).removingPercentEncoding ?? ""
            }
        }
        let statement = query.replacingOccurrences(of: "+", with: " ").trimmingCharacters(in: .whitespaces).uppercased()
        if statement.hasPrefix("CREATE DATABASE") {
            return try JSONBody.response(InfluxResults())
        }
        return WriteReply.error(
            .badRequest, message: "framecast accepts writes only; query data with /api/v1/query or /render", dialect: .influxV1)
    }
}

/// InfluxDB 1.x's answer to one statement that returned nothing: `{"results":[{"statement_id":0}]}`.
struct InfluxResults: Encodable {
    struct Statement: Encodable {
        var statementID = 0
        enum CodingKeys: String, CodingKey { case statementID = "statement_id" }
    }

    var results = [Statement()]
}
